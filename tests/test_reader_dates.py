"""Dates that cannot be true (workbook spec): a year typed into a date cell, dates in the future,
a submission before the period ends, dates before the Convention, unusual annual periods.

"Today" comes from ``tracker.clock.today()``; every test here pins it, so the rules are checked
on a known day whatever the machine's clock says.
"""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook

from tests.workbooks import build_matrix, build_report
from tracker import clock
from tracker.ingest.dates import CONVENTION_OPENED, date_problems, looks_like_year
from tracker.ingest.reader import read_file
from tracker.models.enums import ReportType

D = dt.date
TODAY = D(2026, 5, 10)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: TODAY)


def found(parsed, code):
    return [i for i in parsed.issues if i.code == code]


def codes(parsed):
    return sorted(i.code for i in parsed.issues)


def read(tmp_path, **options):
    path = tmp_path / "r.xlsx"
    built = build_report(path, **options)
    return read_file(path), built


# --- a year typed into a date cell (finding 3) ----------------------------------------------


def _year_in_date_cell(wb: Workbook) -> None:
    """What Excel does when 2025 is typed into a cell formatted as a date: serial 2025."""
    ws = wb["Cover"]
    for row in ws.iter_rows(min_col=1, max_col=2):
        if row[0].value == "Date of submission":
            row[1].value = 2025
            row[1].number_format = "dd/mm/yyyy"


def test_a_year_typed_into_a_date_cell_says_year_not_1905(tmp_path):
    parsed, built = read(tmp_path, year=2024, extra=_year_in_date_cell)
    (bad,) = found(parsed, "bad-date")
    assert (bad.severity, bad.sheet, bad.cell, bad.field) == (
        "error",
        "Cover",
        built.cell("cover", "submitted_on"),
        "submitted_on",
    )
    assert bad.message == "2025 looks like a year: write the whole date, such as 30/04/2025"
    assert not parsed.ok
    # No other date code for the same cell: the cell could not be read as a date at all.
    assert found(parsed, "date-before-convention") == []


@pytest.mark.parametrize("written", [2025, 2025.0, "2025", "1900", 2100])
def test_a_whole_number_in_a_date_field_looks_like_a_year(tmp_path, written):
    parsed, built = read(tmp_path, cover_overrides={"submitted_on": written})
    (bad,) = found(parsed, "bad-date")
    year = int(float(written))
    assert bad.message == (f"{year} looks like a year: write the whole date, such as 30/04/{year}")
    assert bad.cell == built.cell("cover", "submitted_on")


def test_a_year_in_any_date_field_of_a_form(tmp_path):
    parsed, built = read(tmp_path, forms={"B": {"fields": {"deadline": 2021}}})
    (bad,) = found(parsed, "bad-date")
    assert (bad.sheet, bad.cell) == ("Form B", built.cell("B", "deadline"))
    assert bad.message.startswith("2021 looks like a year")


def test_the_1905_window_is_exactly_the_years_1900_to_2100():
    assert looks_like_year(D(1905, 3, 14)) == 1900
    assert looks_like_year(D(1905, 9, 30)) == 2100
    assert looks_like_year(D(1905, 7, 17)) == 2025
    assert looks_like_year(D(1905, 3, 13)) is None
    assert looks_like_year(D(1905, 10, 1)) is None


# --- the date of submission and the end of the period ---------------------------------------


def test_a_submission_dated_next_year_by_mistake_is_refused(tmp_path):
    # Finding 1: 30/04/2027 typed for 2026 would be current forever.
    parsed, built = read(tmp_path, year=2025, cover_overrides={"submitted_on": "30/04/2027"})
    (future,) = found(parsed, "future-date")
    assert (future.severity, future.cell, future.field, future.value) == (
        "error",
        built.cell("cover", "submitted_on"),
        "submitted_on",
        "30/04/2027",
    )
    assert "2027-04-30" in future.message and "2026-05-10" in future.message
    assert "check the year" in future.message
    assert not parsed.ok


def test_today_plus_one_day_is_allowed_for_time_zones(tmp_path):
    parsed, _ = read(tmp_path, year=2025, cover_overrides={"submitted_on": TODAY + dt.timedelta(1)})
    assert parsed.ok, [i.as_text() for i in parsed.issues]
    parsed, _ = read(tmp_path, year=2025, cover_overrides={"submitted_on": TODAY + dt.timedelta(2)})
    assert codes(parsed) == ["future-date"]


def test_a_period_that_has_not_ended_is_refused(tmp_path):
    parsed, built = read(
        tmp_path,
        year=2026,
        cover_overrides={"submitted_on": None},
    )
    (future,) = found(parsed, "future-date")
    assert (future.cell, future.field) == (built.cell("cover", "period_to"), "period_to")
    assert "2026-12-31" in future.message


def test_a_submission_before_the_period_ends_is_refused(tmp_path):
    # Finding 2: 30/04/2025 on a 2025 report would show it on time by a year.
    parsed, built = read(tmp_path, year=2025, cover_overrides={"submitted_on": "30/04/2025"})
    assert codes(parsed) == ["submitted-before-period-end"]
    (early,) = found(parsed, "submitted-before-period-end")
    assert (early.severity, early.cell, early.field) == (
        "error",
        built.cell("cover", "submitted_on"),
        "submitted_on",
    )
    assert "2025-04-30" in early.message and "2025-12-31" in early.message


