"""Compliance sentences, rates and percentages (``spec/compliance.md``, Sentences and Output)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tracker.compliance.rates import Tally, fraction, percent
from tracker.compliance.sentences import compliance_sentences, long_date
from tracker.compliance.status import build_reporting_status
from tracker.models.enums import ReportType
from tracker.readmodel import Submission

D = dt.date
ON = D(2026, 11, 22)
DUE_2023 = D(2024, 4, 30)


def test_the_spec_example_seventeen_expected_five_on_time_one_late():
    tally = Tally(expected=17, on_time=5, late=1, missing=11)
    assert compliance_sentences(2023, DUE_2023, ON, tally) == [
        "Five (5) of seventeen (17) States parties (29%) submitted their annual report for 2023 "
        "by 30 April 2024.",
        "Six (6) of seventeen (17) States parties (35%) had submitted it by 22 November 2026.",
    ]
    assert (tally.on_time_rate, tally.received_rate) == (Decimal("0.2941"), Decimal("0.3529"))


@pytest.mark.parametrize(
    ("numerator", "denominator", "whole"),
    [(1, 8, 13), (1, 40, 3), (3, 8, 38), (5, 17, 29), (0, 3, 0), (3, 3, 100)],
)
def test_percentages_are_whole_and_rounded_half_up(numerator, denominator, whole):
    # 12.5 -> 13 and 2.5 -> 3, where round() would give 12 and 2 (half to even).
    assert percent(numerator, denominator) == whole


def test_rates_have_four_decimals_rounded_half_up_and_none_without_a_total():
    assert fraction(1, 32) == Decimal("0.0313")  # 0.03125
    assert fraction(2, 3) == Decimal("0.6667")
    assert fraction(0, 0) is None


def test_half_up_in_a_sentence():
    tally = Tally(expected=8, on_time=1, late=2, missing=5)
    first, second = compliance_sentences(2023, DUE_2023, ON, tally)
    assert "One (1) of eight (8) States parties (13%)" in first
    assert second.startswith("Three (3) of eight (8) States parties (38%) had submitted it")


def test_nothing_expected_gives_one_sentence_and_no_rates():
    tally = Tally()
    assert compliance_sentences(2009, D(2010, 4, 30), ON, tally) == [
        "No State party was expected to report for 2009."
    ]
    assert (tally.on_time_rate, tally.received_rate) == (None, None)


def test_none_on_time_and_a_single_state():
    none = compliance_sentences(2023, DUE_2023, ON, Tally(expected=2, missing=2))
    assert none[0].startswith("None of two (2) States parties (0%) submitted")
    one = compliance_sentences(2023, DUE_2023, ON, Tally(expected=1, on_time=1))
    assert one[0].startswith("One (1) of one (1) State party (100%) submitted")


def test_received_counts_late_and_undated_reports_but_on_time_does_not():
    tally = Tally(expected=4, on_time=1, late=1, received_date_unknown=1, missing=1)
    assert tally.received == 3
    assert (tally.on_time_rate, tally.received_rate) == (Decimal("0.2500"), Decimal("0.7500"))


def test_reports_not_yet_due_are_left_out_of_the_rates_and_the_first_sentence():
    on = D(2024, 3, 1)  # before the due date of 2023's reports
    tally = Tally(expected=4, on_time=1, not_yet_due=3)
    assert (tally.judged, tally.on_time_rate) == (1, Decimal("1.0000"))
    assert compliance_sentences(2023, DUE_2023, on, tally) == [
        "One (1) of four (4) States parties (25%) had submitted it by 1 March 2024."
    ]


def test_long_dates_have_no_leading_zero():
    assert long_date(D(2024, 3, 1)) == "1 March 2024"


def test_the_reporting_status_ties_counts_and_sentences_together():
    class M:
        def __init__(self, iso3: str) -> None:
            self.iso3, self.entry_into_force, self.withdrawal_effective = iso3, D(2010, 8, 1), None

    members = [M(c) for c in ("AAA", "BBB", "CCC")]
    versions = [
        Submission("AAA", ReportType.ANNUAL, D(2023, 12, 31), D(2024, 4, 30)),
        Submission("BBB", ReportType.ANNUAL, D(2023, 12, 31), D(2024, 5, 2)),
    ]
    status = build_reporting_status(members, versions, 2023, ON)
    assert (status.tally.on_time, status.tally.late, status.tally.missing) == (1, 1, 1)
    assert status.sentences[0].startswith("One (1) of three (3) States parties (33%)")
    assert status.sentences[1].startswith("Two (2) of three (3) States parties (67%)")
    assert [o.state for o in status.overdue_initial] == ["AAA", "BBB", "CCC"]
