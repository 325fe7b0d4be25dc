"""The comparison as a formatted workbook (openpyxl), for donors and the ISU.

Sheet ``Comparison``: themes as rows, the plans' labels as columns (empty cells left empty),
then one numeric count column per plan so that the counts can be sorted and totalled. Then one
sheet per plan with its details, its sections and its known actions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.plans.compare import compare_plans
from tracker.plans.schema import Plan

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

COMPARISON_SHEET = "Comparison"
THEME_WIDTH = 30
TEXT_WIDTH = 42
COUNT_WIDTH = 16
HEADER_FILL = "DDE5F0"


def count_heading(label: str) -> str:
    """The heading of a plan's numeric count column, e.g. ``Count: Dubrovnik (2015)``."""
    return f"Count: {label}"


def build_workbook(plans: Sequence[Plan]) -> Workbook:
    """The comparison workbook of ``plans`` (not saved)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = COMPARISON_SHEET
    _comparison_sheet(sheet, plans)
    used = {COMPARISON_SHEET.casefold()}
    for plan in sorted(plans, key=lambda p: (p.first_year, p.name)):
        _plan_sheet(book.create_sheet(_sheet_title(plan.label, used)), plan)
    return book


def write_workbook(plans: Sequence[Plan], path: Path) -> None:
    """Write the comparison workbook of ``plans`` to ``path``."""
    build_workbook(plans).save(path)


def _comparison_sheet(sheet: Worksheet, plans: Sequence[Plan]) -> None:
    table = compare_plans(plans)
    labels = list(table.labels)
    header = ["Theme", *labels, *(count_heading(label) for label in labels)]
    body: list[list[Any]] = [[r.theme, *r.cells, *r.counts] for r in table.rows]
    _table(sheet, 1, header, body)
    widths = [THEME_WIDTH] + [TEXT_WIDTH] * len(labels) + [COUNT_WIDTH] * len(labels)
    _widths(sheet, widths)
    for column in range(len(labels) + 2, 2 * len(labels) + 2):
        for row in range(2, len(body) + 2):
            sheet.cell(row, column).number_format = "0"
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions


def _plan_sheet(sheet: Worksheet, plan: Plan) -> None:
    details: list[tuple[str, Any]] = [
        ("Plan", plan.name),
        ("Label", plan.label),
        ("City", plan.city),
        ("Adopted", plan.adopted),
        ("First reporting year", plan.first_year),
        ("Last reporting year", plan.last_year),
        ("Source", plan.source),
    ]
    styles = _style_objects()
    for row, (key, value) in enumerate(details, start=1):
        sheet.cell(row, 1, key).font = styles["bold"]
        sheet.cell(row, 2, value).alignment = styles["wrap"]
    start = len(details) + 2
    header = ["Order", "Theme", "Section", "Count", "Note"]
    body: list[list[Any]] = [
        [s.position, s.theme, s.cell_text, s.count, s.note] for s in plan.sections
    ]
    _table(sheet, start, header, body)
    sheet.freeze_panes = sheet.cell(start + 1, 1).coordinate
    last = sheet.cell(start + len(body), len(header)).coordinate
    sheet.auto_filter.ref = f"A{start}:{last}"
    actions_at = start + len(body) + 2
    action_rows: list[list[Any]] = [
        [a.code, a.title, s.cell_text, a.body] for s in plan.sections for a in s.actions
    ]
    if action_rows:
        _table(sheet, actions_at, ["Action", "Title", "Section", "Text"], action_rows)
    else:
        sheet.cell(actions_at, 1, "No known actions stored for this plan.")
    _widths(sheet, [22, 34, 48, 10, 60])


def _style_objects() -> dict[str, Any]:
    """The few styles of the workbook, defined once."""
    from openpyxl.styles import Alignment, Font, PatternFill

    return {
        "bold": Font(bold=True),
        "fill": PatternFill("solid", start_color=HEADER_FILL, end_color=HEADER_FILL),
        "wrap": Alignment(wrap_text=True, vertical="top"),
    }


def _table(sheet: Worksheet, top: int, header: list[str], body: list[list[Any]]) -> None:
    """A bold, filled header row at row ``top`` and the body under it (None: empty cell)."""
    styles = _style_objects()
    for column, title in enumerate(header, start=1):
        cell = sheet.cell(top, column, title)
        cell.font, cell.fill, cell.alignment = styles["bold"], styles["fill"], styles["wrap"]
    for offset, values in enumerate(body, start=1):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(top + offset, column, value)
            cell.alignment = styles["wrap"]


def _widths(sheet: Worksheet, widths: list[int]) -> None:
    from openpyxl.utils import get_column_letter

    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _sheet_title(label: str, used: set[str]) -> str:
    """A valid, unique sheet title from a plan label (Excel: 31 characters, no brackets etc.)."""
    base = re.sub(r"[\[\]:*?/\\]", "-", label).strip("'") or "Plan"
    title, number = base[:31], 1
    while title.casefold() in used:
        number += 1
        suffix = f" {number}"
        title = base[: 31 - len(suffix)] + suffix
    used.add(title.casefold())
    return title
