"""``/plans``: the action plans compared section by section, then each plan's sections.

The same table as ``tracker plans compare`` (``tracker/plans/compare.py``) and the same plans
as ``tracker plans show``; ``?format=json`` and ``?format=csv`` download them.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from tracker.web.downloads import csv_response, json_response
from tracker.web.pages import PageError, Visit, page


@page()
def plans_page(visit: Visit) -> Response:
    """The comparison table and every plan's sections and known actions."""
    from tracker.plans.compare import compare_plans
    from tracker.plans.output import comparison_rows, plans_shape
    from tracker.services.plans import plans_from_store

    plans = sorted(plans_from_store(visit.db), key=lambda p: (p.first_year, p.name))
    comparison = compare_plans(plans)
    fmt = visit.params.get("format", "html")
    if fmt == "json":
        return visit.finish(json_response("action-plans.json", plans_shape(plans, comparison)))
    if fmt == "csv":
        header, rows = comparison_rows(comparison)
        return visit.finish(csv_response("action-plans-comparison.csv", header, rows))
    if fmt != "html":
        raise PageError(
            "Unknown format", f"format={fmt} is not one of html, json, csv.", status=404
        )
    return visit.render("plans.html", title="Action plans", plans=plans, comparison=comparison)


ROUTES = [Route("/plans", plans_page, methods=["GET"], name="plans")]
