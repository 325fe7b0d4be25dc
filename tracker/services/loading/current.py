"""The current-version rule applied to the store, and the locks of concurrent writers.

:func:`recompute_current` sets ``is_current`` of every version of some keys by the rule of
:mod:`tracker.ingest.current` (pure); :func:`lock_keys` serialises writers of the same keys on
PostgreSQL (see ``docs/import.md, "Loading"``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Select, Update, bindparam, func, select, update
from sqlalchemy.orm import Session

from tracker.db import Base
from tracker.enums import Channel, ReportType
from tracker.ingest.current import CurrentChoice, ReportKey, Version, choose_current
from tracker.models import Report, SourceFile
from tracker.services.loading.driver import select_rows


def _versions_of() -> Select[Any]:
    """Every stored version, with what the rule looks at (filtered by the callers)."""
    return select(
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
    ).join(SourceFile, SourceFile.id == Report.source_file_id)


@cache
def _versions_stmt() -> Select[Any]:
    """Every version of the given States and years (built once: see the loader)."""
    return _versions_of().where(
        Report.state_iso3.in_(bindparam("states", expanding=True)),
        Report.reporting_year.in_(bindparam("years", expanding=True)),
    )


@cache
def _key_versions_stmt() -> Select[Any]:
    """Every version of one State and year (for SQLite's driver: no expanding parameters)."""
    return _versions_of().where(
        Report.state_iso3 == bindparam("state"), Report.reporting_year == bindparam("year")
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
    connection = session.connection()
    rows: Iterable[Sequence[Any]]
    if connection.dialect.name == "sqlite":  # one query per State and year, on the driver
        pairs = sorted({(k.state_iso3, k.reporting_year) for k in by_key})
        statement = _key_versions_stmt()
        rows = [
            row
            for state, year in pairs
            for row in select_rows(connection, statement, {"state": state, "year": year})
        ]
    else:  # one query for all (a round trip per key would cost more on a server)
        params = {
            "states": sorted({k.state_iso3 for k in by_key}),
            "years": sorted({k.reporting_year for k in by_key}),
        }
        rows = connection.execute(_versions_stmt(), params)
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
