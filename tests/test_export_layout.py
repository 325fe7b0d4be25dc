"""The donor workbook's layout and safety rules on hand-made data (no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from openpyxl import Workbook

from tests.test_export_support import find_row, load, table, texts
from tracker.export.donors import SHEETS, build_donor_workbook
from tracker.export.model import (
    SAMPLE_BANNER,
    DonorData,
    NeedRow,
    Reporting,
    SummaryRow,
)
from tracker.export.safety import clean_text, is_formula_like, put
from tracker.export.styles import lines_needed
from tracker.models.enums import NeedArea


@pytest.mark.parametrize(
    "text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://e.x","y")']
)
def test_formula_like_text_is_stored_as_text_with_the_quote_prefix(text):
    cell = Workbook().active["A1"]
    put(cell, text)
    assert is_formula_like(text)
    assert cell.data_type == "s"
    assert cell.value == text
    assert cell.quotePrefix


@pytest.mark.parametrize("text", ["Clearance", "1 = 1", "e-mail", ""])
def test_ordinary_text_has_no_quote_prefix(text):
    cell = put(Workbook().active["A1"], text)
    assert not is_formula_like(text)
    assert cell.data_type == "s"
    assert not cell.quotePrefix


def test_values_keep_their_types():
    sheet = Workbook().active
    assert put(sheet["A1"], Decimal("120000.50")).value == 120000.5
    assert put(sheet["A2"], dt.date(2024, 4, 30)).value == dt.date(2024, 4, 30)
    assert put(sheet["A3"], 7).data_type == "n"
    assert put(sheet["A4"], None).value is None


def test_control_characters_a_workbook_cannot_hold_are_dropped():
    assert clean_text("a\x00b\x0bc\x1fd\te\nf\rg") == "abcd\te\nf\rg"


def test_text_longer_than_an_excel_cell_is_cut_with_an_ellipsis():
    text = clean_text("x" * 40_000)
    assert len(text) == 32_767 and text.endswith("…")


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("short", 20, 1),
        ("one two three four five six", 10, 3),
        ("x" * 50, 11, 5),  # a word longer than the line breaks across lines
        ("first\nsecond", 40, 2),
        ("", 10, 1),
    ],
)
def test_lines_needed_wraps_words_like_a_spreadsheet(text, width, lines):
    assert lines_needed(text, width) == lines


def _data(**changes) -> DonorData:
    base = DonorData(
        as_of=2025,
        since=2021,
        on=dt.date(2026, 12, 31),
        generated=dt.datetime(2026, 1, 2, 3, 4),
        sentences=(
            "No State party has reported to have or had obligations under Article 3.",
            "No State party has reported to have or had obligations under Article 4.",
            "No State party has reported to have obligations under Article 5.",
        ),
        summary=(
            SummaryRow(3, "Stockpile destruction", 0, 0),
            SummaryRow(4, "Clearance and risk reduction education", 0, 0),
            SummaryRow(5, "Victim assistance", 0, 0),
        ),
        needs=(),
        articles={3: (), 4: (), 5: ()},
        reporting=Reporting(2025, dt.date(2026, 12, 31), ("No State party was expected.",), (), ()),
        excluded=(),
        sources=(),
        database="sqlite:///x.db",
        version="0.1.0",
    )
    return DonorData(**{**base.__dict__, **changes})


def test_an_empty_picture_still_gives_every_sheet_and_a_blank_share(tmp_path):
    path = tmp_path / "empty.xlsx"
    build_donor_workbook(_data()).save(path)
    book = load(path)
    assert book.sheetnames == list(SHEETS)
    rows = table(
        book["Summary"],
        ["Article", "Theme", "States with obligations", "Of which declared needs", "Share"],
    )
    assert [r["Share"] for r in rows] == [None, None, None]  # no division by zero, no "#DIV/0!"
    top = find_row(book["Needs by State"], ["State", "ISO3"])
    assert book["Needs by State"].cell(top + 1, 1).value == "(none)"
    assert SAMPLE_BANNER not in texts(book["Summary"])


def test_sample_banner_and_long_text_wrapped_within_the_cap(tmp_path):
    long = "Survey and clearance of the remaining contaminated areas " * 6
    need = NeedRow(
        "TCD", "Chad", {NeedArea.CLEARANCE: long}, Decimal("1234567"), "5,000 EUR", 2025,
        "TCD-2025.xlsx!Form I!B2",
    )  # fmt: skip
    path = tmp_path / "sample.xlsx"
    build_donor_workbook(_data(needs=(need,), sample=True, sample_files=("x",))).save(path)
    book = load(path)
    for sheet in book.worksheets:
        assert sheet["A2"].value == SAMPLE_BANNER, sheet.title
    sheet = book["Needs by State"]
    top = find_row(sheet, ["State", "ISO3"])
    cell = sheet.cell(top + 1, 4)
    assert cell.value == long and cell.alignment.wrap_text
    assert sheet.column_dimensions["D"].width <= 30
    assert sheet.row_dimensions[top + 1].height >= 15 * 6  # tall enough for the wrapped text
    assert (
        sheet.cell(top + 1, 8).value == 1234567 and sheet.cell(top + 1, 8).number_format == "#,##0"
    )
