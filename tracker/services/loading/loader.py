"""Store one read file (:class:`~tracker.ingest.parsed.ParsedFile`) inside the caller's session.

The loader never commits: the caller owns the transaction (one per file, or one per batch with
``--all-or-nothing``), so a file is stored whole or not at all. Rows go in with Core INSERTs
built once per process (one ``executemany`` per table and file), run on the session's
connection and, on SQLite, by the driver itself (:mod:`tracker.services.loading.driver`): the
import must stay close to the speed of parsing plus a bare ``executemany``.

The file's bytes are kept too (``originals``, once per SHA-256), in the same transaction, so a
stored version can be re-read under later rules (``tracker reports recheck``).

Idempotency does not rely on a read before the write: the file row is inserted with
``ON CONFLICT (sha256) DO NOTHING`` (PostgreSQL) or ``INSERT OR IGNORE`` (SQLite), so of two
imports of the same file (even in two processes at once) exactly one stores it and the other
finds nothing inserted and reports ``unchanged``; no IntegrityError, no aborted transaction.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, insert, select
from sqlalchemy.orm import Session

from tracker import clock
from tracker.codes import issue
from tracker.db import Base
from tracker.enums import FormStatus
from tracker.ingest.current import ReportKey, Version, choose_current
from tracker.ingest.parsed import FACT_TABLES, FactRowData, ParsedFile, ParsedReport
from tracker.issues import Issue
from tracker.models import Original, Report, SourceFile
from tracker.readmodel import Member
from tracker.services.loading.current import load_versions, recompute_current
from tracker.services.loading.driver import LoaderError, insert_each, insert_many
from tracker.services.loading.notes import current_issues, membership_issues
from tracker.services.loading.withdrawn import stays_withdrawn

#: The id a report not yet inserted stands under when the current rule is asked about it (the
#: rule never looks at ids; stored ids are positive).
NEW_REPORT_ID = -1


class Outcome(enum.StrEnum):
    """What happened to a file (or one report of it); the words of ``tracker import``."""

    IMPORTED = "imported"
    REVISION = "revision"
    UNCHANGED = "unchanged"
    REJECTED = "rejected"
    ROLLED_BACK = "rolled-back"


@dataclass(frozen=True)
class ReportResult:
    """One report of a file and what happened to it."""

    state_iso3: str
    reporting_year: int
    report_type: str
    outcome: Outcome
    source_row: int = 0
    report_id: int | None = None
    is_current: bool = False

    def as_json(self) -> dict[str, object]:
        """The ``reports`` entry of ``tracker import --format json``."""
        return {
            "state": self.state_iso3,
            "reporting_year": self.reporting_year,
            "report_type": self.report_type,
            "outcome": self.outcome.value,
        }


@dataclass
class LoadResult:
    """The loader's answer for one file: outcome, its reports, and the issues it added."""

    outcome: Outcome
    reports: list[ReportResult] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    source_file_id: int | None = None


def report_key(report: ParsedReport) -> ReportKey:
    """The (State, reporting year, type) a parsed report is a version of."""
    return ReportKey(report.state_iso3, report.reporting_year, report.report_type)


def file_keys(parsed: ParsedFile) -> list[ReportKey]:
    """Every key a file's reports touch (what an import of it locks)."""
    return sorted({report_key(r) for r in parsed.reports})


def results_for(parsed: ParsedFile, outcome: Outcome) -> list[ReportResult]:
    """Every report of ``parsed`` with the same ``outcome`` (unchanged, rejected, rolled back)."""
    return [
        ReportResult(r.state_iso3, r.reporting_year, r.report_type.value, outcome, r.source_row)
        for r in parsed.reports
    ]


