"""The action plans in the store: loading plan files into it and reading them back.

Loading is an idempotent upsert by plan name: a plan whose stored content equals the file is
left untouched, a changed one has its sections and actions replaced. Like every service here,
these functions ``flush()`` and never commit: the caller owns the transaction.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker.models.plans import ActionPlan
from tracker.models.plans import PlanAction as ActionRow
from tracker.models.plans import PlanSection as SectionRow
from tracker.plans.schema import (
    Plan,
    PlanAction,
    PlanDataError,
    PlanSection,
    check_plans,
)


@dataclass
class LoadResult:
    """What a load did, by plan name."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Plans in the files that were loaded."""
        return len(self.added) + len(self.updated) + len(self.unchanged)


def load_shipped_plans(session: Session) -> LoadResult:
    """Load the plans shipped in the package (``tracker db upgrade`` calls this)."""
    from tracker.plans.files import shipped_plans

    return store_plans(session, shipped_plans())


def load_plans_dir(session: Session, directory: Path) -> LoadResult:
    """Load every plan file of ``directory`` (e.g. a draft plan); nothing when any is invalid."""
    from tracker.plans.files import read_plan_dir

    return store_plans(session, read_plan_dir(directory))


def store_plans(session: Session, plans: tuple[Plan, ...]) -> LoadResult:
    """Insert or update ``plans``, after checking them against the other stored plans."""
    rows = {row.name: row for row in _plan_rows(session)}
    names = {p.name for p in plans}
    others = [_from_row(row) for name, row in rows.items() if name not in names]
    issues = check_plans(plans, stored=others)
    if issues:
        raise PlanDataError(issues)
    result = LoadResult()
    for plan in plans:
        row = rows.get(plan.name)
        if row is None:
            row = ActionPlan(name=plan.name)
            session.add(row)
            result.added.append(plan.name)
        elif _from_row(row) == plan:
            result.unchanged.append(plan.name)
            continue
        else:
            result.updated.append(plan.name)
        _write(session, row, plan)
    session.flush()
    return result


def remove_plan(session: Session, name: str) -> bool:
    """Delete the stored plan ``name`` with its sections and actions; False when not stored."""
    row = session.scalar(select(ActionPlan).where(ActionPlan.name == name))
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True


def plans_from_store(session: Session) -> tuple[Plan, ...]:
    """Every stored plan as plain data, in the order of their periods.

    Three plain Core statements (no mapper to configure): the statistics and the indicators
    read the plans on every run, for the default window. Pending changes are flushed first,
    as an ORM query would.
    """
    session.flush()
    connection = session.connection()
    plans, sections, actions = ActionPlan.__table__.c, SectionRow.__table__.c, ActionRow.__table__.c
    by_section: dict[tuple[int, int | None], list[PlanAction]] = defaultdict(list)
    query = select(actions.plan_id, actions.section_id, actions.code, actions.title, actions.body)
    for plan_id, section_id, code, title, body in connection.execute(
        query.order_by(actions.plan_id, actions.position)
    ):
        by_section[plan_id, section_id].append(PlanAction(code, title, body))
    by_plan: dict[int, list[PlanSection]] = defaultdict(list)
    query = select(
        sections.plan_id,
        sections.id,
        sections.position,
        sections.theme,
        sections.cell_text,
        sections.action_count,
        sections.note,
    )
    for plan_id, section_id, position, theme, cell_text, count, note in connection.execute(
        query.order_by(sections.plan_id, sections.position)
    ):
        by_plan[plan_id].append(
            PlanSection(
                position=position,
                theme=theme,
                cell_text=cell_text,
                count=count,
                note=note,
                actions=tuple(by_section.get((plan_id, section_id), ())),
            )
        )
    query = select(
        plans.id,
        plans.name,
        plans.label,
        plans.city,
        plans.adopted,
        plans.first_year,
        plans.last_year,
        plans.source,
    )
    return tuple(
        Plan(
            name=name,
            label=label,
            city=city,
            adopted=adopted,
            first_year=first,
            last_year=last,
            sections=tuple(by_plan.get(plan_id, ())),
            source=source,
        )
        for plan_id, name, label, city, adopted, first, last, source in connection.execute(
            query.order_by(plans.first_year, plans.name)
        )
    )


def _plan_rows(session: Session) -> list[ActionPlan]:
    query = (
        select(ActionPlan)
        .options(selectinload(ActionPlan.sections), selectinload(ActionPlan.actions))
        .order_by(ActionPlan.first_year, ActionPlan.name)
    )
    return list(session.scalars(query))


def _write(session: Session, row: ActionPlan, plan: Plan) -> None:
    """Replace the row's fields, sections and actions by the plan's."""
    row.label, row.city, row.adopted = plan.label, plan.city, plan.adopted
    row.first_year, row.last_year, row.source = plan.first_year, plan.last_year, plan.source
    # Old children go first: (plan_id, position) and (plan_id, code) are unique.
    row.actions.clear()
    row.sections.clear()
    session.flush()
    sections = [
        SectionRow(
            position=s.position,
            theme=s.theme,
            cell_text=s.cell_text,
            action_count=s.count,
            note=s.note,
        )
        for s in plan.sections
    ]
    row.sections.extend(sections)
    session.flush()  # the sections' ids, for the actions
    position = 0
    for section, stored in zip(plan.sections, sections, strict=True):
        for action in section.actions:
            position += 1
            row.actions.append(
                ActionRow(
                    section_id=stored.id,
                    position=position,
                    code=action.code,
                    title=action.title,
                    body=action.body,
                )
            )


def _from_row(row: ActionPlan) -> Plan:
    """The stored plan as plain data (actions under their sections, in their order)."""
    by_section: dict[int | None, list[PlanAction]] = {}
    for action in row.actions:
        by_section.setdefault(action.section_id, []).append(
            PlanAction(action.code, action.title, action.body)
        )
    sections = tuple(
        PlanSection(
            position=s.position,
            theme=s.theme,
            cell_text=s.cell_text,
            count=s.action_count,
            note=s.note,
            actions=tuple(by_section.get(s.id, ())),
        )
        for s in row.sections
    )
    return Plan(
        name=row.name,
        label=row.label,
        city=row.city,
        adopted=row.adopted,
        first_year=row.first_year,
        last_year=row.last_year,
        sections=sections,
        source=row.source,
    )


def write_comparison_workbook(session: Session, path: Path) -> None:
    """Write the comparison workbook of the stored plans to ``path`` (``tracker demo``)."""
    from tracker.plans.workbook import write_workbook

    write_workbook(plans_from_store(session), path)
