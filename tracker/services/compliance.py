"""Reporting compliance and deadlines from the store: read plain rows, then the pure rules.

The one entry point for every consumer (``tracker reports status``, ``tracker state show``, the
donor workbook, the demo), so their figures are the same. Services never commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker import clock
from tracker.carry import EffectiveReport
from tracker.compliance.dates import Submission, default_year
from tracker.compliance.deadlines import StateDeadlines, deadlines_of_all, deadlines_of_state
from tracker.compliance.status import ReportingStatus, build_reporting_status
from tracker.errors import TrackerError, UsageError
from tracker.figures import load_memberships, state_names
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


def counted_reports(
    session: Session, on: dt.date, states: Collection[str] | None = None
) -> list[EffectiveReport]:
    """The counted reports on ``on`` (``compliance.md``), carry-forward resolved among them.

    The versions received by then, the current one of each report chosen again among those.

    ``states`` limits the read to those States (all when None).
    """
    from tracker.carry import resolve_all
    from tracker.compliance.known import known_on
    from tracker.figures import load_raw_reports

    raw = load_raw_reports(session, include_history=True, states=states)
    return resolve_all(known_on(raw, on))


def state_deadlines(session: Session, iso3: str, on: dt.date | None = None) -> StateDeadlines:
    """One State's Article 3 and 4 deadlines and flags on ``on`` (default today)."""
    from tracker.services.extensions import load_decisions

    day = on or clock.today()
    member = load_memberships(session).get(iso3)
    eif = member.entry_into_force if member else None
    reports = counted_reports(session, day, [iso3])
    return deadlines_of_state(iso3, reports, eif, day, load_decisions(session, iso3))


def all_state_deadlines(
    session: Session, on: dt.date | None = None, reports: Sequence[ReportRow] | None = None
) -> dict[str, StateDeadlines]:
    """Deadlines of every State with a membership record or a counted report (donor workbook).

    ``reports`` are every stored current report when the caller has read them already (the
    donor workbook does: reading and resolving 20,000 reports a second time took 6 s). Only the
    States with a current version received after ``on`` have their history read again, since
    for all others the stored current versions are the counted ones
    (:func:`tracker.compliance.known.changed_by_later_versions`).
    """
    from tracker.compliance.known import changed_by_later_versions
    from tracker.services.extensions import load_decisions

    day = on or clock.today()
    eif = {iso3: m.entry_into_force for iso3, m in load_memberships(session).items()}
    if reports is None:
        every: Sequence[ReportRow] = counted_reports(session, day)
    else:
        refs = [r.ref for r in reports]
        later = changed_by_later_versions(refs, day)
        every = [r for r in reports if r.ref.state_iso3 not in later]
        if later:
            every = [*every, *counted_reports(session, day, later)]
    return deadlines_of_all(every, eif, day, load_decisions(session))


def compliance_summary(session: Session, on: dt.date | None = None) -> list[str]:
    """The demo's compliance lines: the sentences of the default year and the overdue count."""
    from tracker.compliance.output import summary_lines

    return summary_lines(compute_reporting_status(session, on=on))


def page_deadlines(session: Session, page: StatePage) -> StatePage:
    """The state page with its deadlines, from the counted reports the page loaded."""
    from tracker.services.extensions import load_decisions

    eif = page.membership.entry_into_force if page.membership else None
    deadlines = deadlines_of_state(
        page.iso3, [y.report for y in page.years], eif, page.on, load_decisions(session, page.iso3)
    )
    return replace(page, deadlines=deadlines)
