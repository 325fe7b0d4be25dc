"""The way every page is served: store check, session, role, CSRF, then the page itself.

A page is a plain function ``(Visit) -> Response`` wrapped by :func:`page`, which runs it in a
worker thread inside one database transaction (committed when it returns, rolled back when it
raises) after these checks, in this order:

1. the store: reachable and at the newest migration, else the 503 page saying what to run;
2. who is asking: in local mode the person at the machine (an editor); in team mode the user
   of a valid session cookie, or nobody (a page that needs a login redirects to ``/login``;
   a form sent without one is refused, 403);
3. the role the page needs (403, enforced here, not by hiding a button);
4. for a POST, the form's CSRF token (403).

A :class:`PageError` raised anywhere becomes an error page with its status, in the site's
layout, and rolls the transaction back.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from tracker.db import SCHEMA_HEAD, transaction
from tracker.enums import WebRole
from tracker.web.auth import COOKIE, CookieSigner, SessionCookie, Viewer, expiry, new_session
from tracker.web.cache import FigureCache
from tracker.web.security import CSRF_FIELD, csrf_ok, same_origin
from tracker.web.settings import WebSettings

Handler = Callable[["Visit"], Response]
Endpoint = Callable[[Request], Awaitable[Response]]


class PageError(Exception):
    """A request the page cannot serve: shown as an error page with this status."""

    status = 400

    def __init__(self, title: str, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.title = title
        self.message = message
        if status is not None:
            self.status = status


class StoreUnavailable(PageError):
    """The database cannot be reached or is not at the newest migration (503)."""

    status = 503


@dataclass(frozen=True)
class NavItem:
    """A page of the header's navigation (shown when the app has a route of that name)."""

    name: str
    label: str
    path: str
    role: WebRole = WebRole.READER


#: The spec's pages in its order; the app shows those it has.
NAV: tuple[NavItem, ...] = (
    NavItem("dashboard", "Dashboard", "/"),
    NavItem("stats-needs", "Statistics", "/stats/needs"),
    NavItem("states", "States", "/states"),
    NavItem("reports", "Reports", "/reports"),
    NavItem("import", "Import", "/import", WebRole.EDITOR),
    NavItem("entry", "Data entry", "/entry", WebRole.EDITOR),
    NavItem("compliance", "Compliance", "/compliance"),
    NavItem("plans", "Plans", "/plans"),
    NavItem("indicators", "Indicators", "/indicators"),
    NavItem("downloads", "Downloads", "/downloads"),
    NavItem("history", "History", "/history"),
)


@dataclass
class WebState:
    """What every request shares: settings, engine, templates, cookie signer, pages present."""

    settings: WebSettings
    engine: Engine
    render_template: Callable[[str, dict[str, Any]], str]
    signer: CookieSigner
    nav: tuple[NavItem, ...] = ()
    figures: FigureCache = field(default_factory=FigureCache)  # computed figures, by generation

    @property
    def home(self) -> str:
        """Where "the tracker" opens: the dashboard, else the first page there is."""
        return self.nav[0].path if self.nav else "/healthz"


@dataclass
class Visit:
    """One request being served: the request, its transaction, who asks, the session."""

    request: Request
    web: WebState
    db: Session
    cookie: SessionCookie
    viewer: Viewer | None
    form: FormData | None
    sample_data: bool = False
    write_cookie: bool = False
    ended: str | None = None  # why a session just ended (idle, age, ended)

    @property
    def params(self) -> dict[str, str]:
        """The query parameters (the last value of each)."""
        return dict(self.request.query_params)

    def context(self, **values: Any) -> dict[str, Any]:
        """What every template gets, plus ``values``."""
        return (
            base_context(
                self.web, self.request.url.path, self.viewer, self.cookie, self.sample_data
            )
            | values
        )

    def render(self, template: str, status: int = 200, **values: Any) -> Response:
        """A page from ``template``, with the session cookie written when it changed."""
        body = self.web.render_template(template, self.context(**values))
        return self.finish(HTMLResponse(body, status_code=status))

    def redirect(self, url: str) -> Response:
        """A 303 redirect (after a form: the browser asks for ``url`` with GET)."""
        return self.finish(RedirectResponse(url, status_code=303))

    def start_session(self, cookie: SessionCookie) -> None:
        """Replace the session (at login and logout: a new id and a new CSRF token)."""
        self.cookie = cookie
        self.write_cookie = True

    def finish(self, response: Response) -> Response:
        """Write the session cookie onto ``response`` when it is new or changed."""
        if self.write_cookie:
            set_cookie(self.web, self.request, response, self.cookie)
        return response


