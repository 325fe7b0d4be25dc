"""The donor workbook use case: one read of the store, the figures computed, then written.

The figures are those of the commands (``tracker stats needs``, ``tracker reports status``,
``tracker state show``), computed here by the same functions from one read of the store; the
export (:mod:`tracker.export`) receives them and lays them out, never counting anything itself.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.orm import Session

from tracker import clock
from tracker.assistance.rates import Rates
from tracker.clock import default_on
from tracker.compliance.deadlines import StateDeadlines, deadlines_of_all
from tracker.compliance.known import counted_on
from tracker.config import database_name
from tracker.export.data import DonorResults, donor_data
from tracker.export.model import DonorData
from tracker.gc import collector_paused
from tracker.readmodel import Rows
from tracker.services.compliance import reporting_status
from tracker.services.stats import NeedsWindow, needs_statistics, statistics_projection
from tracker.services.store import read_store
from tracker.stats.by_state import needs_by_state


def deadlines_on(rows: Rows, on: dt.date) -> dict[str, StateDeadlines]:
    """Deadlines of every State with a membership record or a counted report, on ``on``."""
    eif = {iso3: m.entry_into_force for iso3, m in rows.members.items()}
    return deadlines_of_all(counted_on(rows.reports, rows.history, on), eif, on, rows.decisions)


def gather_donor_data(
    session: Session,
    as_of: int | None = None,
    since: int | None = None,
    on: dt.date | None = None,
    *,
    database_url: str = "",
    generated: dt.datetime | None = None,
    rates: Rates | None = None,
) -> DonorData:
    """Everything the donor workbook shows, from the same functions as the CLI.

    ``rates``: also show the deciding flows' amounts converted to USD (``--rates``).

    Raises what :func:`tracker.services.stats.compute_needs_statistics` raises (an empty store,
    a window that ends before it starts) and what the reporting status raises (no membership
    records). ``generated`` defaults to now (UTC); it is the only value that differs between
    two exports of the same store with the same options.
    """
    from dataclasses import replace

    from tracker import __version__
    from tracker.assistance.workbook import support_data
    from tracker.samples import sample_flow_hashes, sample_hashes
    from tracker.services.assistance import match_rows

    window = NeedsWindow(session, as_of, since)

    def judged_on() -> dt.date:  # the day, once the as-of year is known
        return on or default_on(window.chosen.as_of)

    projection = replace(
        statistics_projection(window, export=True),
        known_on=judged_on,
        decisions=True,
        submissions=True,
        flows=True,
        flows_in_window=True,
    )
    rows = read_store(session, projection)
    day = judged_on()
    stats = needs_statistics(rows, window.chosen)
    results = DonorResults(
        stats=stats,
        needs=needs_by_state(stats),
        reporting=reporting_status(rows, stats.as_of, day),  # the as-of year's reports
        deadlines=deadlines_on(rows, day),
        names=rows.names,
        on=day,
        generated=generated or clock.now().replace(tzinfo=None, microsecond=0),
        database=database_name(database_url),
        version=__version__,
        samples=sample_hashes(),
    )
    matched = match_rows(rows, stats, rates=rates)
    support = support_data(matched, rows.names, sample_flow_hashes())
    return replace(donor_data(results), support=support)


def write_donor_workbook(
    session: Session,
    path: Path,
    as_of: int | None = None,
    since: int | None = None,
    on: dt.date | None = None,
    database_url: str = "",
    *,
    generated: dt.datetime | None = None,
    rates: Rates | None = None,
) -> DonorData:
    """Compute the figures of the store and write the donor workbook to ``path``.

    ``database_url``: the Method sheet names the database by its name only. Returns what was
    written (for a summary line). Raises the services' errors (empty store, bad window).
    """
    from tracker.export.donors import save_donor_workbook

    # Reading the store and building the workbook make many objects and no garbage cycles worth
    # collecting until the workbook is saved (tracker/gc.py).
    with collector_paused():
        data = gather_donor_data(
            session,
            as_of,
            since,
            on,
            database_url=database_url,
            generated=generated,
            rates=rates,
        )
        save_donor_workbook(data, path)
    return data
