"""The audit trail: import runs and their files, and every other write (:func:`record_event`).

An import run's row is written when the run starts, in its own transaction. A stored file's row
goes into the file's own transaction (:func:`record_files` on that transaction's connection), so
a run killed or stopped by a full disk still lists every file it stored. A rejected file's row is
written in a short transaction of its own, so it survives the rollback of the file itself (the
one exception to "a rejected file leaves the store as it was"). Other writes record their event
in the caller's transaction, beside the change itself.
"""

from __future__ import annotations

import datetime as dt
import getpass
import socket
from dataclasses import dataclass

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from tracker import __version__, clock
from tracker.models import AuditEvent, ImportRun, ImportRunFile


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


def start_run(engine: Engine, arguments: str) -> int:
    """Record the start of an import run; returns its id."""
    with engine.begin() as conn:
        result = conn.execute(
            insert(ImportRun)
            .values(
                started_at=_now(),
                os_user=_os_user(),
                host=socket.gethostname(),
                tracker_version=__version__,
                arguments=arguments,
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
    from tracker.ingest.loader import insert_rows

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


def history(session: Session, state: str | None = None) -> list[RunSummary]:
    """Import runs, newest first; with ``state`` only runs that touched that State's reports."""
    files: dict[int, list[FileOutcome]] = {}
    query = select(ImportRunFile).order_by(ImportRunFile.id)
    if state is not None:
        query = query.where(ImportRunFile.state_iso3 == state)
    for f in session.scalars(query):
        files.setdefault(f.run_id, []).append(
            FileOutcome(
                f.path, f.sha256, f.outcome, f.state_iso3, f.reporting_year, f.errors, f.warnings
            )
        )
    runs = session.scalars(select(ImportRun).order_by(ImportRun.id.desc()))
    return [
        RunSummary(
            r.id,
            r.started_at,
            r.finished_at,
            r.os_user,
            r.host,
            r.tracker_version,
            r.arguments,
            tuple(files.get(r.id, ())),
        )
        for r in runs
        if state is None or r.id in files
    ]
