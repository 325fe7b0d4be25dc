"""Article 3 and 4 deadlines and their flags (``spec/compliance.md``, Deadlines), pure."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from tracker.carry import resolve_all
from tracker.compliance.deadline_output import deadline_lines, deadlines_title
from tracker.compliance.deadlines import (
    DeadlineSource,
    add_years,
    deadlines_of_all,
    deadlines_of_state,
)
from tracker.enums import ObligationStatus, ReportType
from tracker.readmodel import ArticleFactData, Decision, RawReport, ReportRef


def render_deadlines(deadlines):
    """The deadlines as ``tracker state show`` prints them: the title, then indented lines."""
    return [deadlines_title(deadlines), *(f"  {line}" for line in deadline_lines(deadlines))]


D = dt.date
ON = D(2026, 11, 22)
EIF = D(2010, 8, 1)
_ids = itertools.count(1)
UNSET = D(1, 1, 1)


def report(
    year: int,
    article: int = 3,
    status: str = "has",
    *,
    deadline: dt.date | None = None,
    extension: dt.date | None = None,
    report_type: ReportType = ReportType.ANNUAL,
    state: str = "AAA",
    submitted: dt.date | None = UNSET,
    cells: bool = True,
) -> RawReport:
    """A current report of ``state`` giving one article's status and dates.

    Submitted on 1 April of the next year unless told; the deadline sits in B2 and the
    extension in B3 (``cells=False``: not recorded, as in a store older than migration 0004).
    """
    rid = next(_ids)
    ref = ReportRef(
        report_id=rid,
        state_iso3=state,
        reporting_year=year,
        report_type=report_type,
        submitted_on=D(year + 1, 4, 1) if submitted is UNSET else submitted,
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
        deadline_cell="B2" if cells and deadline else None,
        extension_cell="B3" if cells and extension else None,
    )  # fmt: skip
    return RawReport(ref, articles={article: fact})


def decision(
    until: dt.date, decided: dt.date, article: int = 3, state: str = "AAA", meeting: str = "9MSP"
) -> Decision:
    return Decision(state, article, until, decided, meeting, "final report")


def deadlines(*raw: RawReport, eif: dt.date | None = EIF, on: dt.date = ON, decisions=()):
    return deadlines_of_state("AAA", resolve_all(list(raw)), eif, on, decisions)


def test_no_deadline_without_a_reported_obligation():
    # Finding 6: Japan never reported contamination; a deadline would read like a missed one.
    result = deadlines(report(2019, 3, "had"), report(2019, 4, "none"))
    a4 = result.article(4)
    assert (a4.obligation, a4.deadline, a4.source, a4.flags) == (False, None, None, [])
    assert result.article(3).obligation and result.article(3).deadline == D(2018, 8, 1)
    assert "  Article 4: no Article 4 obligation reported" in render_deadlines(result)
    # Not even from a decision: the obligation comes from the State's own reports.
    alone = deadlines(decisions=[decision(D(2030, 1, 1), D(2020, 1, 1))]).article(3)
    assert (alone.obligation, alone.deadline) == (False, None)


def test_with_an_obligation_and_no_dates_the_treaty_deadlines_from_entry_into_force():
    result = deadlines(report(2012, 3, "has"), report(2012, 4, "had"))
    assert result.article(3).deadline == D(2018, 8, 1)
    assert result.article(4).deadline == D(2020, 8, 1)
    assert result.article(3).source is DeadlineSource.ENTRY_INTO_FORCE
    assert result.article(4).source_label == "entry into force + 10 years"


def test_blank_when_entry_into_force_is_unknown_and_no_date_reported():
    a3 = deadlines(report(2012), eif=None).article(3)
    assert (a3.obligation, a3.deadline, a3.source) == (True, None, None)


def test_the_latest_reported_deadline_beats_entry_into_force():
    a3 = deadlines(
        report(2019, deadline=D(2018, 8, 1)), report(2021, deadline=D(2022, 8, 1))
    ).article(3)
    assert (a3.deadline, a3.source) == (D(2022, 8, 1), DeadlineSource.REPORTED)
    assert a3.provenance is not None and a3.provenance.reporting_year == 2021
    assert a3.provenance.cell == "B2"  # the deadline's own cell, not the status's


def test_an_extension_granted_beats_a_later_reported_deadline():
    a3 = deadlines(
        report(2020, extension=D(2024, 8, 1)), report(2022, deadline=D(2018, 8, 1))
    ).article(3)
    assert (a3.deadline, a3.source) == (D(2024, 8, 1), DeadlineSource.EXTENSION)
    assert a3.extension_until == D(2024, 8, 1) and a3.provenance.cell == "B3"


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
        resolve_all(
            [
                report(2022, state="BBB", deadline=D(2030, 1, 1)),
                report(2022, state="CCC", article=4),
            ]
        ),
        {"AAA": EIF, "CCC": None},
        ON,
        [decision(D(2031, 1, 1), D(2020, 1, 1), state="BBB")],
    )
    assert list(everyone) == ["AAA", "BBB", "CCC"]
    assert everyone["BBB"].article(3).deadline == D(2031, 1, 1)  # its own decision only
    assert everyone["CCC"].article(4).deadline is None  # entry into force unknown
    assert not everyone["AAA"].article(3).obligation


# --- extension decisions ------------------------------------------------------------------


def test_a_decision_beats_every_report():
    a3 = deadlines(
        report(2018, extension=D(2022, 1, 1)),
        report(2019, deadline=D(2018, 8, 1)),
        decisions=[decision(D(2023, 8, 1), D(2020, 9, 5))],
    ).article(3)
    assert (a3.deadline, a3.source) == (D(2023, 8, 1), DeadlineSource.DECISION)
    assert a3.decision is not None and a3.decision.meeting == "9MSP"
    assert a3.source_label == "extension decision of 9MSP, decided 2020-09-05"
    assert a3.extension_until == D(2023, 8, 1)
    assert a3.disagreement is None  # the 2018 report predates the decision: no disagreement


def test_only_decisions_taken_by_on_and_of_the_article_count():
    taken_later = decision(D(2030, 1, 1), D(2026, 11, 23))
    other_article = decision(D(2031, 1, 1), D(2019, 1, 1), article=4)
    a3 = deadlines(report(2019), decisions=[taken_later, other_article]).article(3)
    assert (a3.deadline, a3.source) == (D(2018, 8, 1), DeadlineSource.ENTRY_INTO_FORCE)
    on_the_day = deadlines(report(2019), on=D(2026, 11, 23), decisions=[taken_later])
    assert on_the_day.article(3).deadline == D(2030, 1, 1)


def test_the_latest_decision_by_date_decided_wins():
    a3 = deadlines(
        report(2019),
        decisions=[decision(D(2024, 1, 1), D(2022, 9, 1)), decision(D(2022, 1, 1), D(2018, 9, 1))],
    ).article(3)
    assert a3.deadline == D(2024, 1, 1)


def test_a_later_extension_reported_after_the_latest_decision_wins():
    # The shipped decisions are incomplete: a State's report after the decision knows better.
    a3 = deadlines(
        report(2022, extension=D(2026, 3, 1), submitted=D(2023, 4, 2)),
        decisions=[decision(D(2024, 3, 1), D(2020, 11, 25))],
    ).article(3)
    assert (a3.deadline, a3.source) == (D(2026, 3, 1), DeadlineSource.REPORTED_LATER)
    assert a3.source_label == "reported by the State; no decision on file"
    assert a3.provenance is not None and (a3.provenance.cell, a3.provenance.reporting_year) == (
        "B3",
        2022,
    )
    assert a3.decision is not None and a3.decision.extended_until == D(2024, 3, 1)
    assert a3.extension_until == D(2026, 3, 1)
    line = render_deadlines(deadlines(
        report(2022, extension=D(2026, 3, 1), submitted=D(2023, 4, 2)),
        decisions=[decision(D(2024, 3, 1), D(2020, 11, 25))],
    ))[1]  # fmt: skip
    assert line.startswith(
        "  Article 3: 2026-03-01 (reported by the State; no decision on file: 2022 annual report, "
        "Form B!B3 in AAA-2022-"
    )
    assert "later than the latest decision on file (extension decision of 9MSP" in line


@pytest.mark.parametrize(
    ("submitted", "until", "why"),
    [
        (D(2019, 4, 1), D(2026, 3, 1), "later, but written before the decision"),
        (D(2023, 4, 2), D(2023, 3, 1), "written after the decision, but earlier"),
        (None, D(2026, 3, 1), "later, but undated: not known to be after the decision"),
    ],
)
def test_a_report_that_disagrees_with_the_decision_is_noted_and_the_decision_stands(
    submitted, until, why
):
    result = deadlines(
        report(2021, extension=until, submitted=submitted),
        decisions=[decision(D(2024, 3, 1), D(2020, 11, 25))],
    )
    a3 = result.article(3)
    assert (a3.deadline, a3.source) == (D(2024, 3, 1), DeadlineSource.DECISION), why
    assert a3.disagreement is not None and a3.disagreement.value == until, why
    note = render_deadlines(result)[2]
    assert note.startswith("    note: the 2021 annual report, Form B!B3 in AAA-2021-"), note
    assert note.endswith(
        f"gives {until.isoformat()}; the decision stands (extension decision of 9MSP, "
        "decided 2020-11-25, until 2024-03-01)"
    )


def test_a_report_repeating_the_decision_is_no_disagreement():
    a3 = deadlines(
        report(2021, extension=D(2024, 3, 1)), decisions=[decision(D(2024, 3, 1), D(2020, 11, 25))]
    ).article(3)
    assert a3.disagreement is None


def test_a_cell_not_recorded_is_named_by_its_field_never_by_the_status_cell():
    lines = render_deadlines(deadlines(report(2025, 4, extension=D(2026, 8, 1), cells=False)))
    assert 'Form F, field "Extension granted until" in AAA-2025-' in lines[2]
    assert "Form F!B1 in AAA-2025" not in lines[2].split(";")[0]


def test_the_renderer_names_deadline_source_status_and_flags():
    a4, a3 = report(2025, 4, extension=D(2026, 8, 1)), report(2019, 3, "had")
    lines = render_deadlines(deadlines(a4, a3))
    assert lines[0].startswith("Deadlines on 2026-11-22")
    assert lines[1] == (
        "  Article 3: 2018-08-01 (entry into force + 8 years); current status had "
        f"(2019 annual report, Form B!B1 in {a3.ref.file_name})"
    )
    name = a4.ref.file_name
    assert lines[2] == (
        f"  Article 4: 2026-08-01 (extension granted: 2025 annual report, Form F!B3 in {name}); "
        f"current status has (2025 annual report, Form F!B1 in {name}); deadline passed"
    )
