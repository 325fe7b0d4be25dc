"""The compliance date rules on hand-made cases (``spec/compliance.md``, ``domain.md`` Dates)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from tracker.compliance.dates import (
    Status,
    annual_due,
    default_year,
    expected_reports,
    expected_states,
    initial_due,
    is_expected,
    overdue_initial,
    received_for_year,
)
from tracker.enums import ReportType
from tracker.membership import entry_into_force
from tracker.readmodel import Submission

D = dt.date
ON = D(2026, 11, 22)
GERMANY_DEPOSIT = D(2009, 7, 8)  # in force 1 Aug 2010, the first day possible
ANNUAL, INITIAL = ReportType.ANNUAL, ReportType.INITIAL


@dataclass(frozen=True)
class Member:
    iso3: str
    entry_into_force: dt.date | None
    withdrawal_effective: dt.date | None = None


def party(iso3: str, deposited: dt.date = GERMANY_DEPOSIT, withdrawal: dt.date | None = None):
    """A State Party whose entry into force follows the Convention's rule."""
    return Member(iso3, entry_into_force(deposited), withdrawal)


def annual(iso3: str, year: int, submitted: dt.date | None, *, withdrawn: bool = False):
    return Submission(iso3, ANNUAL, D(year, 12, 31), submitted, withdrawn)


def initial(iso3: str, period_to: dt.date, submitted: dt.date | None, *, withdrawn: bool = False):
    return Submission(iso3, INITIAL, period_to, submitted, withdrawn)


def status_of(state: str, versions, year: int = 2023, on: dt.date = ON, members=None):
    members = members or [party(state)]
    [report] = [r for r in expected_reports(members, versions, year, on) if r.state == state]
    return report


# Due dates


@pytest.mark.parametrize(
    ("in_force", "due"),
    [
        (D(2010, 8, 1), D(2011, 1, 28)),  # domain.md
        (D(2024, 2, 1), D(2024, 7, 30)),  # domain.md: 2024 is a leap year
        (D(2023, 2, 1), D(2023, 7, 31)),  # the same in a common year: one day later
    ],
)
def test_initial_report_is_due_180_days_after_entry_into_force(in_force, due):
    assert initial_due(in_force) == due


def test_annual_report_is_due_30_april_of_the_next_year():
    assert annual_due(2024) == D(2025, 4, 30)


@pytest.mark.parametrize(
    ("on", "year"),
    [
        (D(2025, 4, 30), 2024),  # the due date itself: judged
        (D(2025, 4, 29), 2023),
        (D(2026, 1, 1), 2024),
        (ON, 2025),
    ],
)
def test_default_year_is_the_latest_whose_due_date_is_on_or_before_on(on, year):
    assert default_year(on) == year


# Who is expected


def test_a_state_that_joined_mid_year_is_expected_from_the_next_year():
    joined = party("NGA", deposited=D(2023, 8, 3))  # in force 1 Feb 2024
    assert not is_expected(joined, 2024)
    assert is_expected(joined, 2025)


def test_in_force_on_1_january_means_expected_for_that_year():
    assert is_expected(party("X", deposited=D(2012, 7, 17)), 2013)  # in force 1 Jan 2013


def test_a_withdrawn_state_is_expected_only_while_withdrawal_takes_effect_after_the_due_date():
    lithuania = party("LTU", withdrawal=D(2025, 3, 6))
    assert is_expected(lithuania, 2023)  # due 30 Apr 2024, before the withdrawal
    assert not is_expected(lithuania, 2024)  # due 30 Apr 2025, after it


@pytest.mark.parametrize(
    ("withdrawal", "expected"), [(D(2024, 4, 30), False), (D(2024, 5, 1), True)]
)
def test_withdrawal_on_the_due_date_itself_means_not_expected(withdrawal, expected):
    assert is_expected(party("X", withdrawal=withdrawal), 2023) is expected


def test_unknown_entry_into_force_is_never_expected():
    assert expected_states([Member("X", None), party("Y")], 2023) == ["Y"]


# Received date and status


def test_submitted_exactly_on_30_april_is_on_time_and_on_1_may_one_day_late():
    assert status_of("A", [annual("A", 2023, D(2024, 4, 30))]).status is Status.ON_TIME
    late = status_of("A", [annual("A", 2023, D(2024, 5, 1))])
    assert (late.status, late.days_late) == (Status.LATE, 1)


def test_days_late_count_the_leap_day():
    # Due 30 Apr 2023; a year later is 366 days (29 Feb 2024), less 60 days (1 Mar - 30 Apr).
    late = status_of("A", [annual("A", 2022, D(2024, 3, 1))], year=2022)
    assert late.days_late == 306


def test_a_late_report_revised_later_stays_late():
    versions = [annual("A", 2023, D(2024, 6, 1)), annual("A", 2023, D(2024, 9, 1))]
    report = status_of("A", versions)
    assert (report.status, report.submitted, report.days_late) == (Status.LATE, D(2024, 6, 1), 32)