def load_file(
    session: Session,
    parsed: ParsedFile,
    *,
    import_run_id: int | None = None,
    now: dt.datetime | None = None,
    memberships: Mapping[str, Member] | None = None,
) -> LoadResult:
    """Store ``parsed`` (already read without errors) and recompute the current versions.

    Returns ``unchanged`` without writing when a file with the same SHA-256 is stored already
    (with the info ``stays-withdrawn`` when its reports were withdrawn);
    otherwise ``imported``, or ``revision`` when every report of the file is a new version of a
    (State, year, type) that the store already had. The caller takes the advisory locks of
    :func:`file_keys` first (:func:`tracker.services.loading.current.lock_keys`). ``memberships``
    (:func:`tracker.services.loading.notes.read_memberships`) saves a query per file in a batch.
    """
    if not parsed.ok:
        return LoadResult(Outcome.REJECTED, results_for(parsed, Outcome.REJECTED))
    if not parsed.reports:  # e.g. a matrix sheet with headers only: nothing to keep
        return LoadResult(Outcome.REJECTED, [], [issue(parsed.path, "no-reports")])
    source_id = _insert_source_file(session, parsed, import_run_id, now or clock.now())
    if source_id is None:
        unchanged = results_for(parsed, Outcome.UNCHANGED)
        notes = [*stays_withdrawn(session, parsed), *_keep_missing_original(session, parsed)]
        return LoadResult(Outcome.UNCHANGED, unchanged, notes)
    _insert_original(session, parsed)

    keys = file_keys(parsed)
    versions = load_versions(session, keys)  # all from other files: this one is new
    existing = {k for k, found in versions.items() if found}
    born_current = _born_current(parsed, versions)
    ids = _insert_reports(session, parsed.reports, source_id, born_current)
    for r in parsed.reports:
        versions[report_key(r)].append(
            Version(
                ids[r.source_row],
                r.channel,
                r.submitted_on,
                parsed.sha256,
                r.source_row,
                False,
                is_current=r.source_row in born_current,
            )
        )
    _insert_form_statuses(session, parsed.reports, ids)
    _insert_facts(session, parsed.reports, ids)
    choices = recompute_current(session, keys, versions)

    results = []
    issues = membership_issues(session, parsed, memberships)
    for report in parsed.reports:
        key, rid = report_key(report), ids[report.source_row]
        choice = choices[key]
        outcome = Outcome.REVISION if key in existing else Outcome.IMPORTED
        results.append(
            ReportResult(
                key.state_iso3,
                key.reporting_year,
                key.report_type.value,
                outcome,
                report.source_row,
                rid,
                choice.current_id == rid,
            )
        )
        issues.extend(
            current_issues(
                session,
                parsed,
                report,
                rid,
                choice.current_id,
                choice.shadowed_ids,
                versions[key],
            )
        )
    revision = all(r.outcome is Outcome.REVISION for r in results) and bool(results)
    outcome = Outcome.REVISION if revision else Outcome.IMPORTED
    return LoadResult(outcome, results, issues, source_id)


def _insert_source_file(
    session: Session, parsed: ParsedFile, run_id: int | None, now: dt.datetime
) -> int | None:
    """Insert the file row unless its SHA-256 is stored; the new id, or None when it was."""
    values = {
        "sha256": parsed.sha256,
        "file_name": parsed.file_name[:255],
        "path": parsed.path,
        "size_bytes": parsed.size_bytes,
        "layout": parsed.layout,
        "imported_at": now,
        "import_run_id": run_id,
    }
    connection = session.connection()
    inserted = insert_each(connection, _insert_file_stmt(connection.dialect.name), [values])
    if not inserted:
        stored = session.scalar(select(SourceFile.id).where(SourceFile.sha256 == parsed.sha256))
        if stored is None:
            raise LoaderError("the database refused the file's own row (a value is missing)")
        return None
    return int(inserted[0][0])


def _original_bytes(parsed: ParsedFile) -> bytes:
    """The file's bytes: those the reader kept, else read again and checked by SHA-256."""
    if parsed.content is not None:
        return parsed.content
    try:
        data = Path(parsed.path).read_bytes()
    except OSError as exc:
        raise LoaderError(
            f"the file could not be read again to keep its original ({exc.strerror or exc}): "
            "check it is still there and import it again"
        ) from exc
    if hashlib.sha256(data).hexdigest() != parsed.sha256:
        raise LoaderError("the file changed on disk while it was imported: import it again")
    return data


def _insert_original(session: Session, parsed: ParsedFile) -> None:
    """Keep the file's bytes (``originals``), in the file's transaction.

    The statement skips a SHA-256 already kept, so two imports re-keeping the original of the
    same stored file at once do not fail (see :func:`_keep_missing_original`).
    """
    data = _original_bytes(parsed)
    connection = session.connection()
    insert_each(
        connection,
        _insert_original_stmt(connection.dialect.name),
        [{"sha256": parsed.sha256, "size_bytes": len(data), "content": data}],
    )


def _keep_missing_original(session: Session, parsed: ParsedFile) -> list[Issue]:
    """For a stored file without its original (stored before originals were kept): keep it now.

    Re-importing the file is what ``tracker reports recheck`` asks for such versions; the
    outcome stays ``unchanged``, with an info note.
    """
    kept = session.scalar(select(Original.sha256).where(Original.sha256 == parsed.sha256))
    if kept is not None:
        return []
    _insert_original(session, parsed)
    return [issue(parsed.path, "original-kept")]


def _born_current(parsed: ParsedFile, versions: Mapping[ReportKey, list[Version]]) -> set[int]:
    """Source rows of the file's reports that can be inserted current: no UPDATE needed after.

    A report is, when its key has no current version stored (so the "one current" index cannot
    object), no other report of the file has its key, and the rule makes it the winner among
    the stored versions and itself. :func:`recompute_current` then finds its flags right; any
    other report is inserted not current and set by it, as before.
    """
    keys = [report_key(r) for r in parsed.reports]
    born: set[int] = set()
    for report, key in zip(parsed.reports, keys, strict=True):
        stored = versions[key]
        if keys.count(key) != 1 or any(v.is_current for v in stored):
            continue
        new = Version(
            NEW_REPORT_ID,
            report.channel,
            report.submitted_on,
            parsed.sha256,
            report.source_row,
            False,
        )
        if choose_current(key, [*stored, new]).current_id == NEW_REPORT_ID:
            born.add(report.source_row)
    return born


