"""The plans and their comparison as data for JSON and CSV (the web's ``/plans`` downloads).

The comparison's CSV is the table ``tracker plans compare`` prints (themes as rows, plans as
columns, empty cells empty); its JSON adds each cell's count of actions. Each plan's JSON has
what ``tracker plans show`` prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tracker.plans.compare import Comparison
from tracker.plans.schema import Plan


def plan_shape(plan: Plan) -> dict[str, Any]:
    """One plan: its heading, its sections in order and their known actions."""
    return {
        "name": plan.name,
        "label": plan.label,
        "city": plan.city,
        "adopted": plan.adopted,
        "period": plan.period,
        "first_year": plan.first_year,
        "last_year": plan.last_year,
        "source": plan.source,
        "sections": [
            {
                "position": s.position,
                "theme": s.theme,
                "cell_text": s.cell_text,
                "count": s.count,
                "note": s.note,
                "actions": [{"code": a.code, "title": a.title, "body": a.body} for a in s.actions],
            }
            for s in plan.sections
        ],
    }


def comparison_shape(comparison: Comparison) -> dict[str, Any]:
    """The comparison: plan labels, then per theme the cell and the count of each plan."""
    return {
        "labels": list(comparison.labels),
        "rows": [
            {"theme": row.theme, "cells": list(row.cells), "counts": list(row.counts)}
            for row in comparison.rows
        ],
    }


def plans_shape(plans: Sequence[Plan], comparison: Comparison) -> dict[str, Any]:
    """``{"comparison": {...}, "plans": [...]}`` (``docs/web.md``)."""
    return {"comparison": comparison_shape(comparison), "plans": [plan_shape(p) for p in plans]}


def comparison_rows(comparison: Comparison) -> tuple[list[str], list[list[str]]]:
    """The comparison as a CSV header and rows: ``Theme``, then one column per plan."""
    header = ["Theme", *comparison.labels]
    return header, [[row.theme, *(cell or "" for cell in row.cells)] for row in comparison.rows]
