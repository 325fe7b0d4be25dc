"""The comparison as a finished workbook (openpyxl), for donors and the ISU.

Written through the donor workbook's :class:`~tracker.export.styles.SheetWriter`, so it has the
same finish (``action-plans.md``, Output): a title and a line saying what the table is and where
it comes from, the same fonts, fitted widths, row heights that show every wrapped line, a frozen
header, landscape and one page wide when printed, and text that can never run as a formula.

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

COMPARISON_SHEET = "Comparison"
TITLE = "Action plans of the Convention on Cluster Munitions, compared section by section"
CREATOR = "CCM needs tracker (ISU-CCM)"
THEME_WIDTH = 30
TEXT_WIDTH = 40  # the cap of a plan's column: long cells wrap
# Note before Count: the actions table below shares the columns, and its wide Text column
# falls under Note rather than widening Count.
SECTION_COLUMNS = ("Order", "Theme", "Section", "Note", "Count")
ACTION_COLUMNS = ("Action", "Title", "Section", "Text")


def count_heading(label: str) -> str:
    """The heading of a plan's numeric count column, e.g. ``Count: Dubrovnik (2015)``."""
    return f"Count: {label}"


def describe(plans: Sequence[Plan]) -> str:
    """The line under the title: what the table is and where it comes from."""
    ordered = sorted(plans, key=lambda p: (p.first_year, p.name))
    adopted = "; ".join(f"{p.name} ({p.adopted}; reporting years {p.period})" for p in ordered)
    return (
        "Each row is a theme, each plan a column: a cell names the plan's sections on that "
        "theme as the plan does, with its number of actions in brackets; an empty cell means "
        'the plan has no section on it. The "Count" columns repeat the numbers of actions as '
        "numbers, to sort and total (Lausanne's Indicators count indicators, not actions). "
        f"Source: the action plans adopted by the States parties — {adopted} — held as data "
        "files by the CCM needs tracker; one sheet per plan lists its sections and known actions."
    )


def build_workbook(plans: Sequence[Plan]) -> Workbook:
    """The comparison workbook of ``plans`` (not saved)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = COMPARISON_SHEET
    _comparison_sheet(sheet, plans)
    used = {COMPARISON_SHEET.casefold()}
    ordered = sorted(plans, key=lambda p: (p.first_year, p.name))
    for index, plan in enumerate(ordered, start=1):
        _plan_sheet(book.create_sheet(_sheet_title(plan.label, used)), plan, index)
    props = book.properties
    props.title = TITLE
    props.subject = "Action plans compared: " + ", ".join(p.label for p in ordered)
    props.creator = props.lastModifiedBy = CREATOR
    props.keywords = "CCM; action plans; Vientiane; Dubrovnik; Lausanne"
    return book


def write_workbook(plans: Sequence[Plan], path: Path) -> None:
    """Write the comparison workbook of ``plans`` to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    build_workbook(plans).save(path)


def _comparison_sheet(sheet: Any, plans: Sequence[Plan]) -> None:
    from tracker.export.safety import CellValue
    from tracker.export.styles import Column, Kind, SheetWriter

    table = compare_plans(plans)
    labels = list(table.labels)
    columns = (
        Column("Theme", Kind.TEXT, THEME_WIDTH),
        *(Column(label, Kind.LONG, TEXT_WIDTH) for label in labels),
        *(Column(count_heading(label), Kind.COUNT) for label in labels),
    )
    writer = SheetWriter(sheet, TITLE, sample=False)
    writer.paragraph(describe(plans), len(columns))
    writer.skip()
    body: list[list[CellValue]] = [[r.theme, *r.cells, *r.counts] for r in table.rows]
    writer.table(columns, body, freeze_column=2)
    writer.finish(one_page=True)


def _plan_sheet(sheet: Any, plan: Plan, index: int) -> None:
    from tracker.export.safety import CellValue
    from tracker.export.styles import Column, Kind, SheetWriter

    writer = SheetWriter(sheet, f"{plan.name} — sections and known actions", sample=False)
    writer.pairs(
        [
            ("Plan", plan.name, Kind.TEXT),
            ("Label", plan.label, Kind.TEXT),
            ("City", plan.city, Kind.TEXT),
            ("Adopted", plan.adopted, Kind.TEXT),
            ("First reporting year", plan.first_year, Kind.YEAR),
            ("Last reporting year", plan.last_year, Kind.YEAR),
            ("Source", f"{plan.source} (a data file of the CCM needs tracker)", Kind.TEXT),
        ]
    )
    writer.skip()
    sections = (
        Column(SECTION_COLUMNS[0], Kind.COUNT),
        Column(SECTION_COLUMNS[1], Kind.TEXT, THEME_WIDTH),
        Column(SECTION_COLUMNS[2], Kind.LONG, 48),
        Column(SECTION_COLUMNS[3], Kind.LONG, 48),
        Column(SECTION_COLUMNS[4], Kind.COUNT),
    )
    writer.paragraph("Sections, in the plan's order", len(sections), bold=True)
    body: list[list[CellValue]] = [
        [s.position, s.theme, s.cell_text, s.note, s.count] for s in plan.sections
    ]
    writer.table(sections, body)
    writer.skip()
    actions = (
        Column(ACTION_COLUMNS[0], Kind.CODE),
        Column(ACTION_COLUMNS[1], Kind.LONG, 40),
        Column(ACTION_COLUMNS[2], Kind.LONG, 40),
        Column(ACTION_COLUMNS[3], Kind.LONG, 60),
    )
    rows: list[list[CellValue]] = [
        [a.code, a.title, s.cell_text, a.body] for s in plan.sections for a in s.actions
    ]
    if rows:
        writer.paragraph("Known actions", len(actions), bold=True)
        writer.table(actions, rows, primary=False, name=f"KnownActions{index}")
    else:
        writer.paragraph("No known actions stored for this plan.", len(actions))
    writer.finish()


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