def _insert_reports(
    session: Session, reports: Sequence[ParsedReport], source_id: int, current: set[int]
) -> dict[int, int]:
    """Insert the reports (``current``: source rows inserted current); their ids by source row."""
    rows = [
        {
            "source_file_id": source_id,
            "source_row": r.source_row,
            "state_iso3": r.state_iso3,
            "report_type": r.report_type,
            "period_from": r.period_from,
            "period_to": r.period_to,
            "reporting_year": r.reporting_year,
            "submitted_on": r.submitted_on,
            "channel": r.channel,
            "layout": r.layout,
            "language": r.language,
            "organisation": r.organisation,
            "contact_name": r.contact_name,
            "email": r.email,
            "telephone": r.telephone,
            "sheet": r.sheet,
            "cell": r.cell,
            "is_current": r.source_row in current,
            "is_withdrawn": False,
            "withdrawn_at": None,
            "superseded_by_id": None,
        }
        for r in reports
    ]
    if len({r.source_row for r in reports}) != len(reports):
        raise LoaderError("two reports of one file share a source row")
    returned = insert_each(session.connection(), _insert_reports_stmt(), rows)
    return {int(row): int(rid) for rid, row in returned}


def _insert_form_statuses(
    session: Session, reports: Sequence[ParsedReport], ids: dict[int, int]
) -> None:
    """Insert each report's cover statuses (the first entry of a form wins)."""
    rows = []
    for report in reports:
        seen: set[str] = set()
        for entry in report.forms:
            if entry.form in seen:
                continue
            seen.add(entry.form)
            unchanged = entry.status is FormStatus.UNCHANGED
            rows.append(
                {
                    "report_id": ids[report.source_row],
                    "form": entry.form,
                    "status": entry.status,
                    "last_reported": entry.last_reported if unchanged else None,
                    "sheet": entry.sheet,
                    "cell": entry.cell,
                }
            )
    if rows:
        _executemany(session.connection(), "form_statuses", rows)


def _insert_facts(session: Session, reports: Sequence[ParsedReport], ids: dict[int, int]) -> None:
    """One ``executemany`` per fact table for all of the file's reports.

    Each row is inserted with its report's id (a copy: the reader's rows stay as read).
    """
    connection = session.connection()
    for name in FACT_TABLES:
        rows: list[FactRowData] = []
        for report in reports:
            rid = ids[report.source_row]
            rows.extend({**row, "report_id": rid} for row in report.facts.get(name, ()))
        if rows:
            _executemany(connection, name, rows)
    unknown = set().union(*(r.facts for r in reports)) - set(FACT_TABLES) if reports else set()
    if unknown:
        raise LoaderError(f"unknown fact tables from the reader: {', '.join(sorted(unknown))}")


def _executemany(connection: Connection, name: str, rows: list[FactRowData]) -> None:
    """Insert ``rows`` into the table ``name`` with one ``executemany``."""
    insert_many(connection, _table(name), rows)


def insert_rows(connection: Connection, name: str, rows: list[FactRowData]) -> None:
    """Insert ``rows`` into the table ``name`` as the loader inserts fact rows (fast path)."""
    if rows:
        _executemany(connection, name, rows)


def _table(name: str) -> Table:
    """The Core table of a model, by name."""
    return Base.metadata.tables[name]


# Statements are built once per process: SQLAlchemy memoises a statement's cache key on the
# object, so reusing it saves that work (and the statement's construction) on every file.


@cache
def _insert_reports_stmt() -> Any:
    """``INSERT INTO reports … RETURNING id, source_row``."""
    table = _table(Report.__tablename__)
    return insert(table).returning(table.c.id, table.c.source_row)


@cache
def _insert_original_stmt(dialect: str) -> Any:
    """Insert a file's original unless its SHA-256 is kept already."""
    table = _table(Original.__tablename__)
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table).on_conflict_do_nothing(index_elements=["sha256"])
    return insert(table).prefix_with("OR IGNORE", dialect="sqlite")


@cache
def _insert_file_stmt(dialect: str) -> Any:
    """Insert a file row unless its SHA-256 is stored, returning the new id."""
    table = _table(SourceFile.__tablename__)
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        stmt: Any = pg_insert(table).on_conflict_do_nothing(index_elements=["sha256"])
    else:
        # SQLite: INSERT OR IGNORE does the same and, unlike on_conflict_do_nothing, has a cache
        # key (no compile per file). It would also skip a row breaking NOT NULL or CHECK, so an
        # ignored insert is confirmed by the caller.
        stmt = insert(table).prefix_with("OR IGNORE", dialect="sqlite")
    return stmt.returning(table.c.id)
