"""The store's history as the web's ``/history`` shows and downloads it: who, when, what.

Import runs (with their files) and the other writes of the audit trail (withdrawals,
reinstatements, extension decisions, users...).

The runs come from :func:`tracker.services.audit.history`, the events from
:func:`tracker.services.audit.events`.
The JSON and CSV shapes are built here, once, for every caller.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from tracker.services.audit import EventSummary, RunSummary

RUN_FILE_COLUMNS = (
    "run",
    "started_at",
    "finished_at",
    "os_user",
    "host",
    "app_user",
    "tracker_version",
    "arguments",
    "path",
    "sha256",
    "outcome",
    "state",
    "reporting_year",
    "errors",
    "warnings",
)
EVENT_COLUMNS = (
    "event",
    "at",
    "os_user",
    "host",
    "app_user",
    "tracker_version",
    "action",
    "subject",
    "reason",
    "detail",
)


def who_ran(run: RunSummary) -> str:
    """``alice (web)`` for an import made through the web app, else ``user@host``."""
    return f"{run.app_user} (web)" if run.app_user else f"{run.os_user}@{run.host}"


def _iso(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).isoformat()


def run_shape(run: RunSummary) -> dict[str, Any]:
    """One import run as JSON."""
    return {
        "run": run.run_id,
        "started_at": _iso(run.started_at),
        "finished_at": _iso(run.finished_at),
        "os_user": run.os_user,
        "host": run.host,
        "app_user": run.app_user,
        "tracker_version": run.tracker_version,
        "arguments": run.arguments,
        "files": [
            {
                "path": f.path,
                "sha256": f.sha256,
                "outcome": f.outcome,
                "state": f.state_iso3,
                "reporting_year": f.reporting_year,
                "errors": f.errors,
                "warnings": f.warnings,
            }
            for f in run.files
        ],
    }


def event_shape(event: EventSummary) -> dict[str, Any]:
    """One audit event as JSON."""
    return {
        "event": event.event_id,
        "at": _iso(event.at),
        "os_user": event.os_user,
        "host": event.host,
        "app_user": event.app_user,
        "tracker_version": event.tracker_version,
        "action": event.action,
        "subject": event.subject,
        "reason": event.reason,
        "detail": event.detail,
    }


def history_shape(runs: Sequence[RunSummary], changes: Sequence[EventSummary]) -> dict[str, Any]:
    """``{"runs": [...], "events": [...]}``, newest first (``docs/web.md``)."""
    return {"runs": [run_shape(r) for r in runs], "events": [event_shape(e) for e in changes]}


def run_file_rows(runs: Sequence[RunSummary]) -> list[list[Any]]:
    """CSV rows: one per file of each run (a run without files gives one row of its own)."""
    rows: list[list[Any]] = []
    for run in runs:
        shape = run_shape(run)
        head = [shape[k] for k in RUN_FILE_COLUMNS[:8]]
        files = shape["files"] or [{}]
        for f in files:
            rows.append([*head, *(f.get(k) for k in RUN_FILE_COLUMNS[8:])])
    return rows


def event_rows(changes: Sequence[EventSummary]) -> list[list[Any]]:
    """CSV rows: one per audit event."""
    return [[event_shape(e)[k] for k in EVENT_COLUMNS] for e in changes]