def set_cookie(web: WebState, request: Request, response: Response, cookie: SessionCookie) -> None:
    """The session cookie: HttpOnly, SameSite=Lax, Secure over HTTPS, for the whole site."""
    response.set_cookie(
        COOKIE,
        web.signer.dump(cookie),
        max_age=int(web.settings.session_max.total_seconds()),
        path="/",
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )


def base_context(
    web: WebState,
    path: str,
    viewer: Viewer | None,
    cookie: SessionCookie | None,
    sample_data: bool,
) -> dict[str, Any]:
    """The layout's values: navigation, who, the banner, the database's name, the token."""
    from tracker import __version__

    nav = [
        {
            "label": n.label,
            "path": n.path,
            "current": path == n.path or path.startswith(n.path + "/"),
        }
        for n in web.nav
        if viewer is not None and viewer.may(n.role)
    ]
    return {
        "nav": nav,
        "home": web.home,
        "viewer": viewer,
        "csrf_token": cookie.csrf if cookie else "",
        "csrf_field_name": CSRF_FIELD,
        "sample_data": sample_data,
        "database_name": web.settings.database_name,
        "mode": web.settings.mode,
        "version": __version__,
    }


# -- the checks -------------------------------------------------------------------------------


def check_store(db: Session) -> None:
    """Refuse to serve from a database that is not at the newest migration (503)."""
    try:
        db.connection()
    except DBAPIError as exc:
        raise unreachable(exc) from exc
    try:
        revision = db.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except DBAPIError:  # no alembic_version table: no schema at all
        db.rollback()
        revision = []
    current = revision[0] if len(revision) == 1 else None
    if current != SCHEMA_HEAD:
        state = (
            "has no schema" if current is None else f"is at revision {current}, not {SCHEMA_HEAD}"
        )
        raise StoreUnavailable(
            "The database is not ready",
            f"the database {state}: run `tracker db upgrade` (with the same --db) first, "
            "then reload this page",
        )


def unreachable(exc: Exception) -> StoreUnavailable:
    """The 503 for a database that cannot be reached (no URL or password in the message)."""
    kind = type(getattr(exc, "orig", None) or exc).__name__
    return StoreUnavailable(
        "The database cannot be reached",
        f"the tracker cannot reach its database ({kind}): check that the database server is "
        "running and reachable, then reload this page. Nothing was changed.",
    )


def _is_sample_store(db: Session) -> bool:
    from tracker.samples import sample_hashes
    from tracker.services.store import holds_files

    return holds_files(db, sample_hashes())


def _who(
    web: WebState, db: Session, cookie: SessionCookie | None
) -> tuple[Viewer | None, str | None]:
    """Who a request's cookie names (None when nobody), and why a session just ended."""
    from tracker.services.users import count_users, session_user

    if web.settings.local:
        if count_users(db):
            raise StoreUnavailable(
                "Local mode is over",
                "web users were added to this store, so it no longer runs without a login: "
                "stop tracker serve and start it again without --local, then log in",
            )
        return Viewer("local", WebRole.EDITOR, local=True), None
    if cookie is None or not cookie.logged_in:
        return None, None
    reason = expiry(cookie, idle=web.settings.session_idle, most=web.settings.session_max)
    if reason is not None:
        return None, reason
    assert cookie.uid is not None and cookie.name is not None and cookie.version is not None
    user = session_user(db, cookie.uid, cookie.name, cookie.version, cookie.sid)
    if user is None:
        return None, "ended"
    return Viewer(user.name, WebRole(user.role)), None


