"""``tracker indicators compute | report | chart`` on the worked example's store: formats, files,
and every bad input with its exit code and one line."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from tests.test_indicators_cli import BAD
from tests.worked_example import build
from tracker.db import make_engine, transaction
from tracker.services.setup import upgrade_database

WHEN = ("--as-of", "2024", "--on", "2025-12-31")


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker import clock

    monkeypatch.setattr(clock, "today", lambda: dt.date(2026, 12, 7))
    monkeypatch.setattr(clock, "now", lambda: dt.datetime(2026, 12, 7, 12, tzinfo=dt.UTC))


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'example.db'}"
    engine = make_engine(url)
    upgrade_database(engine)
    with transaction(engine) as session:
        build(session)
    engine.dispose()
    return url


def test_compute_json_has_the_spec_shape(run_cli, db):
    result = run_cli(
        "--db", db, "indicators", "compute", "core.needs.art4", *WHEN, "--format", "json"
    )
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert (doc["as_of"], doc["since"], doc["on"], doc["lang"]) == (2024, 2021, "2025-12-31", "en")
    (entry,) = doc["results"]
    assert entry["denominator_states"] == ["HRV", "MRT", "TCD"]
    assert entry["numerator_states"] == ["MRT", "TCD"]
    assert entry["sentence"].startswith("Of three (3) States parties")
    assert doc["excluded"] == []


def test_compute_explain_names_each_state_and_cell(run_cli, db):
    args = ("indicators", "compute", "core.needs.art5", *WHEN, "--explain")
    result = run_cli("--db", db, *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(
        "As of 2024, needs declared in 2021–2024, current reports of States Parties; reporting "
        "and deadlines judged on 31 December 2025:"
    )
    assert "carried forward from 2023 into the 2024 annual report (HRV-2024.xlsx)" in result.stdout
    assert "Reports left out (0):" in result.stdout
    doc = json.loads(run_cli("--db", db, *args, "--format", "json").stdout)
    provenance = doc["results"][0]["provenance"]["TCD"]
    assert provenance["numerator"]["file"] == "TCD-2024.xlsx"
    assert provenance["numerator"]["basis"] == "cell"


def test_compute_csv_and_a_series(run_cli, db):
    result = run_cli(
        "--db", db, "indicators", "compute", "--plan", "lausanne", "--format", "csv", *WHEN
    )
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["id"] for r in rows][:3] == ["lausanne.43a", "lausanne.43b", "lausanne.44"]
    assert rows[0]["value"] == "40"
    series = run_cli(
        "--db", db, "indicators", "compute", "core.reporting.on_time", "--years", "2020-2024"
    )
    assert series.exit_code == 0, series.stderr
    assert series.stdout.splitlines()[0].split("|")[2:] == [
        " 2020 ",
        " 2021 ",
        " 2022 ",
        " 2023 ",
        " 2024",
    ]


def test_compute_xlsx_report_and_charts_write_their_files(run_cli, db, tmp_path):
    import docx
    import openpyxl

    book = run_cli("--db", db, "indicators", "compute", *WHEN, "--format", "xlsx", "-o", "ind.xlsx")
    assert book.exit_code == 0, book.stderr
    sheets = openpyxl.load_workbook(tmp_path / "exports" / "ind.xlsx").sheetnames
    assert sheets == ["Indicators", "States", "Method"]
    draft = run_cli("--db", db, "indicators", "report", *WHEN, "-o", "draft.docx")
    assert draft.exit_code == 0, draft.stderr
    text = [p.text for p in docx.Document(str(tmp_path / "exports" / "draft.docx")).paragraphs]
    assert "Progress in implementing the Lausanne Action Plan — draft" in text
    assert (
        "Two (2) of five (5) States parties (40%) submitted their annual report for 2024 by "
        "30 April 2025." in text
    )
    assert text.index("Transparency") < text.index("Method")
    for name in ("bars.png", "line.svg"):
        years = ("--years", "2021-2024") if name.endswith("svg") else WHEN
        chart = run_cli("--db", db, "indicators", "chart", "lausanne.43a", *years, "-o", name)
        assert chart.exit_code == 0, chart.stderr
        assert (tmp_path / "exports" / name).stat().st_size > 1000


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ("compute", "core.needs.art6"),
            2,
            "error: unknown indicator 'core.needs.art6' (did you mean",
        ),
        (
            ("compute", "--plan", "lausane"),
            2,
            "error: unknown plan 'lausane' (did you mean lausanne?)",
        ),
        (
            ("compute", "core.needs.art3", "--plan", "core"),
            2,
            "error: give indicator ids or --plan",
        ),
        (
            ("compute", "--years", "2024-2020"),
            2,
            "error: --years 2024-2020: the first year is after",
        ),
        (("compute", "--years", "1990-2025"), 2, "a series takes at most 30"),
        (("compute", "--years", "2021-2024", "--as-of", "2024"), 2, "--years computes each year"),
        (("compute", "--lang", "fr", "--style", "words"), 2, "--style words writes counts in"),
        (("compute", "--format", "xlsx"), 2, "error: --format xlsx is written to a file"),
        (("compute", "--on", "2027-01-01"), 2, "error: --on 2027-01-01 is after today"),
        (("report", "-o", "draft.txt"), 2, "error: -o must name a .docx file"),
        (("report", "--as-of", "2030", "-o", "d.docx"), 2, "no action plan governs 2030"),
        (("chart", "lausanne.46", "-o", "x.png"), 1, "error: lausanne.46 is not computable"),
        (("chart", "core.needs.art4", "-o", "x.pdf"), 2, "-o must name a .png or .svg file"),
    ],
)
def test_bad_usage_is_one_line(run_cli, db, args, code, message):
    result = run_cli("--db", db, "indicators", *args)
    assert result.exit_code == code, result.stderr
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_an_empty_store_gets_the_statistics_message(run_cli, tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    assert run_cli("--db", url, "db", "upgrade").exit_code == 0
    result = run_cli("--db", url, "indicators", "compute")
    assert (result.exit_code, result.stderr) == (1, "error: no reports: run tracker import\n")


def test_a_catalogue_with_errors_stops_everything_before_the_database(run_cli, tmp_path):
    (tmp_path / "bad.yaml").write_text(BAD, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'never.db'}"
    result = run_cli("--db", url, "indicators", "compute", "--catalogue", "bad.yaml")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert any(line.startswith("bad.yaml:") and "annual_report_recieved" in line for line in lines)
    assert not (tmp_path / "never.db").exists()
