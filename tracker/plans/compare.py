"""The action-plan comparison: themes as rows, plans as columns (``spec/action-plans.md``).

Pure: plans in, table out. Columns follow the plans' periods, so a new plan file becomes a new
column without any code change; rows follow :data:`~tracker.plans.schema.THEMES`, and a theme
no plan has is left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tracker.plans.schema import THEMES, Plan

#: How the cells of several sections under one theme are joined (the spec's
#: "Survey and clearance (9); Risk education (4)").
CELL_SEPARATOR = "; "


@dataclass(frozen=True)
class ComparisonRow:
    """One theme: per plan, the cell text (None: empty) and the summed count (None: none)."""

    theme: str
    cells: tuple[str | None, ...]
    counts: tuple[int | None, ...]


@dataclass(frozen=True)
class Comparison:
    """The whole table: plan labels as column headings and one row per theme."""

    labels: tuple[str, ...]
    rows: tuple[ComparisonRow, ...]


def compare_plans(plans: Sequence[Plan]) -> Comparison:
    """The comparison table of ``plans`` (ordered by their periods)."""
    ordered = sorted(plans, key=lambda p: (p.first_year, p.name))
    rows = []
    for theme in THEMES:
        cells: list[str | None] = []
        counts: list[int | None] = []
        for plan in ordered:
            sections = [s for s in plan.sections if s.theme == theme]
            cells.append(CELL_SEPARATOR.join(s.cell_text for s in sections) or None)
            known = [s.count for s in sections if s.count is not None]
            counts.append(sum(known) if known else None)
        if any(cell is not None for cell in cells):
            rows.append(ComparisonRow(theme, tuple(cells), tuple(counts)))
    return Comparison(tuple(p.label for p in ordered), tuple(rows))
