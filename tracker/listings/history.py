"""``tracker reports history``: import runs and other audited writes, newest first.

Text: a run is a heading line and one line per file; an event (a withdrawal, a reinstatement,
an extension decision, whatever its action) is a heading line with its subject, then its
reason and detail. Times are UTC.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from tracker.listings.formats import iso
from tracker.services.audit import EventSummary, FileOutcome, RunSummary

Entry = RunSummary | EventSummary


def _when(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def _who(os_user: str, host: str, app_user: str | None = None) -> str:
    who = f"{os_user}@{host}"
    return f"{app_user} (web, on {who})" if app_user else who


def text_lines(entries: Sequence[Entry]) -> Iterator[str]:
    """The entries as lines of text, newest first as given."""
    for entry in entries:
        if isinstance(entry, EventSummary):
            yield (
                f"{_when(entry.at)} {entry.action} by "
                f"{_who(entry.os_user, entry.host, entry.app_user)}: {entry.subject}"
            )
            if entry.reason:
                yield f"  reason: {entry.reason}"
            if entry.detail:
                yield f"  detail: {entry.detail}"
            continue
        # A run without a finish time is still running, or was killed or lost its connection:
        # its files stored before that stay (each file is its own transaction); re-running it
        # completes it.
        unfinished = "" if entry.finished_at else " [not finished: running or interrupted]"
        yield (
            f"run {entry.run_id}: {_when(entry.started_at)} by {_who(entry.os_user, entry.host)} "
            f"(tracker {entry.tracker_version}): {entry.arguments}{unfinished}"
        )
        for f in entry.files:
            where = f" {f.state_iso3} {f.reporting_year}" if f.state_iso3 else ""
            sha = f" {f.sha256[:12]}" if f.sha256 else ""
            yield f"  {f.outcome:11} {f.path}{where}{sha}"


def _file_json(f: FileOutcome) -> dict[str, object]:
    return {
        "path": f.path,
        "sha256": f.sha256,
        "outcome": f.outcome,
        "state": f.state_iso3,
        "reporting_year": f.reporting_year,
        "errors": f.errors,
        "warnings": f.warnings,
    }


def entry_json(entry: Entry) -> dict[str, object]:
    """One entry of ``history`` in the JSON document (``kind`` says which shape)."""
    if isinstance(entry, EventSummary):
        return {
            "kind": "event",
            "id": entry.event_id,
            "at": iso(entry.at),
            "action": entry.action,
            "subject": entry.subject,
            "reason": entry.reason,
            "detail": entry.detail,
            "os_user": entry.os_user,
            "host": entry.host,
            "app_user": entry.app_user,
            "tracker_version": entry.tracker_version,
        }
    return {
        "kind": "import",
        "id": entry.run_id,
        "at": iso(entry.started_at),
        "finished_at": iso(entry.finished_at),
        "arguments": entry.arguments,
        "os_user": entry.os_user,
        "host": entry.host,
        "tracker_version": entry.tracker_version,
        "files": [_file_json(f) for f in entry.files],
    }


def as_json(entries: Sequence[Entry]) -> dict[str, object]:
    """``{"history": [...]}``, newest first."""
    return {"history": [entry_json(e) for e in entries]}
