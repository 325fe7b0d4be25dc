"""Indicator outputs from hand-made results: text, JSON (§7 exactly), CSV (guarded), list."""

from __future__ import annotations

import csv
import io
import json

from tests.indicator_examples import worked_run, worked_series
from tracker.indicators.output import CSV_COLUMNS, guard, render_csv, render_json, render_text

RESULT_KEYS = [
    "id",
    "series_of",
    "plan",
    "actions",
    "theme",
    "label",
    "title",
    "verbatim",
    "note",
    "computable",
    "status",
    "unit",
    "denominator",
    "numerator",
    "value",
    "denominator_states",
    "numerator_states",
    "sentence",
    "lang",
    "replaces",
]


def test_json_is_the_spec_shape():
    doc = json.loads(render_json(worked_run(["core.needs.art4", "lausanne.43a", "lausanne.46"])))
    assert list(doc) == [
        "as_of",
        "since",
        "on",
        "style",
        "lang",
        "catalogues",
        "results",
        "excluded",
    ]
    assert (doc["as_of"], doc["since"], doc["on"], doc["style"], doc["lang"]) == (
        2024,
        2021,
        "2025-12-31",
        "words",
        "en",
    )
    assert [c["key"] for c in doc["catalogues"]] == ["core", "lausanne"]
    assert doc["catalogues"][0]["file"] == "core.yaml" and len(doc["catalogues"][0]["sha256"]) == 64
    art4, l43a, l46 = doc["results"]
    assert list(art4) == RESULT_KEYS
    assert {
        k: art4[k]
        for k in (
            "id",
            "series_of",
            "plan",
            "actions",
            "label",
            "verbatim",
            "note",
            "computable",
            "status",
            "unit",
            "denominator",
            "numerator",
            "value",
            "denominator_states",
            "numerator_states",
            "lang",
            "replaces",
        )
    } == {
        "id": "core.needs.art4",
        "series_of": None,
        "plan": None,
        "actions": [],
        "label": "Article 4",
        "verbatim": None,
        "note": None,
        "computable": True,
        "status": "computed",
        "unit": "count",
        "denominator": 3,
        "numerator": 2,
        "value": 2,
        "denominator_states": ["HRV", "MRT", "TCD"],
        "numerator_states": ["MRT", "TCD"],
        "lang": "en",
        "replaces": None,
    }
    assert art4["sentence"].startswith("Of three (3) States parties")
    assert (l43a["actions"], l43a["verbatim"], l43a["unit"], l43a["value"]) == (
        ["43"],
        False,
        "percentage",
        40,
    )
    assert (l46["status"], l46["unit"], l46["denominator"], l46["value"], l46["sentence"]) == (
        "not computable",
        None,
        None,
        None,
        None,
    )
    assert doc["excluded"] == [
        {
            "state": "AGO",
            "reporting_year": 2022,
            "file": "AGO-2022.xlsx",
            "reason": "not a State Party in 2022",
            "report_type": "annual",
            "code": "not-a-state-party",
        }
    ]
    assert "provenance" not in art4


def test_json_explain_adds_provenance_per_denominator_state():
    doc = json.loads(render_json(worked_run(["core.needs.art4"]), explain=True))
    provenance = doc["results"][0]["provenance"]
    assert list(provenance) == ["HRV", "MRT", "TCD"]
    assert provenance["HRV"]["numerator"] is None
    assert provenance["TCD"]["numerator"]["basis"] == "cell"
    assert provenance["TCD"]["numerator"]["reporting_year"] == 2022
    assert provenance["HRV"]["denominator"]["carried_from"] == 2023


def test_series_json_wraps_one_document_per_year():
    doc = json.loads(render_json(worked_series(["core.reporting.on_time"], 2022, 2024)))
    assert list(doc) == ["years", "style", "lang", "runs"]
    assert doc["years"] == [2022, 2024]
    assert [r["as_of"] for r in doc["runs"]] == [2022, 2023, 2024]
    assert [r["on"] for r in doc["runs"]] == ["2023-12-31", "2024-12-31", "2025-12-31"]


