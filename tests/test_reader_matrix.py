"""The legacy matrix sheet: one annual report per row, with provenance to the real cells."""

from __future__ import annotations

import datetime as dt

from tests.workbooks import MATRIX_HEADERS, build_matrix
from tracker.ingest.reader import read_file
from tracker.models.enums import FormStatus

HEADERS = MATRIX_HEADERS


def write_matrix(path, rows, *, sheet="Tracking 2011-2017", headers=HEADERS):
    build_matrix(path, rows, sheet=sheet, headers=headers)


def test_each_row_is_an_annual_report(tmp_path):
    path = tmp_path / "matrix.xlsx"
    write_matrix(
        path,
        [
            [
                "Lao PDR",
                2016,
                "never held",
                "contaminated",
                "yes",
                None,
                "yes",
                "x",
                "yes",
                dt.date(2017, 4, 28),
            ],
            [
                "Croatia",
                2017,
                "destruction completed",
                "clearance completed",
                "no",
                "no",
                None,
                None,
                None,
                None,
            ],
            [None] * 10,
            ["Chad", 2015, None, "contaminated", None, None, "1", None, "0", "30/04/2016"],
        ],
    )
    parsed = read_file(path)
    assert parsed.ok, [i.as_text() for i in parsed.issues]
    assert (parsed.kind, parsed.layout) == ("matrix", "ccm-matrix/1")
    lao, hrv, tcd = parsed.reports
    assert (lao.state_iso3, lao.period_from, lao.period_to, lao.channel.value, lao.source_row) == (
        "LAO",
        dt.date(2016, 1, 1),
        dt.date(2016, 12, 31),
        "matrix",
        2,
    )
    assert (lao.sheet, lao.cell, lao.submitted_on) == (
        "Tracking 2011-2017",
        "A2",
        dt.date(2017, 4, 28),
    )
    statuses = {f["article"]: (f["status"], f["cell"]) for f in lao.facts["article_facts"]}
    assert statuses == {3: ("none", "C2"), 4: ("has", "D2"), 5: ("has", "E2")}
    assert [(n["area"], n["needed"], n["cell"]) for n in lao.facts["needs"]] == [
        ("stockpile_destruction", False, "F2"),
        ("clearance", True, "G2"),
        ("risk_reduction_education", True, "H2"),
        ("victim_assistance", True, "I2"),
    ]
    assert {f["article"]: f["status"] for f in hrv.facts["article_facts"]} == {
        3: "had",
        4: "had",
        5: "none",
    }
    assert tcd.source_row == 5 and tcd.submitted_on == dt.date(2016, 4, 30)
    forms = {f.form: f.status for f in tcd.forms}
    assert forms["B"] == FormStatus.NOT_PROVIDED and forms["H"] == FormStatus.NOT_PROVIDED
    assert forms["F"] == FormStatus.CHANGED and forms["I"] == FormStatus.CHANGED
    assert [f["article"] for f in tcd.facts["article_facts"]] == [4]


def test_matrix_errors_name_the_cell(tmp_path):
    path = tmp_path / "matrix.xlsx"
    write_matrix(
        path,
        [
            ["Atlantis", 2016, "never held", None, None, None, None, None, None, None],
            ["Chad", 2016, "some", None, "perhaps", None, None, None, None, None],
        ],
    )
    parsed = read_file(path)
    found = {(i.code, i.cell) for i in parsed.issues}
    assert found == {("unknown-state", "A2"), ("unknown-value", "C3"), ("bad-yes-no", "E3")}
    assert not parsed.ok


def test_duplicate_rows_in_a_matrix(tmp_path):
    path = tmp_path / "matrix.xlsx"
    row = ["Chad", 2016, "never held", None, None, None, None, None, None, None]
    write_matrix(path, [row, row, [*row[:2], "holds stockpiles", *row[3:]]])
    parsed = read_file(path)
    assert [(i.code, i.severity, i.cell) for i in parsed.issues] == [
        ("duplicate-row", "warning", "A3"),
        ("duplicate-report", "error", "A4"),
    ]


def test_headers_in_another_order_and_extra_columns(tmp_path):
    path = tmp_path / "matrix.xlsx"
    headers = [*reversed(HEADERS), "Comment"]
    write_matrix(
        path,
        [[None, "no", "yes", None, None, "yes", None, "never held", 2019, "Chad", "ok"]],
        headers=headers,
    )
    parsed = read_file(path)
    assert [(i.code, i.cell) for i in parsed.issues] == [("unknown-column", "K1")]
    (report,) = parsed.reports
    assert report.reporting_year == 2019
    assert {n["area"]: n["needed"] for n in report.facts["needs"]}[
        "risk_reduction_education"
    ] is True


def test_a_sheet_without_the_matrix_headers_is_not_a_matrix(tmp_path):
    path = tmp_path / "matrix.xlsx"
    write_matrix(path, [], headers=HEADERS[:-1])
    parsed = read_file(path)
    assert parsed.kind == "workbook"
    assert "missing-cover" in [i.code for i in parsed.issues]
