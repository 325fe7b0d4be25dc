"""``/``: until the dashboard exists (phase 2 of issue 16), the first page of the navigation."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from tracker.web.pages import Visit, page


@page()
def home(visit: Visit) -> Response:
    """Send the visitor to the first page of the navigation (after the login in team mode)."""
    return visit.redirect(visit.web.home)


ROUTES = [Route("/", home, methods=["GET"], name="home")]
