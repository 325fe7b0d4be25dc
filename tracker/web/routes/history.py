"""``/history``: who changed the store, when, and what — import runs and the other writes.

Import runs come from the audit trail as ``tracker reports history`` lists them, each with its
files on ``/history/runs/{id}``; the other writes (withdrawals, reinstatements, extension
decisions, users) from ``audit_events``. Both tables sort, filter and page by query parameters
(``?state=ISO3`` keeps the runs that touched a State); ``?format=json`` downloads both,
``?format=csv&table=runs`` (one row per file) or ``&table=events`` one of them.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import Route

from tracker.web.downloads import csv_response, json_response
from tracker.web.pages import PageError, Visit, page
from tracker.web.tables import Column, table_view

RUN_COLUMNS = (
    Column("run_id", "Run", "number", link="href"),
    Column("started_at", "Started (UTC)", "datetime"),
    Column("who", "By"),
    Column("files", "Files", "number"),
    Column("outcomes", "Outcomes"),
    Column("arguments", "Command"),
    Column("status", "Status"),
)
EVENT_COLUMNS = (
    Column("at", "When (UTC)", "datetime"),
    Column("who", "By"),
    Column("action", "Action"),
    Column("subject", "Subject"),
    Column("reason", "Reason"),
    Column("detail", "What changed"),
)
FILE_COLUMNS = (
    Column("path", "File"),
    Column("outcome", "Outcome"),
    Column("state", "State"),
    Column("reporting_year", "Year", "year"),
    Column("errors", "Errors", "number"),
    Column("warnings", "Warnings", "number"),
    Column("sha256", "SHA-256 (start)"),
)


def outcome_counts(outcomes: list[str]) -> str:
    """``3 imported, 1 rejected`` (in the order first met)."""
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome] = counts.get(outcome, 0) + 1
    return ", ".join(f"{n} {outcome}" for outcome, n in counts.items())


def _state(visit: Visit) -> str | None:
    from tracker.errors import TrackerError
    from tracker.reference import require_state

    wanted = visit.params.get("state", "").strip()
    if not wanted:
        return None
    try:
        return require_state(wanted)
    except TrackerError as exc:
        raise PageError("Unknown State", str(exc), status=404) from exc


@page()
def history_page(visit: Visit) -> Response:
    """Import runs and other writes, newest first."""
    from tracker.services.audit import events, history
    from tracker.services.history import (
        EVENT_COLUMNS as EVENT_FIELDS,
    )
    from tracker.services.history import (
        RUN_FILE_COLUMNS,
        event_rows,
        history_shape,
        run_file_rows,
        who_ran,
    )

    iso3 = _state(visit)
    runs = history(visit.db, iso3)
    changes = [] if iso3 else events(visit.db)
    fmt = visit.params.get("format", "html")
    suffix = f"-{iso3}" if iso3 else ""
    if fmt == "json":
        return visit.finish(json_response(f"history{suffix}.json", history_shape(runs, changes)))
    if fmt == "csv":
        table = visit.params.get("table", "runs")
        if table == "runs":
            return visit.finish(
                csv_response(f"import-runs{suffix}.csv", RUN_FILE_COLUMNS, run_file_rows(runs))
            )
        if table == "events":
            return visit.finish(csv_response("audit-events.csv", EVENT_FIELDS, event_rows(changes)))
        raise PageError("Unknown table", f"table={table} is not runs or events.", status=404)
    if fmt != "html":
        raise PageError(
            "Unknown format", f"format={fmt} is not one of html, json, csv.", status=404
        )

    run_rows: list[dict[str, Any]] = [
        {
            "run_id": r.run_id,
            "href": f"/history/runs/{r.run_id}",
            "started_at": r.started_at,
            "who": who_ran(r),
            "files": len(r.files),
            "outcomes": outcome_counts([f.outcome for f in r.files]),
            "arguments": r.arguments,
            "status": "finished" if r.finished_at else "not finished (running or interrupted)",
        }
        for r in runs
    ]
    event_list: list[dict[str, Any]] = [
        {
            "at": e.at,
            "who": e.who,
            "action": e.action,
            "subject": e.subject,
            "reason": e.reason,
            "detail": e.detail,
        }
        for e in changes
    ]
    params = visit.params
    path = "/history"
    return visit.render(
        "history.html",
        title="History",
        state=iso3,
        runs=table_view(
            run_rows,
            RUN_COLUMNS,
            params,
            name="runs",
            path=path,
            default_sort="run_id",
            default_desc=True,
        ),
        events=table_view(
            event_list,
            EVENT_COLUMNS,
            params,
            name="events",
            path=path,
            default_sort="at",
            default_desc=True,
        ),
    )


@page()
def run_page(visit: Visit) -> Response:
    """One import run: when, who, the command, and every file with its outcome."""
    from tracker.services.audit import history
    from tracker.services.history import who_ran

    raw = visit.request.path_params["run_id"]
    run = next((r for r in history(visit.db) if str(r.run_id) == raw), None)
    if run is None:
        raise PageError(
            "No such import run",
            f"There is no import run {raw}: the History page lists them all.",
            status=404,
        )
    rows = [
        {
            "path": f.path,
            "outcome": f.outcome,
            "state": f.state_iso3,
            "reporting_year": f.reporting_year,
            "errors": f.errors,
            "warnings": f.warnings,
            "sha256": f.sha256[:12] if f.sha256 else None,  # as tracker reports list shows it
        }
        for f in run.files
    ]
    path = f"/history/runs/{run.run_id}"
    return visit.render(
        "run.html",
        title=f"Import run {run.run_id}",
        run=run,
        who=who_ran(run),
        files=table_view(
            rows, FILE_COLUMNS, visit.params, name="files", path=path, default_sort="path"
        ),
    )


ROUTES = [
    Route("/history", history_page, methods=["GET"], name="history"),
    Route("/history/runs/{run_id}", run_page, methods=["GET"], name="history-run"),
]
