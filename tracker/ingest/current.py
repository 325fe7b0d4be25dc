"""Which stored version of a (State, reporting year, report type) is current, and locking.

The rule (workbook spec): withdrawn versions never count; a version from a form workbook always
wins over matrix rows; otherwise the latest date of submission wins, undated versions rank before
dated ones, and equal dates are decided by the higher SHA-256 of the file. The rule looks only at
the versions' own data, never at ids or import times, so any order of imports ends in the same
state. The matrix row number is the last tie-break, for two rows of one matrix file.

:func:`recompute_current` applies the rule to the store; :func:`lock_keys` serialises writers of
the same keys on PostgreSQL (see ``docs/import.md, "Loading"``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import Select, Update, bindparam, func, select, update
from sqlalchemy.orm import Session

from tracker.db import Base
from tracker.models import Report, SourceFile
from tracker.models.enums import Channel, ReportType


class ReportKey(NamedTuple):
    """What one current version is kept per: State, reporting year, report type."""

    state_iso3: str
    reporting_year: int
    report_type: ReportType


@dataclass(frozen=True)
class Version:
    """The facts about one stored version that the current rule looks at."""

    report_id: int
    channel: Channel
    submitted_on: dt.date | None
    sha256: str
    source_row: int
    is_withdrawn: bool
    is_current: bool = False  # as stored now: only rows whose flags change are updated
    superseded_by_id: int | None = None


@dataclass(frozen=True)
class CurrentChoice:
    """The outcome of the rule for one key."""

    key: ReportKey
    current_id: int | None
    shadowed_ids: tuple[int, ...]  # matrix rows that lost only because a workbook exists


def rank(version: Version) -> tuple[bool, dt.date, str, int]:
    """Sort key of a version among its candidates: the highest is current.

    Undated versions rank before dated ones (``False < True``); then the date; then the SHA-256.
    """
    dated = version.submitted_on is not None
    return (dated, version.submitted_on or dt.date.min, version.sha256, version.source_row)


def choose_current(key: ReportKey, versions: Sequence[Version]) -> CurrentChoice:
    """Apply the current rule to the versions of one key (pure: no store)."""
    candidates = [v for v in versions if not v.is_withdrawn]
    workbook = [v for v in candidates if v.channel is Channel.WORKBOOK]
    shadowed: tuple[int, ...] = ()
    if workbook:
        shadowed = tuple(sorted(v.report_id for v in candidates if v.channel is Channel.MATRIX))
        candidates = workbook
    winner = max(candidates, key=rank, default=None)
    return CurrentChoice(
        key=key,
        current_id=None if winner is None else winner.report_id,
        shadowed_ids=shadowed,
    )


@cache
def _versions_stmt() -> Select[Any]:
    """Every version of the given States and years (built once: see the loader)."""
    return (
        select(
            Report.id,
            Report.state_iso3,
            Report.reporting_year,
            Report.report_type,
            Report.channel,
            Report.submitted_on,
            SourceFile.sha256,
            Report.source_row,
            Report.is_withdrawn,
            Report.is_current,
            Report.superseded_by_id,
        )
        .join(SourceFile, SourceFile.id == Report.source_file_id)
        .where(
            Report.state_iso3.in_(bindparam("states", expanding=True)),
            Report.reporting_year.in_(bindparam("years", expanding=True)),
        )
    )


@cache
def _flag_stmts() -> tuple[Update, Update]:
    """The two updates of :func:`recompute_current`: a version loses, a version wins."""
    table = Base.metadata.tables[Report.__tablename__]
    lose = (
        update(table)
        .where(table.c.id == bindparam("b_id"))
        .values(is_current=False, superseded_by_id=bindparam("b_by"))
    )
    win = (
        update(table)
        .where(table.c.id == bindparam("b_id"))
        .values(is_current=True, superseded_by_id=None)
    )
    return lose, win


def load_versions(session: Session, keys: Iterable[ReportKey]) -> dict[ReportKey, list[Version]]:
    """Every stored version of ``keys``, read in one query (filtered by State and year)."""
    by_key: dict[ReportKey, list[Version]] = {k: [] for k in keys}
    if not by_key:
        return by_key
    rows = session.connection().execute(
        _versions_stmt(),
        {
            "states": sorted({k.state_iso3 for k in by_key}),
            "years": sorted({k.reporting_year for k in by_key}),
        },
    )
    for rid, state, year, rtype, channel, day, sha, row, withdrawn, current, by in rows:
        key = ReportKey(state, year, ReportType(rtype))
        if key in by_key:
            by_key[key].append(
                Version(rid, Channel(channel), day, sha, row, bool(withdrawn), bool(current), by)
            )
    return by_key


def recompute_current(
    session: Session,
    keys: Iterable[ReportKey],
    versions: Mapping[ReportKey, Sequence[Version]] | None = None,
) -> dict[ReportKey, CurrentChoice]:
    """Set ``is_current`` and ``superseded_by_id`` of every version of ``keys`` by the rule.

    ``versions`` saves the query when the caller knows every version with its stored flags (the
    loader does: it read them before inserting its own). Only rows whose flags change are
    written, in two ``executemany`` calls: first every row that stops being current, then every
    row that becomes current, so the partial unique index "one current per State, year and type"
    never sees two at once.
    """
    wanted = sorted(set(keys))
    known = versions if versions is not None else load_versions(session, wanted)
    choices: dict[ReportKey, CurrentChoice] = {}
    losers: list[dict[str, int | None]] = []
    winners: list[dict[str, int | None]] = []
    for key in wanted:
        choice = choose_current(key, known.get(key, ()))
        choices[key] = choice
        for v in known.get(key, ()):
            if v.report_id == choice.current_id:
                if not v.is_current or v.superseded_by_id is not None:
                    winners.append({"b_id": v.report_id})
            elif v.is_current or v.superseded_by_id != choice.current_id:
                losers.append({"b_id": v.report_id, "b_by": choice.current_id})
    lose, win = _flag_stmts()
    if losers:
        session.connection().execute(lose, losers)
    if winners:
        session.connection().execute(win, winners)
    return choices


def lock_id(text: str) -> int:
    """A stable signed 64-bit number for an advisory lock name."""
    digest = hashlib.blake2b(text.encode(), digest_size=8, person=b"ccm-tracker").digest()
    return int.from_bytes(digest, "big", signed=True)


def key_lock_name(key: ReportKey) -> str:
    """The advisory lock name of one (State, year, type)."""
    return f"report:{key.state_iso3}:{key.reporting_year}:{key.report_type.value}"


def lock_keys(session: Session, keys: Iterable[ReportKey]) -> None:
    """On PostgreSQL, take the transaction-level advisory locks of ``keys``, in one global order.

    Every writer takes all its locks at the start of its transaction, sorted by lock number, so
    two imports can wait for each other but never deadlock. The locks end with the transaction.
    SQLite needs none: it lets one writer at a time into the database file.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    for number in sorted({lock_id(key_lock_name(k)) for k in keys}):
        session.execute(select(func.pg_advisory_xact_lock(number)))
