"""The app's routes, one module per group of pages; :data:`ROUTES` is all of them.

A route's ``name`` is what the header's navigation looks for (:data:`tracker.web.pages.NAV`):
a page appears in the navigation once its module is listed here.
"""

from __future__ import annotations

from starlette.routing import Route

from tracker.web.routes import (
    auth,
    downloads,
    entry,
    health,
    history,
    home,
    imports,
    plans,
    reports,
)

ROUTES: list[Route] = [
    *home.ROUTES,
    *auth.ROUTES,
    *health.ROUTES,
    *plans.ROUTES,
    *history.ROUTES,
    *reports.ROUTES,
    *imports.ROUTES,
    *entry.ROUTES,
    *downloads.ROUTES,
]
