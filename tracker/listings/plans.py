"""``tracker plans show --format json``: one action plan as data (the plan file's own fields)."""

from __future__ import annotations

from tracker.plans.schema import Plan


def plan_json(plan: Plan) -> dict[str, object]:
    """The plan with its sections in order and each section's known actions."""
    return {
        "name": plan.name,
        "label": plan.label,
        "city": plan.city,
        "adopted": plan.adopted,
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
