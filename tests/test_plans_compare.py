"""Golden tests: the comparison reproduces the table of spec/action-plans.md cell for cell."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.plans.compare import compare_plans
from tracker.plans.files import shipped_plans
from tracker.plans.render import COLUMN_GAP, comparison_text, table_text
from tracker.plans.workbook import TITLE, build_workbook

GOLDEN = Path(__file__).parent / "golden"

# Copied from spec/action-plans.md ("—" is an empty cell). Do not edit to make a test pass.
SPEC_TABLE = """\
| Theme | Vientiane (2010) | Dubrovnik (2015) | Lausanne (2020) |
|---|---|---|---|
| Introduction | I. Introduction | Introduction | Introduction |
| Partnerships | II. Partnerships (1 action) | (embedded under cooperation & assistance) | (embedded under chapeau ICA + mention action 39) |
| Guiding principles | — | — | Guiding principles and actions (9) |
| Universalisation | III. Universalisation (6) | Action one: Universalization (3 sub-actions) | Universalisation of the Convention and its norms (2) |
| Stockpile destruction | IV. Stockpile destruction (2) | Action two: Stockpile destruction (5) | Stockpile destruction (6) |
| Clearance and risk reduction | V. Clearance and destruction of cluster munition remnants and risk reduction activities (10) | Action three: Clearance and risk reduction education (8) | Survey and clearance (9); Risk education (4) |
| Victim assistance | VI. Victim assistance (13) | Action four: Victim assistance (4) | Victim assistance (7) |
| International cooperation and assistance | VII. International cooperation and assistance (18) | Action five: International cooperation and assistance (7) | International cooperation and assistance (5) |
| Actions in support of implementation | VIII. Actions in support of implementation (Architecture/partnerships) (7) | — | — |
| Transparency | Transparency (5) | Action six: Transparency measures (2) | Transparency measures (4) |
| National implementation | National implementation measures (3) | Action seven: National implementation measures (3) | National implementation measures (2) |
| Compliance | Compliance (1) | (embedded under universalization) | Measures to ensure compliance (2) |
| Indicators | — | — | Indicators (77) |
"""

# The counts of each cell (several sections under one theme are summed: 9 + 4).
SPEC_COUNTS = [
    [None, None, None],
    [1, None, None],
    [None, None, 9],
    [6, 3, 2],
    [2, 5, 6],
    [10, 8, 13],
    [13, 4, 7],
    [18, 7, 5],
    [7, None, None],
    [5, 2, 4],
    [3, 3, 2],
    [1, None, 2],
    [None, None, 77],
]


def spec_rows() -> list[list[str]]:
    lines = [line for line in SPEC_TABLE.splitlines() if not line.startswith("|---")]
    return [[cell.strip() for cell in line.strip("|").split(" | ")] for line in lines]


def as_values(rows: list[list[str]]) -> list[list[str | None]]:
    """The spec's rows with "—" as an empty cell (None), as a workbook holds them."""
    return [[None if cell == "—" else cell for cell in row] for row in rows]


def parse_text_table(text: str) -> list[list[str]]:
    """Cells back from the text grid: wrapped fragments of a cell joined with spaces."""
    lines = text.rstrip("\n").split("\n")
    header = lines[0]
    starts = [0] + [
        i + len(COLUMN_GAP) for i in range(len(header)) if header.startswith(COLUMN_GAP, i)
    ]
    rows: list[list[str]] = []
    block: list[list[str]] = []

    def flush() -> None:
        if block:
            rows.append(
                [" ".join(part for part in col if part) for col in zip(*block, strict=True)]
            )
            block.clear()

    for line in lines:
        if set(line) <= {"─", "┼"}:
            flush()
            continue
        padded = line.ljust(len(header) + 200)
        cells = [
            padded[s : (starts[i + 1] - len(COLUMN_GAP)) if i + 1 < len(starts) else None]
            for i, s in enumerate(starts)
        ]
        block.append([cell.strip() for cell in cells])
    flush()
    return rows


def test_the_comparison_is_the_spec_table():
    table = compare_plans(shipped_plans())
    expected = as_values(spec_rows())
    assert ["Theme", *table.labels] == expected[0]
    assert [[r.theme, *r.cells] for r in table.rows] == expected[1:]
    assert [list(r.counts) for r in table.rows] == SPEC_COUNTS


def test_the_text_table_is_the_spec_table_when_wide():
    text = comparison_text(compare_plans(shipped_plans()), width=1000)
    lines = [line for line in text.splitlines() if not set(line) <= {"─", "┼"}]
    assert [[c.strip() for c in line.split(COLUMN_GAP)] for line in lines] == spec_rows()


@pytest.mark.parametrize("width", [40, 60, 80, 100, 120])
def test_narrow_text_wraps_and_never_cuts(width):
    text = comparison_text(compare_plans(shipped_plans()), width=width)
    assert parse_text_table(text) == spec_rows()
    columns = list(zip(*spec_rows(), strict=True))
    narrowest = sum(max(len(w) for cell in col for w in cell.split()) for col in columns)
    narrowest += len(COLUMN_GAP) * (len(columns) - 1)
    widest = max(len(line) for line in text.splitlines())
    # Within the width, unless the longest words of the columns are together wider.
    assert widest <= max(width, narrowest)


