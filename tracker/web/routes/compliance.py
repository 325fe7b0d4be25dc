"""``/compliance``: who submitted the annual report for a year on time, late, or not at all.

Query ``year`` and ``on`` as ``tracker reports status --year --on`` (an ``on`` after today is
refused, as the CLI's exit 2): the sentences, the table of expected States (sortable and
filterable; ``show`` keeps one group: ``on-time``, ``late``, ``missing``, ``received``,
``not-yet-due``, ``date-unknown``), the counts, and the overdue initial reports.
``?format=json`` / ``?format=csv`` are the CLI's ``--format json`` / ``--format csv``. The
figures come from :func:`tracker.services.compliance.compute_reporting_status` through the
figure cache.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import Route

from tracker import clock
from tracker.compliance.dates import Status
from tracker.web import params
from tracker.web.figures import cached, cli_csv, cli_json, output_format
from tracker.web.links import state_href
from tracker.web.pages import PageError, Visit, page
from tracker.web.tables import Column, table_view

#: ``show``: which expected reports the table keeps (the sentences' groups).
SHOW: dict[str, frozenset[Status]] = {
    "all": frozenset(Status),
    "on-time": frozenset({Status.ON_TIME}),
    "late": frozenset({Status.LATE}),
    "missing": frozenset({Status.MISSING}),
    "received": frozenset({Status.ON_TIME, Status.LATE, Status.DATE_UNKNOWN}),
    "not-yet-due": frozenset({Status.NOT_YET_DUE}),
    "date-unknown": frozenset({Status.DATE_UNKNOWN}),
}
SHOW_LABELS = {
    "all": "all expected",
    "on-time": "on time",
    "late": "late",
    "missing": "missing",
    "received": "received (on time, late or date unknown)",
    "not-yet-due": "not yet due",
    "date-unknown": "received, date unknown",
}
COLUMNS = (
    Column("state", "State", link="href"),
    Column("name", "Name", link="href"),
    Column("due", "Due", "date"),
    Column("submitted", "Submitted", "date"),
    Column("status", "Status"),
    Column("days_late", "Days late", "number"),
)
OVERDUE_COLUMNS = (
    Column("state", "State", link="href"),
    Column("name", "Name", link="href"),
    Column("due", "Due", "date"),
    Column("days_overdue", "Days overdue", "number"),
)


@page()
def compliance_page(visit: Visit) -> Response:
    """The reporting status of a year judged on a day."""
    from tracker.compliance.output import render_csv, render_json, summary_line
    from tracker.compliance.sentences import long_date
    from tracker.errors import TrackerError
    from tracker.services.compliance import FIRST_YEAR, LAST_YEAR, compute_reporting_status

    fmt = output_format(visit)
    year = params.year(visit.params, "year", FIRST_YEAR, LAST_YEAR)
    on = params.day(visit.params, "on")
    show = params.choice(visit.params, "show", tuple(SHOW), "all")
    day = on or clock.today()
    try:
        status = cached(
            visit, ("compliance", year, day), lambda: compute_reporting_status(visit.db, year, day)
        )
    except TrackerError as exc:
        if fmt != "html":
            raise PageError("Nothing to download", str(exc), status=404) from exc
        return visit.render(
            "compliance.html", title="Reporting compliance", problem=str(exc), year=year, on=on
        )
    name = f"reporting-status-{status.year}-on-{status.on.isoformat()}"
    if fmt == "json":
        return visit.finish(cli_json(f"{name}.json", render_json(status)))
    if fmt == "csv":
        return visit.finish(cli_csv(f"{name}.csv", render_csv(status)))
    kept = SHOW[show]
    rows: list[dict[str, Any]] = [
        {
            "state": r.state,
            "name": status.name(r.state),
            "href": state_href(r.state),
            "due": r.due,
            "submitted": r.submitted,
            "status": r.status.value,
            "days_late": r.days_late,
        }
        for r in status.reports
        if r.status in kept
    ]
    overdue: list[dict[str, Any]] = [
        {
            "state": o.state,
            "name": status.name(o.state),
            "href": state_href(o.state),
            "due": o.due,
            "days_overdue": o.days_overdue,
        }
        for o in status.overdue_initial
    ]
    path = "/compliance"
    query = {k: v for k, v in (("year", year), ("on", on)) if v is not None}
    suffix = "&".join(f"{k}={v}" for k, v in query.items())
    return visit.render(
        "compliance.html",
        title="Reporting compliance",
        problem=None,
        reporting=status,
        year=year,
        on=on,
        show=show,
        show_labels=SHOW_LABELS,
        due_text=long_date(status.due),
        on_text=long_date(status.on),
        summary=summary_line(status),
        expected=table_view(
            rows, COLUMNS, visit.params, name="expected", path=path, default_sort="name"
        ),
        overdue=table_view(
            overdue,
            OVERDUE_COLUMNS,
            visit.params,
            name="overdue",
            path=path,
            default_sort="days_overdue",
            default_desc=True,
        ),
        json_href=f"{path}?{suffix + '&' if suffix else ''}format=json",
        csv_href=f"{path}?{suffix + '&' if suffix else ''}format=csv",
    )


ROUTES = [Route("/compliance", compliance_page, methods=["GET"], name="compliance")]