def test_csv_columns_and_rows_per_year_and_indicator():
    rows = list(
        csv.reader(
            io.StringIO(render_csv(worked_series(["core.needs.art4", "lausanne.45"], 2023, 2024)))
        )
    )
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 1 + 4
    assert rows[1][:13] == [
        "2023",
        "2021",
        "2024-12-31",
        "core.needs.art4",
        "",
        "",
        "International cooperation and assistance",
        "Article 4",
        "computed",
        "count",
        "3",
        "2",
        "2",
    ]
    assert rows[1][13:15] == ["HRV;MRT;TCD", "MRT;TCD"]
    assert rows[2][3:13] == [
        "lausanne.45",
        "Lausanne Action Plan",
        "45",
        "Transparency",
        "Adapted reporting form used",
        "not computable",
        "",
        "",
        "",
        "",
    ]


def test_csv_guards_text_a_spreadsheet_would_run():
    assert guard("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert guard("-1 State") == "'-1 State"
    assert guard("@x") == "'@x" and guard("\tx") == "'\tx"
    assert guard("Article 4") == "Article 4" and guard(4) == 4


def test_text_opens_as_stats_needs_then_a_line_per_indicator_and_the_table():
    text = render_text(worked_run(["core.reporting.on_time", "core.needs.art4", "lausanne.46"]))
    lines = text.splitlines()
    assert lines[0] == (
        "As of 2024, needs declared in 2021–2024, current reports of States Parties; reporting "
        "and deadlines judged on 31 December 2025:"
    )
    assert (
        lines[1]
        == "core.reporting.on_time: Two (2) of five (5) States parties (40%) submitted their annual report for 2024 by 30 April 2025."
    )
    assert (
        lines[3]
        == "lausanne.46: not computable from Article 7 reports — Seek partners' support to prepare reports (ISU wording)"
    )
    assert lines[4] == ""
    assert [c.strip() for c in lines[5].split("|")] == [
        "ID",
        "Label",
        "Numerator",
        "Denominator",
        "Value",
    ]
    assert [c.strip() for c in lines[7].split("|")] == [
        "core.reporting.on_time",
        "Annual reports on time",
        "2",
        "5",
        "40%",
    ]
    assert [c.strip() for c in lines[9].split("|")] == [
        "lausanne.46",
        "Partners' support to prepare reports",
        "—",
        "—",
        "—",
    ]


def test_text_explain_gives_each_state_its_evidence_and_the_reports_left_out():
    text = render_text(worked_run(["core.needs.art4"]), explain=True)
    assert "core.needs.art4 (Article 4): 3 in the denominator, 2 in the numerator" in text
    assert (
        "  TCD Chad\n    denominator: Form F!B1 in TCD-2024.xlsx (2024 annual report, submitted 2025-05-20)\n    numerator: Form I!B7 in TCD-2022.xlsx (2022 annual report, submitted 2023-04-30)"
        in text
    )
    assert "  HRV Croatia\n    denominator: Form F!B1 in HRV-2023.xlsx" in text
    assert "    numerator: not in it" in text
    assert text.endswith(
        "Reports left out (1):\n  AGO 2022 annual (AGO-2022.xlsx): not a State Party in 2022"
    )


def test_a_series_in_text_is_only_its_table():
    lines = render_text(
        worked_series(["core.reporting.on_time", "lausanne.45"], 2022, 2024)
    ).splitlines()
    assert [c.strip() for c in lines[0].split("|")] == ["ID", "Label", "2022", "2023", "2024"]
    assert [c.strip() for c in lines[2].split("|")] == [
        "core.reporting.on_time",
        "Annual reports on time",
        "40%",
        "40%",
        "40%",
    ]
    assert [c.strip() for c in lines[3].split("|")] == [
        "lausanne.45",
        "Adapted reporting form used",
        "—",
        "—",
        "—",
    ]
    assert len(lines) == 4