def open_visit(web: WebState, request: Request, db: Session, form: FormData | None) -> Visit:
    """The visit: store checked, session read (a new anonymous one when there is none)."""
    from tracker.web.auth import touched

    check_store(db)
    cookie = web.signer.load(request.cookies.get(COOKIE))
    viewer, ended = _who(web, db, cookie)
    visit = Visit(request, web, db, cookie or new_session(), viewer, form, ended=ended)
    if cookie is None or ended is not None:
        visit.start_session(new_session())
    elif cookie.logged_in:
        fresher = touched(cookie)
        if fresher is not None:
            visit.start_session(fresher)
    # Whether the store holds the samples changes only with the store: the figure cache keeps it.
    visit.sample_data = web.figures.get(db, "sample-data", lambda: _is_sample_store(db))
    return visit


def login_url(request: Request, ended: str | None = None) -> str:
    """``/login`` with the page to come back to (and why the session ended)."""
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    params = {"next": here} | ({"ended": ended} if ended else {})
    return "/login?" + urlencode(params)


def _require(visit: Visit, role: WebRole) -> Response | None:
    """A redirect to the login (GET without a user), else None; refusals raise 403."""
    if visit.viewer is None:
        if visit.request.method in ("GET", "HEAD"):
            return visit.redirect(login_url(visit.request, visit.ended))
        raise PageError(
            "Log in first",
            "You are not logged in (or your session has ended), so this form was not sent. "
            "Log in and try again.",
            status=403,
        )
    if not visit.viewer.may(role):
        raise PageError(
            "Not allowed",
            f"Your role ({visit.viewer.role.value}) cannot do this: it needs an "
            f"{role.value}. Nothing was changed. Ask an admin if you need it.",
            status=403,
        )
    return None


def _check_form(visit: Visit) -> None:
    """Refuse a POST without this session's CSRF token, or from another site (403)."""
    request = visit.request
    token = visit.form.get(CSRF_FIELD) if visit.form is not None else None
    host = request.headers.get("host", "")
    if not csrf_ok(visit.cookie.csrf, token) or not same_origin(request.headers, host):
        raise PageError(
            "This form has expired",
            "The form did not carry this session's security token (it was sent from another "
            "page, another site, or before you logged in again), so nothing was done. Go back, "
            "reload the page and send it again. The tracker needs cookies to be allowed.",
            status=403,
        )


def error_response(
    web: WebState, request: Request, exc: PageError, visit: Visit | None = None
) -> Response:
    """The error page for ``exc`` (in the layout, with who is asking when known)."""
    viewer = visit.viewer if visit else None
    cookie = visit.cookie if visit else None
    sample = visit.sample_data if visit else False
    context = base_context(web, request.url.path, viewer, cookie, sample)
    body = web.render_template(
        "error.html", context | {"title": exc.title, "message": exc.message, "status": exc.status}
    )
    response = HTMLResponse(body, status_code=exc.status)
    return visit.finish(response) if visit else response


def page(role: WebRole | None = WebRole.READER) -> Callable[[Handler], Endpoint]:
    """Make ``handler`` a Starlette endpoint that serves it with the checks above.

    ``role``: what the page needs (None: anyone, e.g. the login page).
    """

    def decorate(handler: Handler) -> Endpoint:
        @functools.wraps(handler)
        async def endpoint(request: Request) -> Response:
            form = await request.form() if request.method == "POST" else None
            try:
                return await run_in_threadpool(_serve, request, form, role, handler)
            finally:
                if form is not None:
                    await form.close()

        return endpoint

    return decorate


def _serve(
    request: Request, form: FormData | None, role: WebRole | None, handler: Handler
) -> Response:
    web: WebState = request.app.state.web
    visit: Visit | None = None
    try:
        with transaction(web.engine) as db:
            visit = open_visit(web, request, db, form)
            if role is not None:
                redirect = _require(visit, role)
                if redirect is not None:
                    return redirect
            if request.method == "POST":
                _check_form(visit)
            return handler(visit)
    except PageError as exc:
        return error_response(web, request, exc, visit)
    except DBAPIError as exc:
        if not _is_connection_error(exc):
            raise
        return error_response(web, request, unreachable(exc), None)


def _is_connection_error(exc: DBAPIError) -> bool:
    """True when the database could not be reached (not a bug in a query)."""
    from sqlalchemy.exc import OperationalError

    return bool(exc.connection_invalidated) or isinstance(exc, OperationalError)
