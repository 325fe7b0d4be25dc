"""The app's routes, one module per group of pages; :data:`ROUTES` is all of them.

A route's ``name`` is what the header's navigation looks for (:data:`tracker.web.pages.NAV`):
a page appears in the navigation once its module is listed here.
"""

from __future__ import annotations

from starlette.routing import Route

from tracker.web.routes import (
    assistance,
    auth,
    compliance,
    dashboard,
    downloads,
    entry,
    health,
    history,
    imports,
    indicators,
    plans,
    reports,
    states,
    stats,
)

ROUTES: list[Route] = [
    *dashboard.ROUTES,
    *auth.ROUTES,
    *health.ROUTES,
    *stats.ROUTES,
    *states.ROUTES,
    *reports.ROUTES,
    *imports.ROUTES,
    *entry.ROUTES,
    *compliance.ROUTES,
    *assistance.ROUTES,
    *plans.ROUTES,
    *indicators.ROUTES,
    *downloads.ROUTES,
    *history.ROUTES,
]
