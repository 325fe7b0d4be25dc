"""Action plans adopted by the States Parties, their sections and known actions."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.db import Base


class ActionPlan(Base):
    """A five-year action plan; ``first_year``–``last_year`` are the reporting years it governs."""

    __tablename__ = "action_plans"
    __table_args__ = (CheckConstraint("last_year >= first_year", name="period_in_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    label: Mapped[str] = mapped_column(String(60))
    city: Mapped[str] = mapped_column(String(60))
    adopted: Mapped[str] = mapped_column(Text)
    first_year: Mapped[int] = mapped_column(Integer)
    last_year: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(Text)

    sections: Mapped[list[PlanSection]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanSection.position"
    )
    actions: Mapped[list[PlanAction]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanAction.position"
    )


class PlanSection(Base):
    """One section of a plan, under one theme of the comparison table."""

    __tablename__ = "plan_sections"
    __table_args__ = (
        UniqueConstraint("plan_id", "position"),
        CheckConstraint("action_count IS NULL OR action_count >= 0", name="count_nn"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plans.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    theme: Mapped[str] = mapped_column(String(80))
    cell_text: Mapped[str] = mapped_column(Text)
    action_count: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)

    plan: Mapped[ActionPlan] = relationship(back_populates="sections")


class PlanAction(Base):
    """A known action of a plan (e.g. Dubrovnik Action 5.2), with its section's theme."""

    __tablename__ = "plan_actions"
    __table_args__ = (UniqueConstraint("plan_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plans.id", ondelete="CASCADE"))
    section_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_sections.id", ondelete="SET NULL")
    )
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str | None] = mapped_column(Text)

    plan: Mapped[ActionPlan] = relationship(back_populates="actions")
