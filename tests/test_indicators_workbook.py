"""The indicators workbook (§7 xlsx), read back: sheets, columns, formats, banner, Method."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from tests.indicator_examples import worked_run, worked_series
from tracker.indicators.workbook import (
    INDICATOR_COLUMNS,
    SAMPLE_BANNER,
    STATE_COLUMNS,
    write_workbook,
)


def header_row(sheet, first: str) -> int:
    return next(r for r in range(1, 20) if sheet.cell(r, 1).value == first)


def test_sheets_columns_and_values(tmp_path):
    path = tmp_path / "ind.xlsx"
    write_workbook(worked_run(["core.needs.art4", "core.reporting.on_time", "lausanne.46"]), path)
    book = load_workbook(path)
    assert book.sheetnames == ["Indicators", "States", "Method"]
    sheet = book["Indicators"]
    header = header_row(sheet, "As of")
    assert [c.value for c in sheet[header]] == [c.header for c in INDICATOR_COLUMNS]
    rows = [
        [c.value for c in row] for row in sheet.iter_rows(min_row=header + 1, max_row=header + 3)
    ]
    art4, on_time, l46 = rows
    assert art4[:4] == [2024, "2021–2024", dt.datetime(2025, 12, 31), "core.needs.art4"]
    assert art4[10:14] == ["computed", 2, 3, 2]
    assert on_time[13] == 0.4
    assert sheet.cell(header + 2, 14).number_format == "0%"
    assert sheet.cell(header + 1, 14).number_format == "#,##0"
    assert l46[9:14] == ["yes", "not computable", None, None, None]
    assert (
        l46[14]
        == "not computable from Article 7 reports — Seek partners' support to prepare reports (ISU wording)"
    )
    assert sheet.freeze_panes == f"E{header + 1}"
    assert sheet.auto_filter.ref.startswith(f"A{header}:O")
    assert book.properties.title == "Convention on Cluster Munitions — indicators"
    assert all(sheet.cell(r, 1).value != SAMPLE_BANNER for r in range(1, 5))


def test_states_sheet_gives_the_evidence_of_every_denominator_state(tmp_path):
    path = tmp_path / "ind.xlsx"
    write_workbook(worked_run(["core.needs.art4"]), path)
    sheet = load_workbook(path)["States"]
    header = header_row(sheet, "As of")
    assert [c.value for c in sheet[header]] == [c.header for c in STATE_COLUMNS]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=header + 1) if row[0].value]
    assert [r[3] for r in rows] == ["HRV", "MRT", "TCD"]
    assert rows[0][2] == "Croatia" and rows[0][4] == "no" and rows[0][6] is None
    assert rows[2][4] == "yes"
    assert rows[2][6] == "Form I!B7 in TCD-2022.xlsx (2022 annual report, submitted 2023-04-30)"


def test_method_lists_catalogues_indicators_in_words_and_reports(tmp_path):
    path = tmp_path / "ind.xlsx"
    run = worked_run(["core.needs.art4", "lausanne.46"])
    write_workbook(run, path)
    values = [
        c.value
        for row in load_workbook(path)["Method"].iter_rows()
        for c in row
        if c.value is not None
    ]
    assert "core" in values and "core.yaml" in values
    assert run.catalogues[0].sha256[:12] in values
    assert run.results[0].indicator.in_words() in values
    assert "not computable from Article 7 reports" in values
    assert "not a State Party in 2022" in values
    assert "Source reports counted (9)" in values


def test_sample_data_carries_the_banner_on_every_sheet_and_series_have_a_row_per_year(tmp_path):
    path = tmp_path / "ind.xlsx"
    series = worked_series(["core.reporting.on_time"], 2023, 2024)
    sample = type(series)(
        series.first,
        series.last,
        series.style,
        series.lang,
        tuple(type(r)(**{**r.__dict__, "sample": True}) for r in series.runs),
    )
    write_workbook(sample, path)
    book = load_workbook(path)
    for sheet in book:
        assert sheet.cell(2, 1).value == SAMPLE_BANNER
        assert sheet.cell(2, 1).font.color.rgb.endswith("9C0006")
    sheet = book["Indicators"]
    header = header_row(sheet, "As of")
    assert [sheet.cell(header + i, 1).value for i in (1, 2)] == [2023, 2024]
