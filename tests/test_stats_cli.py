"""``tracker stats needs`` through the store: defaults, exit codes, the three output formats."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from tests.factories import add_membership, add_report
from tracker.db import transaction
from tracker.models.enums import NeedArea, ReportType
from tracker.services.stats import compute_needs_statistics
from tracker.wording import Style


def _small_store(engine) -> None:
    """Three parties, one signatory, one State without membership, some history."""
    with transaction(engine) as s:
        for iso3 in ("TCD", "LAO", "DEU"):
            add_membership(s, iso3)
        add_membership(s, "AGO", deposited=None, signed=dt.date(2008, 12, 3))
        add_report(s, "TCD", 2019, articles={4: "has", 5: "has"}, needs=[NeedArea.CLEARANCE])
        add_report(s, "TCD", 2022, unchanged={"F": 2019, "H": 2019, "I": 2019})
        add_report(
            s, "LAO", 2023, articles={4: "has", 5: "has"}, needs=[NeedArea.VICTIM_ASSISTANCE]
        )
        add_report(s, "LAO", 2023, articles={4: "none"}, current=False)  # superseded
        add_report(s, "DEU", 2022, articles={3: "had", 4: "has"})
        add_report(
            s,
            "DEU",
            2023,
            articles={3: "has"},
            needs=[NeedArea.STOCKPILE_DESTRUCTION],
            withdrawn=True,
        )
        add_report(s, "AGO", 2022, articles={3: "has"}, needs=[NeedArea.STOCKPILE_DESTRUCTION])
        add_report(s, "MMR", 2023, articles={3: "has"})


def _run(run_cli, db_url, *args):
    return run_cli("--db", db_url, "stats", "needs", *args)


def test_the_library_function_gives_counts_sentences_and_exclusions(engine):
    _small_store(engine)
    with transaction(engine) as s:
        stats = compute_needs_statistics(s, as_of=2023, since=2021)
    assert [(a.denominator, a.numerator) for a in stats.statistics] == [(1, 0), (3, 1), (2, 1)]
    assert stats.article(4).denominator_states == ["DEU", "LAO", "TCD"]
    assert stats.article(4).numerator_states == ["TCD"]  # its 2019 need carried into 2022
    assert stats.article(5).numerator_states == ["LAO"]
    assert stats.sentences[0] == (
        "Of one (1) State party that has reported to have or had obligations under Article 3, "
        "none has highlighted assistance needs in stockpile destruction."
    )
    assert [(e.ref.state_iso3, e.reason) for e in stats.counts.excluded] == [
        ("AGO", "not a State Party in 2022"),
        ("MMR", "no membership record"),
    ]


def test_empty_store_is_exit_1_with_the_remedy(engine, db_url, run_cli):
    result = _run(run_cli, db_url)
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: no reports: run tracker import"


def test_a_window_after_the_as_of_year_is_wrong_usage(engine, db_url, run_cli):
    assert _run(run_cli, db_url, "--as-of", "2022", "--since", "2023").exit_code == 2
    _small_store(engine)
    result = _run(run_cli, db_url, "--since", "2030")  # after the default as-of (2023)
    assert result.exit_code == 2
    assert "--since 2030 is after --as-of 2023" in result.stderr


def test_defaults_come_from_the_store_and_the_plan_data(engine, db_url, run_cli):
    with transaction(engine) as s:
        add_membership(s, "TCD")
        add_report(s, "TCD", 2017, articles={4: "has"})
        add_report(s, "TCD", 2019, articles={4: "has"})
        add_report(s, "TCD", 2031, articles={4: "has"}, withdrawn=True)  # not current
    data = json.loads(_run(run_cli, db_url, "--format", "json").stdout)
    assert (data["as_of"], data["since"]) == (2019, 2016)  # Dubrovnik Action Plan 2016-2020
    with transaction(engine) as s:
        add_report(s, "TCD", 2030, articles={4: "has"})  # no plan governs 2030
    data = json.loads(_run(run_cli, db_url, "--format", "json").stdout)
    assert (data["as_of"], data["since"]) == (2030, 2026)


def test_text_json_and_csv_agree(engine, db_url, run_cli):
    _small_store(engine)
    args = ("--as-of", "2023", "--since", "2021")
    text = _run(run_cli, db_url, *args)
    data = json.loads(_run(run_cli, db_url, *args, "--format", "json").stdout)
    rows = list(csv.DictReader(io.StringIO(_run(run_cli, db_url, *args, "--format", "csv").stdout)))
    assert text.exit_code == 0, text.stderr
    assert list(rows[0]) == [
        "article",
        "areas",
        "denominator",
        "numerator",
        "denominator_states",
        "numerator_states",
        "sentence",
    ]
    assert (data["as_of"], data["since"], data["current_only"]) == (2023, 2021, False)
    lines = text.stdout.splitlines()
    for index, (entry, row) in enumerate(zip(data["statistics"], rows, strict=True)):
        assert entry["article"] == int(row["article"]) == (3, 4, 5)[index]
        assert entry["denominator"] == int(row["denominator"])
        assert entry["numerator"] == int(row["numerator"])
        assert ";".join(entry["denominator_states"]) == row["denominator_states"]
        assert ";".join(entry["numerator_states"]) == row["numerator_states"]
        assert ";".join(entry["areas"]) == row["areas"]
        assert entry["sentence"] == row["sentence"] == lines[1 + index]
        table_row = [c.strip() for c in lines[7 + index].split("|")]
        assert table_row[:3] == [row["article"], row["denominator"], row["numerator"]]
    assert [c.strip() for c in lines[5].split("|")] == [
        "Article",
        "States with obligations",
        "Of which declared needs",
        "Share",
    ]
    assert data["statistics"][1]["areas"] == ["clearance", "risk_reduction_education"]
    assert data["excluded"][0] == {
        **{k: data["excluded"][0][k] for k in ("file", "report_type", "code")},
        "state": "AGO",
        "reporting_year": 2022,
        "reason": "not a State Party in 2022",
    }


def test_text_warns_once_when_reports_lack_membership(engine, db_url, run_cli):
    _small_store(engine)
    with transaction(engine) as s:
        add_report(s, "MMR", 2022, articles={5: "has"})
    result = _run(run_cli, db_url, "--as-of", "2023")
    assert result.stderr.count("no membership record") == 1
    assert "2 reports were left out" in result.stderr and "MMR" in result.stderr
    assert result.stderr.rstrip().endswith(f"tracker --db {db_url} states import --bundled")
    json_run = _run(run_cli, db_url, "--as-of", "2023", "--format", "json")
    assert json_run.stderr == ""


def test_explain_names_the_file_and_cell_of_every_state(engine, db_url, run_cli):
    _small_store(engine)
    args = ("--as-of", "2023", "--since", "2021", "--explain")
    data = json.loads(_run(run_cli, db_url, *args, "--format", "json").stdout)
    article4 = data["statistics"][1]
    assert sorted(article4["provenance"]) == article4["denominator_states"]
    tcd = article4["provenance"]["TCD"]
    assert tcd["denominator"]["sheet"] == "Form F" and tcd["denominator"]["cell"] == "B1"
    assert tcd["denominator"]["carried_from"] == 2019
    assert tcd["numerator"]["file"].startswith("TCD-2019")
    assert set(tcd["numerator"]) == {
        "file",
        "reporting_year",
        "report_type",
        "submitted",
        "sheet",
        "cell",
        "carried_from",
    }
    assert article4["provenance"]["DEU"]["numerator"] is None
    text = _run(run_cli, db_url, *args).stdout
    assert "Form I!B2 in TCD-2019" in text
    assert "carried forward from 2019 into the 2022 annual report" in text
    assert "AGO 2022 annual" in text and "not a State Party in 2022" in text


def test_digits_style_and_current(engine, db_url, run_cli):
    _small_store(engine)
    with transaction(engine) as s:
        add_report(s, "DEU", 2023, articles={4: "had"})
    digits = _run(run_cli, db_url, "--as-of", "2023", "--since", "2021", "--style", "digits")
    assert digits.stdout.splitlines()[2].startswith("Of 3 States parties that have reported")
    current = json.loads(
        _run(run_cli, db_url, "--as-of", "2023", "--current", "--format", "json").stdout
    )
    assert current["current_only"] is True
    assert current["statistics"][1]["denominator_states"] == ["LAO", "TCD"]
    assert current["statistics"][0]["sentence"] == (
        "No State party has reported to have obligations under Article 3."
    )


@pytest.mark.parametrize("report_type", [ReportType.INITIAL, ReportType.ANNUAL])
def test_style_words_is_the_default_of_the_library(engine, report_type):
    with transaction(engine) as s:
        add_membership(s, "IRQ")
        add_report(s, "IRQ", 2024, report_type=report_type, articles={5: "has"})
        stats = compute_needs_statistics(s)
    assert stats.style is Style.WORDS and stats.as_of == 2024
    assert stats.sentences[2].startswith("Of one (1) State party that has reported")


def test_text_first_says_what_it_counts(engine, db_url, run_cli):
    _small_store(engine)
    first = {
        args: _run(run_cli, db_url, *args).stdout.splitlines()[0]
        for args in (
            ("--as-of", "2023", "--since", "2021"),
            ("--as-of", "2023", "--since", "2023"),
            ("--as-of", "2023", "--since", "2021", "--current"),
            (),  # the defaults: the latest year, the Lausanne window
        )
    }
    assert list(first.values()) == [
        "As of 2023, needs declared in 2021–2023, current reports of States Parties:",
        "As of 2023, needs declared in 2023, current reports of States Parties:",
        "As of 2023, needs declared in 2021–2023, current reports of States Parties, "
        "obligations as their latest report states them:",
        "As of 2023, needs declared in 2021–2023, current reports of States Parties:",
    ]


@pytest.mark.parametrize("year", ["2024", "2021"])  # after the latest report; a year between
def test_an_as_of_year_without_a_report_warns(engine, db_url, run_cli, year):
    _small_store(engine)
    with transaction(engine) as s:
        add_report(s, "LAO", 2024, articles={4: "has"}, withdrawn=True)  # never counts
    result = _run(run_cli, db_url, "--as-of", year, "--since", "2019")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[0] == (
        f"warning: no report for {year} in the store: the figures are those of earlier "
        "years' reports"
    )
    assert result.stdout.splitlines()[0].startswith(f"As of {year}, ")
    reported = _run(run_cli, db_url, "--as-of", "2023", "--since", "2019")
    assert "no report for" not in reported.stderr
    default = _run(run_cli, db_url)  # no --as-of: the latest year with a report, no warning
    assert "no report for" not in default.stderr