def test_an_on_time_report_revised_after_the_deadline_stays_on_time():
    versions = [annual("A", 2023, D(2024, 7, 1)), annual("A", 2023, D(2024, 4, 2))]
    report = status_of("A", versions)
    assert (report.status, report.submitted) == (Status.ON_TIME, D(2024, 4, 2))


def test_withdrawn_versions_never_count():
    versions = [annual("A", 2023, D(2024, 4, 1), withdrawn=True), annual("A", 2023, D(2024, 5, 5))]
    assert status_of("A", versions).status is Status.LATE
    assert status_of("A", versions[:1]).status is Status.MISSING


def test_a_report_with_no_submission_date_is_received_date_unknown():
    report = status_of("A", [annual("A", 2023, None)])
    assert (report.status, report.submitted, report.days_late) == (Status.DATE_UNKNOWN, None, None)


def test_a_dated_version_decides_over_an_undated_one():
    versions = [annual("A", 2023, None), annual("A", 2023, D(2024, 5, 3))]
    assert status_of("A", versions).days_late == 3


def test_a_version_submitted_after_on_is_ignored():
    versions = [annual("A", 2023, D(2024, 6, 1))]
    assert status_of("A", versions, on=D(2024, 5, 31)).status is Status.MISSING
    assert status_of("A", versions, on=D(2024, 6, 1)).status is Status.LATE


def test_a_year_whose_due_date_is_after_on_is_not_yet_due():
    on = D(2024, 4, 29)
    assert status_of("A", [], on=on).status is Status.NOT_YET_DUE
    assert status_of("A", [annual("A", 2023, D(2024, 3, 1))], on=on).status is Status.ON_TIME
    assert status_of("A", [], on=D(2024, 4, 30)).status is Status.MISSING  # the due date itself


def test_a_report_counts_for_the_year_its_period_ends_in_initial_reports_too():
    # The irregular initial report of domain.md: 1 Mar 2015 - 31 Oct 2017.
    irregular = initial("A", D(2017, 10, 31), D(2018, 2, 1))
    member = [party("A", deposited=D(2014, 9, 1))]  # in force 1 Mar 2015
    for_2017 = status_of("A", [irregular], year=2017, members=member)
    assert (for_2017.status, for_2017.submitted) == (Status.ON_TIME, D(2018, 2, 1))
    assert status_of("A", [irregular], year=2016, members=member).status is Status.MISSING


def test_received_date_is_per_state_and_per_year():
    versions = [annual("A", 2022, D(2023, 1, 1)), annual("B", 2023, D(2024, 1, 1))]
    assert set(received_for_year(versions, 2023, ON)) == {"B"}


def test_only_expected_states_are_listed_in_state_order():
    members = [party("C"), party("A"), party("NEW", deposited=D(2023, 8, 3))]
    versions = [annual("ZZZ", 2023, D(2024, 1, 1))]  # not a party: never listed
    assert [r.state for r in expected_reports(members, versions, 2023, ON)] == ["A", "C"]


# Overdue initial reports


def test_initial_report_overdue_with_days_since_the_due_date():
    [overdue] = overdue_initial([party("DEU")], [], ON)
    assert (overdue.state, overdue.due, overdue.days_overdue) == ("DEU", D(2011, 1, 28), 5777)


def test_initial_report_is_overdue_only_once_its_due_date_has_passed():
    member = [party("A", deposited=D(2023, 8, 3))]  # due 30 Jul 2024
    assert overdue_initial(member, [], D(2024, 7, 30)) == []
    [overdue] = overdue_initial(member, [], D(2024, 7, 31))
    assert overdue.days_overdue == 1


def test_any_counting_initial_version_means_received():
    members = [party("A"), party("B"), party("C"), party("D")]
    versions = [
        initial("A", D(2010, 12, 31), None),  # undated: received
        initial("B", D(2010, 12, 31), D(2030, 1, 1)),  # after --on: ignored
        initial("C", D(2010, 12, 31), D(2011, 5, 1), withdrawn=True),  # withdrawn: ignored
        annual("D", 2011, D(2012, 4, 1)),  # an annual report is not the initial report
    ]
    assert [o.state for o in overdue_initial(members, versions, ON)] == ["B", "C", "D"]


def test_withdrawn_and_unknown_states_owe_no_initial_report():
    members = [party("LTU", withdrawal=D(2025, 3, 6)), Member("X", None)]
    assert overdue_initial(members, [], ON) == []
    assert [o.state for o in overdue_initial(members, [], D(2025, 3, 5))] == ["LTU"]


def test_overdue_initial_reports_longest_overdue_first():
    members = [party("NEW", deposited=D(2023, 8, 3)), party("OLD"), party("AAA", D(2023, 8, 3))]
    assert [o.state for o in overdue_initial(members, [], ON)] == ["OLD", "AAA", "NEW"]
