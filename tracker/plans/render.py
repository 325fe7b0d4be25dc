"""The comparison and one plan as terminal text.

Long cells are wrapped at word boundaries and never cut: when a single word is wider than its
column could be, the column (and the table) grows past the requested width instead.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from tracker.plans.compare import Comparison
from tracker.plans.schema import Plan

EMPTY = "—"
COLUMN_GAP = " │ "
RULE_GAP = "─┼─"
DEFAULT_WIDTH = 120


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` characters, broken only between words."""
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""]


def column_widths(columns: Sequence[Sequence[str]], width: int) -> list[int]:
    """Widths that fit ``width`` when the words allow it, taking from the widest column first."""
    natural = [max(len(cell) for cell in column) for column in columns]
    narrowest = [
        max(len(word) for cell in column for word in cell.split() or [""]) for column in columns
    ]
    widths = list(natural)
    budget = width - len(COLUMN_GAP) * (len(columns) - 1)
    while sum(widths) > budget:
        shrinkable = [i for i, w in enumerate(widths) if w > narrowest[i]]
        if not shrinkable:
            break  # the words do not fit: overflow rather than cut
        widest = max(shrinkable, key=lambda i: widths[i])
        widths[widest] -= 1
    return widths


def table_text(rows: Sequence[Sequence[str]], width: int = DEFAULT_WIDTH) -> str:
    """A grid: the first row is the header; a rule under it and between the rows."""
    columns = list(zip(*rows, strict=True))
    widths = column_widths(columns, width)
    rule = RULE_GAP.join("─" * w for w in widths)
    lines: list[str] = []
    for number, row in enumerate(rows):
        if number:
            lines.append(rule)
        wrapped = [wrap(cell, w) for cell, w in zip(row, widths, strict=True)]
        for i in range(max(len(cell) for cell in wrapped)):
            parts = [
                (cell[i] if i < len(cell) else "").ljust(w)
                for cell, w in zip(wrapped, widths, strict=True)
            ]
            lines.append(COLUMN_GAP.join(parts).rstrip())
    return "\n".join(lines) + "\n"


def comparison_text(comparison: Comparison, width: int = DEFAULT_WIDTH) -> str:
    """The comparison as the spec's table: themes as rows, ``—`` in empty cells."""
    rows = [["Theme", *comparison.labels]]
    rows += [[row.theme, *(cell or EMPTY for cell in row.cells)] for row in comparison.rows]
    return table_text(rows, width)


def plan_text(plan: Plan, width: int = DEFAULT_WIDTH) -> str:
    """One plan: its heading, its sections in order and, under them, its known actions."""
    lines = [
        plan.name,
        f"  label: {plan.label}",
        f"  city: {plan.city}",
        f"  adopted: {plan.adopted}",
        f"  period: {plan.period} (reporting years it governs)",
        f"  source: {plan.source}",
        "",
        f"Sections ({len(plan.sections)}), actions known: {len(plan.actions)}",
    ]
    indent = "      "
    for section in plan.sections:
        count = "—" if section.count is None else str(section.count)
        lines.append(
            f"{section.position:>3}. {section.theme}: {section.cell_text} [count: {count}]"
        )
        if section.note:
            note_width = max(20, width - len(indent))
            lines += [indent + line for line in wrap(f"note: {section.note}", note_width)]
        for action in section.actions:
            lines.append(f"{indent}Action {action.code} – {action.title}")
            for paragraph in (action.body or "").splitlines():
                body_width = max(20, width - 2 * len(indent))
                lines += [indent * 2 + line for line in wrap(paragraph, body_width)]
    return "\n".join(line.rstrip() for line in lines) + "\n"
