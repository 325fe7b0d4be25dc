"""Which stored version of a (State, reporting year, report type) is current, and locking.

The rule (workbook spec): withdrawn versions never count; a version from a form workbook always
wins over matrix rows; otherwise the latest date of submission wins, undated versions rank before
dated ones, and equal dates are decided by the higher SHA-256 of the file. The rule looks only at
the versions' own data, never at ids or import times, so any order of imports ends in the same
state. The matrix row number is the last tie-break, for two rows of one matrix file.

:func:`recompute_current` applies the rule to the store; :func:`lock_keys` serialises writers of
the same keys on PostgreSQL (see ``docs/import-loading.md``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

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


def _versions(session: Session, keys: Sequence[ReportKey]) -> dict[ReportKey, list[Version]]:
    """Every stored version of ``keys``, read in one query (filtered by State and year)."""
    wanted = set(keys)
    by_key: dict[ReportKey, list[Version]] = {k: [] for k in wanted}
    states = sorted({k.state_iso3 for k in wanted})
    years = sorted({k.reporting_year for k in wanted})
    rows = session.execute(
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
        )
        .join(SourceFile, SourceFile.id == Report.source_file_id)
        .where(Report.state_iso3.in_(states), Report.reporting_year.in_(years))
    )
    for rid, state, year, rtype, channel, submitted, sha, row, withdrawn in rows:
        key = ReportKey(state, year, ReportType(rtype))
        if key in by_key:
            by_key[key].append(Version(rid, Channel(channel), submitted, sha, row, bool(withdrawn)))
    return by_key


def recompute_current(
    session: Session, keys: Iterable[ReportKey]
) -> dict[ReportKey, CurrentChoice]:
    """Set ``is_current`` and ``superseded_by_id`` of every version of ``keys`` by the rule.

    Old current flags are cleared by one UPDATE before the new one is set by another, so the
    partial unique index "one current per State, year and type" never sees two at once.
    """
    ordered = sorted(set(keys))
    if not ordered:
        return {}
    choices: dict[ReportKey, CurrentChoice] = {}
    for key, versions in _versions(session, ordered).items():
        choice = choose_current(key, versions)
        choices[key] = choice
        same_key = (
            (Report.state_iso3 == key.state_iso3)
            & (Report.reporting_year == key.reporting_year)
            & (Report.report_type == key.report_type)
        )
        others = (
            same_key if choice.current_id is None else same_key & (Report.id != choice.current_id)
        )
        session.execute(
            update(Report)
            .where(others)
            .values(is_current=False, superseded_by_id=choice.current_id)
            .execution_options(synchronize_session=False)
        )
        if choice.current_id is not None:
            session.execute(
                update(Report)
                .where(Report.id == choice.current_id)
                .values(is_current=True, superseded_by_id=None)
                .execution_options(synchronize_session=False)
            )
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
