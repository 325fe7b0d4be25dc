"""The audit trail: import runs and their files, and every other write (:func:`record_event`).

An import run's row is written when the run starts, in its own transaction. A stored file's row
goes into the file's own transaction (:func:`record_files` on that transaction's connection), so
a run killed or stopped by a full disk still lists every file it stored. A rejected file's row is
written in a short transaction of its own, so it survives the rollback of the file itself (the
one exception to "a rejected file leaves the store as it was"). Other writes record their event
in the caller's transaction, beside the change itself.
:func:`trail` gives both kinds together, newest first (``tracker reports history``); events are
listed whatever their action, so a new kind of write needs no change here.
"""

from __future__ import annotations

import datetime as dt
import getpass
import re
import socket
from dataclasses import dataclass

from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from tracker import __version__, clock
from tracker.models import AuditEvent, ImportRun, ImportRunFile, Report, SourceFile

_SHA256 = re.compile(r"[0-9a-f]{64}")


def _now() -> dt.datetime:
    return clock.now()


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (containers): still record the run
        return "unknown"


def record_event(
    session: Session,
    action: str,
    subject: str,
    *,
    reason: str | None = None,
    detail: str | None = None,
    app_user: str | None = None,
) -> None:
    """Record a write in the caller's transaction (it lands or rolls back with the change)."""
    session.add(
        AuditEvent(
            at=_now(),
            os_user=_os_user(),
            host=socket.gethostname(),
            app_user=app_user,
            tracker_version=__version__,
            action=action,
            subject=subject,
            reason=reason,
            detail=detail,
        )
    )
    session.flush()


