"""The app factory: :func:`create_app` builds the Starlette app for some settings.

Layers, outermost first: :class:`~tracker.web.security.Guard` (host and proxy checks, size
limit, security headers, the 500 page), Starlette's exception layer (404, 405 and the
:class:`~tracker.web.pages.PageError` pages), the routes (``tracker/web/routes/``) and the
stylesheet under ``/static``.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import jinja2
from sqlalchemy.engine import Engine
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp

from tracker.web import formats
from tracker.web.auth import CookieSigner
from tracker.web.pages import NAV, PageError, WebState, base_context, error_response
from tracker.web.security import Guard, RequestTooLarge, log, server_error_text, too_large_text
from tracker.web.settings import WebSettings

HERE = Path(__file__).resolve().parent

HTTP_ERRORS = {
    404: (
        "Not found",
        "There is no page at this address. Use the links at the top of the page to find what "
        "you were looking for.",
    ),
    405: ("Not allowed here", "This address does not take this kind of request."),
}


def templates() -> jinja2.Environment:
    """The Jinja2 environment: every value is escaped unless a template says otherwise."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(HERE / "templates")),
        autoescape=jinja2.select_autoescape(["html"], default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        number=formats.number, day=formats.day, moment=formats.moment, count=formats.count
    )
    return env


def create_app(settings: WebSettings, *, engine: Engine | None = None) -> ASGIApp:
    """The web app for ``settings`` (on ``engine``, else one made from the settings' URL)."""
    from tracker.db import make_engine
    from tracker.web.routes import ROUTES

    env = templates()

    def render(name: str, context: dict[str, Any]) -> str:
        return env.get_template(name).render(context)

    routes: list[Route | Mount] = [
        *ROUTES,
        Mount("/static", app=StaticFiles(directory=HERE / "static"), name="static"),
    ]
    names = {getattr(r, "name", None) for r in ROUTES}
    state = WebState(
        settings=settings,
        engine=engine or make_engine(settings.database_url),
        render_template=render,
        signer=CookieSigner(settings.secret_key),
        nav=tuple(item for item in NAV if item.name in names),
    )

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        title, message = HTTP_ERRORS.get(exc.status_code, ("Refused", str(exc.detail)))
        return error_response(state, request, PageError(title, message, status=exc.status_code))

    async def too_large(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestTooLarge)
        title, message = too_large_text(exc.limit)
        response = error_response(state, request, PageError(title, message, status=413))
        response.headers["connection"] = "close"
        return response

    async def server_error(request: Request, exc: Exception) -> Response:
        # Starlette logs nothing itself before re-raising to the server; the id ties the page
        # a person reports to the traceback in the log.
        error_id = secrets.token_hex(4)
        log.error("error %s on %s %s", error_id, request.method, request.url.path, exc_info=exc)
        title, message = server_error_text(error_id)
        return error_response(state, request, PageError(title, message, status=500))

    app = Starlette(
        routes=routes,
        exception_handlers={
            HTTPException: http_error,
            RequestTooLarge: too_large,
            Exception: server_error,
        },
    )
    app.state.web = state

    def error_page(
        status: int, title: str, message: str
    ) -> tuple[list[tuple[bytes, bytes]], bytes]:
        context = base_context(state, "", None, None, False)
        body = render(
            "error.html", context | {"title": title, "message": message, "status": status}
        )
        return [(b"content-type", b"text/html; charset=utf-8")], body.encode()

    return Guard(app, settings, error_page)