def test_a_submission_on_the_last_day_of_the_period_is_fine(tmp_path):
    parsed, _ = read(tmp_path, year=2024, cover_overrides={"submitted_on": D(2024, 12, 31)})
    assert parsed.ok


@pytest.mark.parametrize(
    ("overrides", "cell_field"),
    [
        ({"submitted_on": D(2008, 12, 2), "period_from": D(2008, 1, 1), "period_to": D(2008, 11, 30)}, "submitted_on"),
        ({"submitted_on": D(1999, 4, 30), "period_to": "31/02/2024"}, "submitted_on"),
    ],
)  # fmt: skip
def test_dates_before_the_convention(tmp_path, overrides, cell_field):
    parsed, built = read(tmp_path, year=2024, cover_overrides=overrides)
    before = found(parsed, "date-before-convention")
    assert before and before[0].field == cell_field
    assert before[0].cell == built.cell("cover", cell_field)
    assert "3 December 2008" in before[0].message


def test_a_period_ending_before_the_convention(tmp_path):
    parsed, built = read(
        tmp_path,
        year=2005,
        cover_overrides={"submitted_on": D(2010, 4, 30)},
    )
    (before,) = found(parsed, "date-before-convention")
    assert (before.cell, before.field) == (built.cell("cover", "period_to"), "period_to")
    assert codes(parsed) == ["date-before-convention"]


def test_one_code_per_date_cell_the_first_that_applies():
    # A submission in the future and before the period's end: only future-date for that cell.
    problems = date_problems(
        period_from=D(2026, 1, 1),
        period_to=D(2027, 12, 31),
        submitted_on=D(2027, 6, 1),
        report_type=ReportType.ANNUAL,
        today=TODAY,
    )
    by_field = {(p.field, p.code) for p in problems}
    assert by_field == {("submitted_on", "future-date"), ("period_to", "future-date")}
    # Before the period's end and before the Convention: submitted-before-period-end wins.
    problems = date_problems(
        period_from=D(2008, 1, 1),
        period_to=D(2009, 12, 31),
        submitted_on=D(2008, 6, 1),
        report_type=ReportType.INITIAL,
        today=TODAY,
    )
    assert [(p.field, p.code) for p in problems] == [
        ("submitted_on", "submitted-before-period-end")
    ]
    assert D(2008, 12, 3) == CONVENTION_OPENED


def test_bad_period_stays_for_an_end_before_the_start(tmp_path):
    parsed, _ = read(
        tmp_path,
        cover_overrides={"period_from": "2024-12-31", "period_to": "2024-01-01"},
    )
    assert codes(parsed) == ["bad-period"]


# --- unusual annual periods -----------------------------------------------------------------


def test_an_annual_report_longer_than_13_months_is_unusual(tmp_path):
    parsed, built = read(
        tmp_path,
        cover_overrides={"period_from": D(2023, 1, 1), "period_to": D(2024, 12, 31)},
    )
    assert parsed.ok
    (unusual,) = found(parsed, "unusual-period")
    assert (unusual.severity, unusual.cell) == ("warning", built.cell("cover", "period_to"))
    assert "24 months" in unusual.message


def test_an_annual_report_not_ending_on_31_december_is_unusual(tmp_path):
    parsed, _ = read(
        tmp_path,
        cover_overrides={"period_from": D(2023, 7, 1), "period_to": D(2024, 6, 30)},
    )
    (unusual,) = found(parsed, "unusual-period")
    assert "31 December" in unusual.message and parsed.ok


def test_thirteen_months_ending_31_december_is_usual(tmp_path):
    parsed, _ = read(
        tmp_path,
        cover_overrides={"period_from": D(2023, 12, 1), "period_to": D(2024, 12, 31)},
    )
    assert parsed.ok and parsed.issues == []


def test_an_initial_report_may_have_any_period(tmp_path):
    parsed, _ = read(
        tmp_path,
        report_type="initial",
        cover_overrides={"period_from": D(2015, 3, 1), "period_to": D(2017, 10, 31)},
    )
    assert parsed.ok and parsed.issues == []


# --- the matrix sheet's Date of submission and Year -----------------------------------------


def test_matrix_rows_follow_the_same_date_rules(tmp_path):
    path = tmp_path / "matrix.xlsx"
    none = [None] * 7
    build_matrix(
        path,
        [
            ["Chad", 2015, *none, D(2016, 4, 30)],  # fine
            ["Lao PDR", 2015, *none, D(2015, 6, 30)],  # before the period's end
            ["Peru", 2015, *none, D(2027, 4, 30)],  # in the future
            ["Iraq", 2026, *none, None],  # a year that has not ended
            ["Chile", 2016, *none, 2017],  # a year in a date cell
        ],
    )
    parsed = read_file(path)
    got = sorted((i.cell, i.code) for i in parsed.issues if i.severity == "error")
    assert got == [
        ("B5", "future-date"),
        ("J3", "submitted-before-period-end"),
        ("J4", "future-date"),
        ("J6", "bad-date"),
    ]
    assert not parsed.ok
