"""Indicator results (spec/indicators.md §4) and the worked example of §10, sentence for sentence.

The engine that finds the States in the store comes with the read model; here the spec's own sets
of States (tests/indicator_examples.py) go through the result builder, so every sentence, figure
and value of §10 is checked.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.indicator_examples import DECISION, catalogues, cell, member, worked_run
from tracker.indicators.model import Unit
from tracker.indicators.results import (
    AbsenceEvidence,
    MembershipEvidence,
    Status,
    build_result,
    value_of,
)
from tracker.wording import Style

WORKED = {
    "core.needs.art3": (
        1,
        2,
        "Of two (2) States parties that have reported to have or had obligations under Article 3, one (1) has highlighted assistance needs in stockpile destruction.",
    ),
    "core.needs.art4": (2, 3, None),
    "core.needs.art5": (2, 2, None),
    "core.needs.art3.current": (1, 1, None),
    "core.obligations.art3": (
        1,
        5,
        "There is currently one (1) State party with obligations under Article 3.",
    ),
    "core.completed.art4": (
        1,
        3,
        "To date, one (1) State party has reported the completion of its clearance: Croatia.",
    ),
    "core.deadline.approaching.art4": (
        1,
        2,
        "One (1) of two (2) States parties with obligations under Article 4 has its deadline within the twelve months after 31 December 2025: Chad.",
    ),
    "core.deadline.passed.art4": (
        1,
        2,
        "One (1) of two (2) States parties with obligations under Article 4 is past its deadline on 31 December 2025: Mauritania.",
    ),
    "core.deadline.passed.art3": (
        0,
        1,
        "None of one (1) State party with obligations under Article 3 is past its deadline on 31 December 2025.",
    ),
    "core.reporting.on_time": (
        2,
        5,
        "Two (2) of five (5) States parties (40%) submitted their annual report for 2024 by 30 April 2025.",
    ),
    "core.reporting.received": (
        4,
        5,
        "Four (4) of five (5) States parties (80%) had submitted it by 31 December 2025.",
    ),
    "core.reporting.initial_overdue": (
        2,
        5,
        "To date, two (2) States parties have overdue initial transparency reports: Cabo Verde and Togo.",
    ),
    "lausanne.43a": (2, 5, None),
    "lausanne.44": (3, 3, None),
}


@pytest.mark.parametrize("indicator_id", list(WORKED))
def test_the_worked_example_sentence_for_sentence(indicator_id):
    numerator, denominator, sentence = WORKED[indicator_id]
    result = worked_run().result(indicator_id)
    assert result.status is Status.COMPUTED
    assert (result.numerator, result.denominator) == (numerator, denominator)
    if sentence is not None:
        assert result.sentence == sentence


def test_the_worked_example_s_states_and_values():
    run = worked_run()
    art4 = run.result("core.needs.art4")
    assert art4.denominator_states == ("HRV", "MRT", "TCD") and art4.numerator_states == (
        "MRT",
        "TCD",
    )
    assert art4.value == 2
    assert run.result("core.obligations.art4").numerator_states == ("MRT", "TCD")
    assert run.result("core.obligations.art5").numerator_states == ("HRV", "TCD")
    assert run.result("lausanne.43a").value == 40
    assert run.result("lausanne.44").value == 100
    assert run.result("core.reporting.received").value == 80
    lausanne45 = run.result("lausanne.45")
    assert lausanne45.status is Status.NOT_COMPUTABLE
    assert (
        lausanne45.denominator,
        lausanne45.numerator,
        lausanne45.value,
        lausanne45.sentence,
    ) == (None,) * 4


def test_percentages_are_whole_and_rounded_half_up_and_null_for_nothing():
    assert value_of(Unit.PERCENTAGE, 1, 8) == 13
    assert value_of(Unit.PERCENTAGE, 5, 17) == 29
    assert value_of(Unit.PERCENTAGE, 1, 3) == 33
    assert value_of(Unit.PERCENTAGE, 0, 0) is None
    assert value_of(Unit.COUNT, 4, 9) == 4


def test_on_time_is_not_yet_due_before_30_april():
    indicator = catalogues().get("core.reporting.on_time")
    result = build_result(
        indicator,
        as_of=2025,
        since=2021,
        on=dt.date(2026, 3, 1),
        denominator={"HRV": member("HRV"), "TCD": member("TCD")},
        numerator={"HRV": member("HRV")},
    )
    assert result.status is Status.NOT_YET_DUE
    assert (result.numerator, result.denominator) == (1, 2)
    assert result.value is None and result.sentence is None
    assert result.status_text() == "not yet due: annual reports for 2025 are due 30 April 2026"
    due = build_result(
        indicator,
        as_of=2025,
        since=2021,
        on=dt.date(2026, 4, 30),
        denominator={"HRV": member("HRV")},
        numerator={},
    )
    assert due.status is Status.COMPUTED and due.value == 0


def test_a_numerator_outside_the_denominator_is_a_bug():
    indicator = catalogues().get("core.needs.art3")
    with pytest.raises(ValueError, match="numerator States not in the denominator"):
        build_result(
            indicator,
            as_of=2024,
            since=2021,
            on=dt.date(2025, 12, 31),
            denominator={},
            numerator={"HRV": member("HRV")},
        )


def test_french_falls_back_to_english_templates_and_says_so():
    result = worked_run(["core.needs.art4"], lang="fr", style=Style.DIGITS).result(
        "core.needs.art4"
    )
    assert result.lang == "en"
    assert result.sentence.startswith("Of 3 States parties")


def test_evidence_in_json_and_text():
    carried = cell("HRV-2024", "Form F", "B1", carried_from=2023)
    assert carried.as_json() == {
        "file": "HRV-2023.xlsx",
        "reporting_year": 2023,
        "report_type": "annual",
        "submitted": "2024-04-15",
        "sheet": "Form F",
        "cell": "B1",
        "carried_from": 2023,
        "basis": "cell",
    }
    assert carried.as_text() == (
        "Form F!B1 in HRV-2023.xlsx (2023 annual report, submitted 2024-04-15); carried forward "
        "from 2023 into the 2024 annual report (HRV-2024.xlsx)"
    )
    assert (
        cell("TCD-2024", "Form F", "B1").as_text()
        == "Form F!B1 in TCD-2024.xlsx (2024 annual report, submitted 2025-05-20)"
    )
    assert (
        MembershipEvidence(dt.date(2011, 4, 1)).as_text()
        == "membership record (in force 2011-04-01)"
    )
    assert MembershipEvidence(dt.date(2011, 4, 1)).as_json() == {
        "basis": "membership",
        "entry_into_force": "2011-04-01",
        "withdrawal_effective": None,
    }
    assert MembershipEvidence(None, dt.date(2025, 3, 6)).as_text() == (
        "membership record (entry into force unknown, withdrawal effective 2025-03-06)"
    )
    assert DECISION.as_text() == "decision of 9MSP (2019-09-04)"
    assert DECISION.as_json() == {
        "basis": "decision",
        "meeting": "9MSP",
        "decided_on": "2019-09-04",
        "source": "CCM/MSP/2019/9",
    }
    absence = AbsenceEvidence("no initial report received by 2025-12-31")
    assert absence.as_json() == {
        "basis": "absence",
        "detail": "no initial report received by 2025-12-31",
    }
    assert absence.as_text() == "no initial report received by 2025-12-31"
