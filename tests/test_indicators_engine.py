"""The engine on the spec's worked example (spec/indicators.md §10), computed from a store.

The five States and their reports are put into a migrated store (SQLite and PostgreSQL); every
sentence the spec gives is asserted word for word, and the figures of the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from tests.worked_example import AS_OF, ON, build
from tracker.db import transaction
from tracker.indicators.catalogue import load_catalogues
from tracker.indicators.results import CellEvidence, DecisionEvidence, Run, Status
from tracker.services.indicators import Options, compute_run, compute_series

TODAY = dt.date(2026, 12, 7)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker import clock

    monkeypatch.setattr(clock, "today", lambda: TODAY)
    monkeypatch.setattr(clock, "now", lambda: dt.datetime(2026, 12, 7, 12, tzinfo=dt.UTC))


@pytest.fixture
def example(engine) -> Iterator[object]:
    with transaction(engine) as session:
        build(session)
    yield engine


def run_of(engine, ids=(), **options) -> Run:
    loaded = load_catalogues().require_valid()
    chosen = [loaded.get(i) for i in ids] if ids else list(loaded.indicators)
    with transaction(engine) as session:
        return compute_run(
            session, loaded, chosen, Options(as_of=AS_OF, on=ON, **options), sources=True
        )


SENTENCES = {
    "core.needs.art3": "Of two (2) States parties that have reported to have or had obligations "
    "under Article 3, one (1) has highlighted assistance needs in stockpile destruction.",
    "core.obligations.art3": "There is currently one (1) State party with obligations under "
    "Article 3.",
    "core.completed.art4": "To date, one (1) State party has reported the completion of its "
    "clearance: Croatia.",
    "core.deadline.approaching.art4": "One (1) of two (2) States parties with obligations under "
    "Article 4 has its deadline within the twelve months after 31 December 2025: Chad.",
    "core.deadline.passed.art4": "One (1) of two (2) States parties with obligations under "
    "Article 4 is past its deadline on 31 December 2025: Mauritania.",
    "core.deadline.passed.art3": "None of one (1) State party with obligations under Article 3 "
    "is past its deadline on 31 December 2025.",
    "core.reporting.on_time": "Two (2) of five (5) States parties (40%) submitted their annual "
    "report for 2024 by 30 April 2025.",
    "core.reporting.received": "Four (4) of five (5) States parties (80%) had submitted it by "
    "31 December 2025.",
    "core.reporting.initial_overdue": "To date, two (2) States parties have overdue initial "
    "transparency reports: Cabo Verde and Togo.",
}

# (denominator States, numerator States, value) of §10.
FIGURES = {
    "core.needs.art3": ("HRV TGO", "TGO", 1),
    "core.needs.art4": ("HRV MRT TCD", "MRT TCD", 2),
    "core.needs.art5": ("HRV TCD", "HRV TCD", 2),
    "core.needs.art3.current": ("TGO", "TGO", 1),
    "core.obligations.art3": ("CPV HRV MRT TCD TGO", "TGO", 1),
    "core.obligations.art4": ("CPV HRV MRT TCD TGO", "MRT TCD", 2),
    "core.obligations.art5": ("CPV HRV MRT TCD TGO", "HRV TCD", 2),
    "core.completed.art4": ("HRV MRT TCD", "HRV", 1),
    "core.deadline.approaching.art4": ("MRT TCD", "TCD", 1),
    "core.deadline.passed.art4": ("MRT TCD", "MRT", 1),
    "core.deadline.passed.art3": ("TGO", "", 0),
    "core.reporting.on_time": ("CPV HRV MRT TCD TGO", "HRV MRT", 40),
    "core.reporting.received": ("CPV HRV MRT TCD TGO", "HRV MRT TCD TGO", 80),
    "core.reporting.initial_overdue": ("CPV HRV MRT TCD TGO", "CPV TGO", 2),
    "lausanne.43a": ("CPV HRV MRT TCD TGO", "HRV TCD", 40),
    "lausanne.44": ("MRT TCD TGO", "MRT TCD TGO", 100),
}


def test_the_worked_example_sentence_for_sentence(example) -> None:
    run = run_of(example)
    assert (run.as_of, run.since, run.on) == (2024, 2021, ON)
    for indicator_id, sentence in SENTENCES.items():
        assert run.result(indicator_id).sentence == sentence, indicator_id


def test_the_worked_example_figures(example) -> None:
    run = run_of(example, list(FIGURES))
    for indicator_id, (denominator, numerator, value) in FIGURES.items():
        result = run.result(indicator_id)
        assert result.status is Status.COMPUTED, indicator_id
        assert " ".join(result.denominator_states) == denominator, indicator_id
        assert " ".join(result.numerator_states) == numerator, indicator_id
        assert result.value == value, indicator_id


def test_not_computable_indicators_have_no_figures(example) -> None:
    result = run_of(example, ["lausanne.46"]).result("lausanne.46")
    assert result.status is Status.NOT_COMPUTABLE
    assert (result.denominator, result.numerator, result.sentence) == (None, None, None)


def test_evidence_names_the_cells_and_carry_forward(example) -> None:
    run = run_of(example, ["core.needs.art5", "core.deadline.approaching.art4"])
    croatia = run.result("core.needs.art5").evidence["HRV"]
    assert isinstance(croatia.numerator, CellEvidence)
    assert croatia.numerator.as_text() == (
        "Form I!B2 in HRV-2023.xlsx (2023 annual report, submitted 2024-04-15); carried "
        "forward from 2023 into the 2024 annual report (HRV-2024.xlsx)"
    )
    chad = run.result("core.deadline.approaching.art4").evidence["TCD"]
    assert isinstance(chad.numerator, CellEvidence)
    assert (chad.numerator.file, chad.numerator.sheet, chad.numerator.cell) == (
        "TCD-2024.xlsx",
        "Form F",
        "B4",
    )


def test_a_decision_is_the_evidence_of_a_deadline_it_sets(example) -> None:
    from tracker.models import ExtensionDecision

    with transaction(example) as session:
        session.add(
            ExtensionDecision(
                state_iso3="MRT",
                article=4,
                extended_until=dt.date(2026, 8, 1),
                decided_on=dt.date(2022, 9, 1),
                meeting="10MSP",
                source="CCM/MSP/2022/9",
                origin="imported",
                recorded_at=dt.datetime(2022, 9, 2, tzinfo=dt.UTC),
            )
        )
    run = run_of(example, ["core.deadline.approaching.art4", "core.deadline.passed.art4"])
    assert run.result("core.deadline.approaching.art4").numerator_states == ("MRT", "TCD")
    assert run.result("core.deadline.passed.art4").numerator_states == ()
    evidence = run.result("core.deadline.approaching.art4").evidence["MRT"].numerator
    assert evidence == DecisionEvidence("10MSP", dt.date(2022, 9, 1), "CCM/MSP/2022/9")


def test_the_reports_left_out_and_the_counted_sources(example) -> None:
    run = run_of(example, ["core.needs.art4"])
    assert run.excluded == ()
    files = {s.file for s in run.sources}
    assert {"HRV-2024.xlsx", "TCD-2022.xlsx", "MRT-18.xlsx"} <= files


def test_a_series_follows_the_years(example) -> None:
    loaded = load_catalogues().require_valid()
    chosen = [loaded.get("core.reporting.on_time"), loaded.get("lausanne.43b")]
    with transaction(example) as session:
        series = compute_series(session, loaded, chosen, 2019, 2025, Options())
    years = [run.as_of for run in series.runs]
    assert years == list(range(2019, 2026))
    plan = [run.result("lausanne.43b").status for run in series.runs]
    assert plan[:2] == [Status.NOT_IN_PLAN_PERIOD] * 2  # before the Lausanne Action Plan
    last = series.runs[-1].result("core.reporting.on_time")
    # 2025's reports were due 30 April 2026, judged on today (7 December 2026): none came.
    assert last.status is Status.COMPUTED and last.numerator == 0
    assert series.runs[-1].on == TODAY
    assert series.runs[5].result("core.reporting.on_time").value == 40  # 2024, as the example
