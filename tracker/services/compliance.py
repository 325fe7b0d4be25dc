"""Reporting compliance and deadlines from the store: read plain rows, then the pure rules.

The one entry point for every consumer (``tracker reports status``, ``tracker state show``, the
donor workbook, the demo), so their figures are the same. Services never commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker import clock
from tracker.compliance.dates import Submission, default_year
from tracker.compliance.deadlines import (
    StateDeadlines,
    deadline_lines,
    deadlines_of_all,
    deadlines_of_state,
    deadlines_title,
)
from tracker.compliance.status import ReportingStatus, build_reporting_status
from tracker.errors import TrackerError, UsageError
from tracker.figures import load_effective_reports, load_memberships, state_names
from tracker.membership import no_membership_message
from tracker.models import Report
from tracker.services.state_page import StatePage
from tracker.stats.rows import ReportRow

FIRST_YEAR, LAST_YEAR = 1900, 9998


def load_submissions(session: Session) -> list[Submission]:
    """Every stored report version, reduced to the columns compliance reads (one query).

    Lighter than :func:`tracker.figures.load_raw_reports`: no forms, facts or needs, which
    compliance never reads, so 20,000 versions stay one cheap scan.
    """
    query = select(
        Report.state_iso3,
        Report.report_type,
        Report.period_to,
        Report.submitted_on,
        Report.is_withdrawn,
    )
    return [Submission(*row) for row in session.execute(query).tuples()]


def check_year(year: int) -> None:
    """A reporting year outside the calendar the dates can hold is wrong usage (exit 2)."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise UsageError(f"--year takes a reporting year such as 2023, not {year}")


def compute_reporting_status(
    session: Session, year: int | None = None, on: dt.date | None = None
) -> ReportingStatus:
    """The compliance of reporting ``year`` judged on ``on`` (``spec/compliance.md``).

    ``on`` defaults to today, ``year`` to the latest year whose due date is on or before
    ``on``. Raises :class:`TrackerError` (exit 1) when the store has no membership records,
    since without them no report can be expected.
    """
    if year is not None:
        check_year(year)
    day = on or clock.today()
    members = load_memberships(session)
    if not members:
        raise TrackerError(no_membership_message())
    return build_reporting_status(
        members.values(),
        load_submissions(session),
        default_year(day) if year is None else year,
        day,
        names=state_names(session),
    )


def state_deadlines(session: Session, iso3: str, on: dt.date | None = None) -> StateDeadlines:
    """One State's Article 3 and 4 deadlines and flags on ``on`` (default today)."""
    member = load_memberships(session).get(iso3)
    reports = [r for r in load_effective_reports(session) if r.ref.state_iso3 == iso3]
    eif = member.entry_into_force if member else None
    return deadlines_of_state(iso3, reports, eif, on or clock.today())


def all_state_deadlines(
    session: Session, on: dt.date | None = None, reports: Iterable[ReportRow] | None = None
) -> dict[str, StateDeadlines]:
    """Deadlines of every State with a membership record or a current report (donor workbook).

    ``reports`` are every current report when the caller has read them already (the donor
    workbook does: reading and resolving 20,000 reports a second time took 6 s).
    """
    eif = {iso3: m.entry_into_force for iso3, m in load_memberships(session).items()}
    every = load_effective_reports(session) if reports is None else reports
    return deadlines_of_all(every, eif, on or clock.today())


def compliance_summary(session: Session, on: dt.date | None = None) -> list[str]:
    """The demo's compliance lines: the sentences of the default year and the overdue count."""
    from tracker.compliance.output import summary_lines

    return summary_lines(compute_reporting_status(session, on=on))


def deadlines_block(page: StatePage) -> tuple[str, list[str]]:
    """The state page's deadlines section (title, lines), from the reports the page loaded."""
    eif = page.membership.entry_into_force if page.membership else None
    deadlines = deadlines_of_state(page.iso3, [y.report for y in page.years], eif, page.on)
    return deadlines_title(deadlines), deadline_lines(deadlines)
