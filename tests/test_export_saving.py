"""The donor workbook's fast save writes the same sheet XML as openpyxl's own writer."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from xml.etree.ElementTree import canonicalize

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font

from tracker.export import saving
from tracker.export.safety import put
from tracker.export.saving import save_workbook


def _book() -> Workbook:
    book = Workbook()
    sheet = book.active
    values = [
        "plain",
        "  leading and trailing  ",
        "   ",
        "a < b & c > d \"quoted\" 'single'",
        "=SUM(A1:A2)",
        "line one\nline two",
        "Côte d’Ivoire",
        "#N/A",  # an error value in column B (openpyxl), a text in column A (put)
        "",
        0,
        42,
        -1.5,
        1e-20,
        True,
        dt.date(2024, 2, 29),
        dt.datetime(2024, 12, 31, 23, 59, 1),
        None,
    ]
    for row, value in enumerate(values, start=1):
        put(sheet.cell(row, 1), value)
        sheet.cell(row, 2).value = value  # openpyxl's own typing (a formula stays one)
        sheet.cell(row, 3).font = Font(bold=True)  # styled, no value
    sheet.cell(2, 1).alignment = Alignment(wrap_text=True)
    sheet.cell(3, 4).comment = Comment("a note", "tracker")
    sheet.row_dimensions[4].height = 45
    sheet.row_dimensions[30].height = 20  # a row with no cells
    return book


def _sheet_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return canonicalize(archive.read("xl/worksheets/sheet1.xml").decode("utf-8"))


def test_fast_save_writes_the_same_sheet_as_openpyxl(tmp_path: Path, monkeypatch) -> None:
    original, written = saving.cell_xml, []

    def counted(cell, styled):  # the fast path really ran (not openpyxl's fallback)
        written.append(original(cell, styled))
        return written[-1]

    monkeypatch.setattr(saving, "cell_xml", counted)
    ours, theirs = tmp_path / "ours.xlsx", tmp_path / "theirs.xlsx"
    save_workbook(_book(), ours)
    _book().save(theirs)
    assert len(written) > 30
    assert _sheet_xml(ours) == _sheet_xml(theirs)


def test_openpyxl_writer_is_restored_after_saving(tmp_path: Path) -> None:
    from openpyxl.worksheet._writer import WorksheetWriter

    before = WorksheetWriter.write_row
    save_workbook(_book(), tmp_path / "a.xlsx")
    assert WorksheetWriter.write_row is before
