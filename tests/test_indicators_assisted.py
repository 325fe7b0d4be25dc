"""The ``assisted`` predicate in the indicators' engine, on the demo's sample store.

A catalogue asks for the States with needs under Article 4 whose need the window's flows
support; the engine's answer must be ``tracker assistance match``'s for the same window (the
same counted reports), State for State, with the deciding flows' cells as evidence.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tracker.assistance.match import Status
from tracker.db import make_engine, transaction
from tracker.indicators.catalogue import load_catalogues
from tracker.indicators.results import FlowEvidence
from tracker.services.indicators import Options, compute_run, compute_series

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = """\
key: mine
plan: null
indicators:
  - id: mine.assisted.art4
    actions: []
    theme: International cooperation and assistance
    label: Supported
    title: States parties with Article 4 needs reported to have received support for them
    population: {all: [{obligation: {article: 4}}, {declared_need: {areas: [clearance, risk_reduction_education]}}]}
    condition: {assisted: {article: 4}}
    unit: count
    sentence: {en: {text: "{numerator} of {denominator}: {names}.", zero_denominator: "None.", zero_numerator: "None of {denominator}."}}
  - id: mine.possibly.art4
    actions: []
    theme: International cooperation and assistance
    label: Possibly supported
    title: States parties with Article 4 needs reported to have received any support
    population: {all: [{obligation: {article: 4}}, {declared_need: {areas: [clearance, risk_reduction_education]}}]}
    condition: {assisted: {article: 4, status: possibly}}
    unit: count
    sentence: {en: {text: "{numerator} of {denominator}.", zero_denominator: "None."}}
"""


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker import clock

    monkeypatch.setattr(clock, "today", lambda: dt.date(2026, 12, 7))
    monkeypatch.setattr(clock, "now", lambda: dt.datetime(2026, 12, 7, 12, tzinfo=dt.UTC))


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> str:
    """The demo's data: sample membership, every sample report, the sample flow file."""
    from tracker.ingest.membership import read_membership
    from tracker.services.assistance import import_flow_files
    from tracker.services.demo import SAMPLE_FLOWS, SAMPLES, membership_files
    from tracker.services.imports import import_paths
    from tracker.services.membership import apply_membership
    from tracker.services.setup import upgrade_database

    folder = tmp_path_factory.mktemp("assisted")
    url = f"sqlite:///{folder / 'samples.db'}"
    engine = make_engine(url)
    upgrade_database(engine)
    for path in membership_files():
        with transaction(engine) as session:
            apply_membership(session, read_membership(path), replace=False)
    assert not import_paths(engine, [SAMPLES], jobs=0).summary.rejected
    assert not import_flow_files(engine, sorted(SAMPLE_FLOWS.glob("*.csv"))).exit_code
    engine.dispose()
    return url


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(CATALOGUE, encoding="utf-8")
    return path


def _match(url: str, as_of: int, since: int):
    from tracker.services.assistance import compute_match

    engine = make_engine(url)
    try:
        with transaction(engine) as session:
            return compute_match(session, as_of=as_of, since=since).result
    finally:
        engine.dispose()


def _run(url: str, catalogue: Path, as_of: int, since: int):
    loaded = load_catalogues([catalogue]).require_valid()
    chosen = [loaded.get("mine.assisted.art4"), loaded.get("mine.possibly.art4")]
    engine = make_engine(url)
    try:
        with transaction(engine) as session:
            return compute_run(session, loaded, chosen, Options(as_of=as_of, since=since))
    finally:
        engine.dispose()


def test_assisted_gives_the_matchs_states_with_their_flows_as_evidence(sample_db, catalogue):
    article = next(a for a in _match(sample_db, 2025, 2021).articles if a.article == 4)
    supported = article.with_status(Status.SUPPORTED)
    possibly = article.with_status(Status.POSSIBLY_SUPPORTED)
    assert supported and possibly, "the samples show both statuses under Article 4"

    run = _run(sample_db, catalogue, 2025, 2021)
    strict, loose = run.result("mine.assisted.art4"), run.result("mine.possibly.art4")
    assert strict.denominator_states == tuple(sorted(m.state for m in article.states))
    assert strict.numerator_states == tuple(sorted(supported))
    assert loose.numerator_states == tuple(sorted((*supported, *possibly)))
    assert "LAO" in strict.numerator_states  # Lao PDR, supported (scripts/samples/flows.py)
    for match in article.states:
        evidence = strict.evidence[match.state].numerator
        if match.status is not Status.SUPPORTED:
            assert evidence is None
            continue
        assert evidence == FlowEvidence(
            4, "supported", tuple(f.provenance.cited for f in match.deciding)
        )
        assert evidence.as_json()["basis"] == "flows"


def test_each_year_of_a_series_matches_its_own_window(sample_db, catalogue):
    loaded = load_catalogues([catalogue]).require_valid()
    chosen = [loaded.get("mine.assisted.art4")]
    engine = make_engine(sample_db)
    try:
        with transaction(engine) as session:
            series = compute_series(session, loaded, chosen, 2023, 2025, Options(since=2021))
    finally:
        engine.dispose()
    for run in series.runs:
        article = next(a for a in _match(sample_db, run.as_of, 2021).articles if a.article == 4)
        expected = tuple(sorted(article.with_status(Status.SUPPORTED)))
        assert run.results[0].numerator_states == expected, run.as_of


def test_the_command_explains_assisted_with_the_deciding_flows(run_cli, sample_db, catalogue):
    args = ("--db", sample_db, "indicators", "compute", "mine.assisted.art4")
    window = ("--as-of", "2025", "--since", "2021", "--catalogue", str(catalogue))
    result = run_cli(*args, *window, "--format", "json", "--explain")
    assert result.exit_code == 0, result.stderr
    (entry,) = json.loads(result.stdout)["results"]
    lao = entry["provenance"]["LAO"]["numerator"]
    assert lao["basis"] == "flows" and lao["status"] == "supported" and lao["cells"]
    text = run_cli(*args, *window, "--explain")
    assert text.exit_code == 0, text.stderr
    assert (
        f"Article 4 supported by the flow{'s' if len(lao['cells']) > 1 else ''} at " in text.stdout
    )