def start_run(engine: Engine, arguments: str, app_user: str | None = None) -> int:
    """Record the start of an import run; returns its id. ``app_user``: the web user."""
    with engine.begin() as conn:
        result = conn.execute(
            insert(ImportRun)
            .values(
                started_at=_now(),
                os_user=_os_user(),
                host=socket.gethostname(),
                tracker_version=__version__,
                arguments=arguments,
                app_user=app_user,
            )
            .returning(ImportRun.id)
        )
        return int(result.scalar_one())


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one file of a run."""

    path: str
    sha256: str | None
    outcome: str
    state_iso3: str | None = None
    reporting_year: int | None = None
    errors: int = 0
    warnings: int = 0


def record_files(
    engine_or_connection: Engine | Connection, run_id: int, outcomes: list[FileOutcome]
) -> None:
    """Record the outcomes of files.

    On a connection the rows join its transaction (a stored file's row lands with the file); on
    an engine they get a transaction of their own (rejected files).
    """
    if not outcomes:
        return
    if isinstance(engine_or_connection, Engine):
        with engine_or_connection.begin() as conn:
            record_files(conn, run_id, outcomes)
        return
    from tracker.services.loading.loader import insert_rows

    now = _now()
    rows = [
        {
            "run_id": run_id,
            "path": o.path,
            "sha256": o.sha256,
            "outcome": o.outcome,
            "state_iso3": o.state_iso3,
            "reporting_year": o.reporting_year,
            "errors": o.errors,
            "warnings": o.warnings,
            "recorded_at": now,
        }
        for o in outcomes
    ]
    # The loader's bulk insert: on SQLite it skips SQLAlchemy's per-statement work, which
    # matters now that every stored file writes its own row.
    insert_rows(engine_or_connection, ImportRunFile.__tablename__, rows)


def add_warnings(engine: Engine, run_id: int, warnings: dict[str, int]) -> None:
    """Add warnings found after a file was stored (carry-forward notes) to its audit row."""
    if not warnings:
        return
    with engine.begin() as conn:
        for path, extra in warnings.items():
            conn.execute(
                update(ImportRunFile)
                .where(ImportRunFile.run_id == run_id, ImportRunFile.path == path)
                .values(warnings=ImportRunFile.warnings + extra)
            )


def finish_run(engine: Engine, run_id: int) -> None:
    """Mark the run finished."""
    with engine.begin() as conn:
        conn.execute(update(ImportRun).where(ImportRun.id == run_id).values(finished_at=_now()))


@dataclass(frozen=True)
class RunSummary:
    """One import run and its files, as ``tracker reports history`` shows it."""

    run_id: int
    started_at: dt.datetime
    finished_at: dt.datetime | None
    os_user: str
    host: str
    tracker_version: str
    arguments: str
    files: tuple[FileOutcome, ...]
    app_user: str | None = None  # the web user, for an import made through the web app


def history(
    session: Session, state: str | None = None, *, limit: int | None = None, files: bool = True
) -> list[RunSummary]:
    """Import runs, newest first; with ``state`` only runs that touched that State's reports.

    ``limit`` keeps the newest runs only (the dashboard's last runs), reading only their files;
    ``files`` False reads none (see :func:`outcome_counts` for a run's outcomes in a few rows).
    """
    run_query = select(ImportRun).order_by(ImportRun.id.desc())
    query = select(ImportRunFile).order_by(ImportRunFile.id)
    if state is not None:
        touched = select(ImportRunFile.run_id).where(ImportRunFile.state_iso3 == state)
        query = query.where(ImportRunFile.state_iso3 == state)
        run_query = run_query.where(ImportRun.id.in_(touched))
    if limit is not None:
        run_query = run_query.limit(limit)
    runs = list(session.scalars(run_query))
    if limit is not None:
        query = query.where(ImportRunFile.run_id.in_([r.id for r in runs]))
    by_run: dict[int, list[FileOutcome]] = {}
    for f in session.scalars(query) if files else ():
        by_run.setdefault(f.run_id, []).append(
            FileOutcome(
                f.path, f.sha256, f.outcome, f.state_iso3, f.reporting_year, f.errors, f.warnings
            )
        )
    return [
        RunSummary(
            r.id,
            as_utc(r.started_at),
            as_utc(r.finished_at) if r.finished_at else None,
            r.os_user,
            r.host,
            r.tracker_version,
            r.arguments,
            tuple(by_run.get(r.id, ())),
            r.app_user,
        )
        for r in runs
    ]


def outcome_counts(session: Session, run_ids: list[int]) -> dict[int, list[tuple[str, int]]]:
    """Each run's files counted by outcome, in the order the outcomes were first met."""
    rows = session.execute(
        select(
            ImportRunFile.run_id, ImportRunFile.outcome, func.count(), func.min(ImportRunFile.id)
        )
        .where(ImportRunFile.run_id.in_(run_ids))
        .group_by(ImportRunFile.run_id, ImportRunFile.outcome)
        .order_by(func.min(ImportRunFile.id))
    ).all()
    counts: dict[int, list[tuple[str, int]]] = {}
    for run_id, outcome, n, _first in rows:
        counts.setdefault(run_id, []).append((str(outcome), int(n)))
    return counts


@dataclass(frozen=True)
class EventSummary:
    """One audit event (a write other than an import), as ``tracker reports history`` shows it."""

    event_id: int
    at: dt.datetime
    os_user: str
    host: str
    app_user: str | None
    tracker_version: str
    action: str
    subject: str
    reason: str | None
    detail: str | None

    @property
    def who(self) -> str:
        """``alice (web)`` for a web user, else ``user@host``."""
        return f"{self.app_user} (web)" if self.app_user else f"{self.os_user}@{self.host}"


def as_utc(moment: dt.datetime) -> dt.datetime:
    """A stored time in UTC (SQLite gives back the UTC time without its zone)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def events(session: Session, state: str | None = None) -> list[EventSummary]:
    """Audit events, newest first; with ``state`` only those about that State.

    An event is about a State when its subject is the SHA-256 of a stored file holding a report
    of that State (a withdrawal), or names the State's ISO3 code as a word (a decision's key).
    """
    found = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).all()
    if state is not None:
        shas = {e.subject for e in found if _SHA256.fullmatch(e.subject)}
        of_state = set(
            session.scalars(
                select(SourceFile.sha256)
                .join(Report, Report.source_file_id == SourceFile.id)
                .where(SourceFile.sha256.in_(shas), Report.state_iso3 == state)
                .distinct()
            )
        )
        word = re.compile(rf"\b{re.escape(state)}\b")
        found = [e for e in found if e.subject in of_state or word.search(e.subject)]
    return [
        EventSummary(
            e.id,
            as_utc(e.at),
            e.os_user,
            e.host,
            e.app_user,
            e.tracker_version,
            e.action,
            e.subject,
            e.reason,
            e.detail,
        )
        for e in found
    ]


def trail(session: Session, state: str | None = None) -> list[RunSummary | EventSummary]:
    """Import runs and audit events together, newest first (runs by their start)."""

    def moment(entry: RunSummary | EventSummary) -> tuple[dt.datetime, int]:
        if isinstance(entry, RunSummary):
            return entry.started_at, entry.run_id
        return entry.at, entry.event_id

    entries: list[RunSummary | EventSummary] = [*history(session, state), *events(session, state)]
    return sorted(entries, key=moment, reverse=True)
