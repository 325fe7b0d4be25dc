"""The sheet scan on grids made in memory: the cases the faster scan must keep exactly.

The scan picks a data row's values by column, keeps only header texts when it looks at a row,
and asks whether a row holds another table's header only when it holds a header text: these
tests hold what that must not change (a table of one column, rows shorter than the header row,
a header written twice, data ended by another table's header or by a label).
"""

from __future__ import annotations

from typing import Any

from tracker.ingest.cells import Context
from tracker.ingest.grid import Grid
from tracker.ingest.tables import SheetScan, scan_sheet
from tracker.layouts import get_layout


def scan(letter: str, rows: list[list[Any]]) -> tuple[SheetScan, Context]:
    layout = get_layout("ccm-a7/1")
    ctx = Context("f.xlsx", layout)
    return scan_sheet(Grid(f"Form {letter}", rows), layout.sheet(letter), ctx), ctx


def codes(ctx: Context) -> list[tuple[str, str | None, str | None]]:
    return [(i.code, i.cell, i.value) for i in ctx.issues]


def test_a_table_of_one_column_keeps_its_rows_and_finds_a_duplicate():
    found, ctx = scan("A", [["Measure"], ["Law 1"], ["Law 2"], ["Law 1"]])
    table = found.tables["measures"]
    assert table.columns == {"measure": 0}
    assert table.rows == [1, 2]
    assert codes(ctx) == [("duplicate-row", "A4", "Law 1")]


def test_rows_shorter_than_the_header_row_are_read_as_blank_cells():
    rows: list[list[Any]] = [
        ["Measure", "Type", "Date adopted"],
        ["Law 1"],  # shorter than the header: Type and Date adopted are blank
        ["Law 1", "", ""],  # the same row written out in full
        ["Law 2", "legislation"],
    ]
    found, ctx = scan("A", rows)
    assert found.tables["measures"].rows == [1, 3]
    assert codes(ctx) == [("duplicate-row", "A3", "Law 1 |  |")]


def test_a_header_written_twice_names_its_leftmost_column():
    found, ctx = scan("A", [["Type", "Measure", "Measure"], ["legislation", "Law 1", "Law 9"]])
    assert found.tables["measures"].columns == {"measure_type": 0, "measure": 1}
    assert codes(ctx) == [("unknown-column", "C1", "Measure")]


def test_another_tables_header_ends_the_data_without_a_blank_row():
    rows: list[list[Any]] = [
        ["Area", "Assistance needed", "Description", "Estimated cost", "Currency"],
        ["Clearance", "yes", "Survey teams", 1000.0, "USD"],
        ["Victim assistance", "no", "", "", ""],
        ["Article", "Amount", "Currency", "Type", ""],
        [3.0, 500.0, "USD", "financial", ""],
    ]
    found, ctx = scan("I", rows)
    assert (found.tables["needs"].rows, found.tables["needs"].end) == ([1, 2], 3)
    assert (found.tables["resources"].header_row, found.tables["resources"].rows) == (3, [4])
    assert ctx.issues == []


def test_a_label_ends_the_data():
    rows: list[list[Any]] = [
        ["Location", "Area status", "Area (m2)", "Cleared in period (m2)"],
        ["Ennedi", "confirmed", 100.0, 50.0],
        ["Deadline", "2030-08-01", "", ""],
        ["Tibesti", "suspected", 10.0, 0.0],
    ]
    found, ctx = scan("F", rows)
    areas = found.tables["areas"]
    assert (areas.rows, areas.end) == ([1], 2)
    assert found.labels["deadline"] == 2
    # The row after the label belongs to no table and is no label: said, not dropped.
    assert codes(ctx) == [("unknown-label", "A4", "Tibesti")]