def test_the_text_golden_file():
    text = comparison_text(compare_plans(shipped_plans()), width=100)
    assert text == (GOLDEN / "plans-compare-100.txt").read_text(encoding="utf-8")
    assert max(len(line) for line in text.splitlines()) <= 100


def test_a_word_wider_than_the_width_overflows_instead_of_being_cut():
    text = table_text([["a", "b"], ["x", "Supercalifragilistic-expialidocious"]], width=10)
    assert "Supercalifragilistic-expialidocious" in text


def test_the_workbook_holds_the_spec_table(tmp_path):
    book = build_workbook(shipped_plans())
    path = tmp_path / "plans.xlsx"
    book.save(path)
    check_workbook(path)


def header_row(sheet, first: str) -> int:
    """The row whose column A holds ``first`` and is bold (a table's header)."""
    for row in range(1, sheet.max_row + 1):
        cell = sheet.cell(row, 1)
        if cell.value == first and cell.font.bold:
            return row
    raise AssertionError(f"no header {first!r} on {sheet.title}")


def check_workbook(path: Path) -> None:
    """Read back a comparison workbook of the three shipped plans and pin it to the spec."""
    from openpyxl import load_workbook

    from tracker.export.styles import LINE_HEIGHT, lines_needed

    book = load_workbook(path)
    assert book.sheetnames == [
        "Comparison",
        "Vientiane (2010)",
        "Dubrovnik (2015)",
        "Lausanne (2020)",
    ]
    sheet = book["Comparison"]
    # A title, then a line saying what the table is and where it comes from (finding 11).
    assert sheet["A1"].value == TITLE and sheet["A1"].font.bold and sheet["A1"].font.size == 14
    intro = sheet["A3"].value
    assert intro.startswith("Each row is a theme, each plan a column")
    assert "Source: the action plans adopted by the States parties" in intro
    top = header_row(sheet, "Theme")
    values = [list(row) for row in sheet.iter_rows(min_row=top, values_only=True)]
    assert [row[:4] for row in values] == as_values(spec_rows())
    assert values[0][4:] == [
        "Count: Vientiane (2010)",
        "Count: Dubrovnik (2015)",
        "Count: Lausanne (2020)",
    ]
    assert [row[4:] for row in values[1:]] == SPEC_COUNTS
    assert sheet.max_row == top + 13 and sheet.max_column == 7
    # The donor workbook's finish: bold filled header in its font, frozen below it with the
    # themes kept in view, a filter, fitted widths, wrapped text with the rows tall enough.
    assert all(sheet.cell(top, c).font.bold for c in range(1, 8))
    assert sheet.cell(top, 1).fill.fill_type == "solid"
    assert {sheet.cell(r, c).font.name for r in (1, top, top + 1) for c in (1, 2)} == {"Calibri"}
    assert sheet.freeze_panes == f"B{top + 1}"
    assert sheet.auto_filter.ref == f"A{top}:G{top + 13}"
    assert sheet.print_title_rows == f"${top}:${top}"
    setup = sheet.page_setup
    assert (setup.orientation, setup.fitToWidth) == ("landscape", 1)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    clearance = top + 6
    assert sheet.cell(clearance, 1).value == "Clearance and risk reduction"
    assert sheet.cell(clearance, 2).alignment.wrap_text
    assert sheet.cell(clearance, 7).data_type == "n" and sheet.cell(clearance, 7).value == 13
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["E"].width
    for row in range(top + 1, top + 14):
        for column in "BCD":
            text = sheet[f"{column}{row}"].value
            if text:
                width = sheet.column_dimensions[column].width
                height = sheet.row_dimensions[row].height or LINE_HEIGHT
                assert height >= LINE_HEIGHT * lines_needed(text, width), (column, row)
    assert book.properties.title == TITLE

    dubrovnik = book["Dubrovnik (2015)"]
    rows = [list(r) for r in dubrovnik.iter_rows(values_only=True)]
    assert rows[0][0] == "Dubrovnik Action Plan — sections and known actions"
    details = {r[0]: r[1] for r in rows if r[0] and r[1] is not None}
    assert details["Plan"] == "Dubrovnik Action Plan"
    assert (details["First reporting year"], details["Last reporting year"]) == (2016, 2020)
    codes = [r[0] for r in rows if isinstance(r[0], str) and r[0].startswith("5.")]
    assert codes == ["5.1", "5.2", "5.3", "5.4", "5.5", "5.6", "5.7"]
    header_at = [r[:5] for r in rows].index(["Order", "Theme", "Section", "Note", "Count"])
    sections = [r[:5] for r in rows[header_at + 1 : header_at + 11]]
    assert sections[4] == [5, "Stockpile destruction", "Action two: Stockpile destruction (5)",
                           None, 5]  # fmt: skip
    assert [r[4] for r in sections].count(None) == 3
    assert dubrovnik.freeze_panes == f"A{header_at + 2}"
    text_width = dubrovnik.column_dimensions["D"].width
    assert text_width >= 40  # the actions' "Text" column is readable (finding 11: it was 8)
    body = next(i for i, r in enumerate(rows, start=1) if r[0] == "5.1")
    assert dubrovnik.row_dimensions[body].height >= LINE_HEIGHT * lines_needed(
        rows[body - 1][3], text_width
    )
