"""Reporting compliance and deadlines from the store: one read of rows, then the pure rules.

The one entry point for every consumer (``tracker reports status``, ``tracker state show``, the
donor workbook, the demo), so their figures are the same. Services never commit.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from tracker import clock
from tracker.compliance.dates import default_year
from tracker.compliance.status import ReportingStatus, build_reporting_status
from tracker.errors import TrackerError, UsageError
from tracker.membership import no_membership_message
from tracker.readmodel import Rows
from tracker.services.store import Projection, Versions, read_store

FIRST_YEAR, LAST_YEAR = 1900, 9998


def check_year(year: int) -> None:
    """A reporting year outside the calendar the dates can hold is wrong usage (exit 2)."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise UsageError(f"--year takes a reporting year such as 2023, not {year}")


REPORTING = Projection(versions=Versions.NONE, members=True, names=True, submissions=True)
"""What the reporting status reads: memberships, names and every version's dates."""


def reporting_status(rows: Rows, year: int | None, on: dt.date) -> ReportingStatus:
    """The compliance of reporting ``year`` judged on ``on``, from rows with :data:`REPORTING`.

    Raises :class:`TrackerError` (exit 1) when there are no membership records, since without
    them no report can be expected.
    """
    if year is not None:
        check_year(year)
    if not rows.members:
        raise TrackerError(no_membership_message())
    from dataclasses import replace

    from tracker.indicators.engine import Evaluation
    from tracker.indicators.views import reporting_sentences

    year = default_year(on) if year is None else year
    status = build_reporting_status(rows.members.values(), rows.submissions, year, on, rows.names)
    # The sentences are a view of core.reporting.on_time and .received (spec/indicators.md).
    evaluation = Evaluation(
        as_of=year,
        since=year,
        on=on,
        reports=(),
        members=rows.members,
        submissions=rows.submissions,
    )
    return replace(status, sentences=reporting_sentences(evaluation))


def compute_reporting_status(
    session: Session, year: int | None = None, on: dt.date | None = None
) -> ReportingStatus:
    """The compliance of reporting ``year`` judged on ``on`` (``spec/compliance.md``).

    ``on`` defaults to today, ``year`` to the latest year whose due date is on or before
    ``on``.
    """
    if year is not None:
        check_year(year)
    return reporting_status(read_store(session, REPORTING), year, on or clock.today())
