"""Article 3 and 4 deadlines and their flags (``spec/compliance.md``, Deadlines), pure."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from tracker.carry import ArticleFactData, RawReport, ReportRef, resolve_all
from tracker.compliance.deadlines import (
    DeadlineSource,
    add_years,
    deadlines_of_all,
    deadlines_of_state,
    render_deadlines,
)
from tracker.models.enums import ObligationStatus, ReportType

D = dt.date
ON = D(2026, 11, 22)
EIF = D(2010, 8, 1)
_ids = itertools.count(1)


def report(
    year: int,
    article: int = 3,
    status: str = "has",
    *,
    deadline: dt.date | None = None,
    extension: dt.date | None = None,
    report_type: ReportType = ReportType.ANNUAL,
    state: str = "AAA",
) -> RawReport:
    """A current report of ``state`` giving one article's status and dates."""
    rid = next(_ids)
    ref = ReportRef(
        report_id=rid,
        state_iso3=state,
        reporting_year=year,
        report_type=report_type,
        submitted_on=D(year + 1, 4, 1),
        period_from=D(year, 1, 1),
        period_to=D(year, 12, 31),
        file_name=f"{state}-{year}-{rid}.xlsx",
        sha256=f"{rid:064d}",
        channel="workbook",
        is_current=True,
        is_withdrawn=False,
    )
    fact = ArticleFactData(
        article, ObligationStatus(status), f"Form {'B' if article == 3 else 'F'}", "B1",
        deadline=deadline, extension_until=extension,
    )  # fmt: skip
    return RawReport(ref, articles={article: fact})


def deadlines(*raw: RawReport, eif: dt.date | None = EIF, on: dt.date = ON):
    return deadlines_of_state("AAA", resolve_all(list(raw)), eif, on)


def test_without_reports_the_treaty_deadlines_from_entry_into_force():
    result = deadlines()
    assert result.article(3).deadline == D(2018, 8, 1)
    assert result.article(4).deadline == D(2020, 8, 1)
    assert result.article(3).source is DeadlineSource.ENTRY_INTO_FORCE
    assert result.article(4).source_label == "entry into force + 10 years"
    assert result.article(3).flags == []  # no reported status: no flags


def test_blank_when_entry_into_force_is_unknown_and_nothing_reported():
    a3 = deadlines(eif=None).article(3)
    assert (a3.deadline, a3.source) == (None, None)


def test_the_latest_reported_deadline_beats_entry_into_force():
    a3 = deadlines(
        report(2019, deadline=D(2018, 8, 1)), report(2021, deadline=D(2022, 8, 1))
    ).article(3)
    assert (a3.deadline, a3.source) == (D(2022, 8, 1), DeadlineSource.REPORTED)
    assert a3.provenance is not None and a3.provenance.reporting_year == 2021


def test_an_extension_granted_beats_a_later_reported_deadline():
    a3 = deadlines(
        report(2020, extension=D(2024, 8, 1)), report(2022, deadline=D(2018, 8, 1))
    ).article(3)
    assert (a3.deadline, a3.source) == (D(2024, 8, 1), DeadlineSource.EXTENSION)


def test_the_latest_extension_granted_wins():
    a4 = deadlines(
        report(2023, 4, extension=D(2026, 8, 1)), report(2019, 4, extension=D(2031, 8, 1))
    ).article(4)
    assert a4.deadline == D(2031, 8, 1)


def test_annual_before_initial_within_a_year():
    a3 = deadlines(
        report(2015, deadline=D(2019, 1, 1)),
        report(2015, deadline=D(2020, 1, 1), report_type=ReportType.INITIAL),
    ).article(3)
    assert a3.deadline == D(2019, 1, 1)


def test_current_status_comes_from_reports_before_the_year_of_on():
    a3 = deadlines(report(2025, status="has"), report(2026, status="had")).article(3)
    assert a3.status is ObligationStatus.HAS
    assert a3.status_provenance is not None and a3.status_provenance.reporting_year == 2025


@pytest.mark.parametrize(
    ("deadline", "flags"),
    [
        (D(2026, 11, 21), ["deadline passed"]),
        (D(2026, 11, 22), []),  # on --on itself: neither passed nor in (on, on + 12 months]
        (D(2026, 11, 23), ["deadline approaching"]),
        (D(2027, 11, 22), ["deadline approaching"]),  # on + 12 months: still inside
        (D(2027, 11, 23), []),
    ],
)
def test_flags_for_a_state_that_has_obligations(deadline, flags):
    assert deadlines(report(2025, deadline=deadline)).article(3).flags == flags


@pytest.mark.parametrize("status", ["had", "none"])
def test_no_flags_unless_the_current_status_is_has(status):
    assert deadlines(report(2025, status=status, deadline=D(2020, 1, 1))).article(3).flags == []


def test_twelve_months_from_29_february_ends_on_28_february():
    on = D(2028, 2, 29)
    assert add_years(on, 1) == D(2029, 2, 28)
    assert deadlines(report(2027, deadline=D(2029, 2, 28)), on=on).article(3).approaching
    assert not deadlines(report(2027, deadline=D(2029, 3, 1)), on=on).article(3).approaching


def test_all_states_from_membership_and_reports():
    everyone = deadlines_of_all(
        resolve_all([report(2022, state="BBB", deadline=D(2030, 1, 1))]),
        {"AAA": EIF, "CCC": None},
        ON,
    )
    assert list(everyone) == ["AAA", "BBB", "CCC"]
    assert everyone["BBB"].article(3).deadline == D(2030, 1, 1)
    assert everyone["CCC"].article(4).deadline is None


def test_the_renderer_names_deadline_source_status_and_flags():
    lines = render_deadlines(deadlines(report(2025, 4, extension=D(2026, 8, 1))))
    assert lines[0].startswith("Deadlines on 2026-11-22")
    assert lines[1] == (
        "  Article 3: 2018-08-01 (entry into force + 8 years); no current status reported"
    )
    assert lines[2] == (
        "  Article 4: 2026-08-01 (extension granted: 2025 annual report, Form F!B1); "
        "current status has (2025 annual report, Form F!B1); deadline passed"
    )
