"""States, their aliases and their membership of the Convention."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.db import Base
from tracker.models.enums import DepositType, db_enum


class State(Base):
    """A State (UN member or observer, Cook Islands, Niue, Kosovo) keyed by ISO 3166 alpha-3."""

    __tablename__ = "states"

    iso3: Mapped[str] = mapped_column(String(3), primary_key=True)
    name_en: Mapped[str] = mapped_column(String(120))
    name_fr: Mapped[str] = mapped_column(String(120))
    name_es: Mapped[str] = mapped_column(String(120))
    category: Mapped[str] = mapped_column(String(20))  # un_member, un_observer, other

    aliases: Mapped[list[StateAlias]] = relationship(
        back_populates="state", cascade="all, delete-orphan"
    )
    membership: Mapped[Membership | None] = relationship(back_populates="state")


class StateAlias(Base):
    """Another written form of a State's name; ``normalized`` is what the resolver matches."""

    __tablename__ = "state_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    iso3: Mapped[str] = mapped_column(ForeignKey("states.iso3", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(160))
    normalized: Mapped[str] = mapped_column(String(160), unique=True)

    state: Mapped[State] = relationship(back_populates="aliases")


class Membership(Base):
    """A State's signature, deposit, entry into force (computed) and withdrawal."""

    __tablename__ = "memberships"
    __table_args__ = (
        CheckConstraint(
            "withdrawal_effective IS NULL OR deposited IS NULL OR withdrawal_effective > deposited",
            name="withdrawal_after_deposit",
        ),
        CheckConstraint(
            "entry_into_force IS NULL OR deposited IS NOT NULL",
            name="entry_into_force_needs_deposit",
        ),
    )

    iso3: Mapped[str] = mapped_column(ForeignKey("states.iso3"), primary_key=True)
    signed: Mapped[dt.date | None] = mapped_column(Date)
    deposited: Mapped[dt.date | None] = mapped_column(Date)
    deposit_type: Mapped[DepositType | None] = mapped_column(db_enum(DepositType, "deposit_type"))
    entry_into_force: Mapped[dt.date | None] = mapped_column(Date)
    withdrawal_effective: Mapped[dt.date | None] = mapped_column(Date)
    source: Mapped[str | None] = mapped_column(Text)

    state: Mapped[State] = relationship(back_populates="membership")
