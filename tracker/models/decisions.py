"""Extension decisions of Meetings of States Parties on Article 3 and Article 4 deadlines."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from tracker.db import Base


class ExtensionDecision(Base):
    """A meeting's decision extending one State's Article 3 or 4 deadline (``compliance.md``).

    Keyed by (State, Article, Decided on). ``origin`` says who put it there: ``shipped`` rows
    come from the file in the package (``tracker db upgrade`` inserts those whose key is absent
    and never overwrites a row), ``imported`` rows from ``tracker extensions import``.
    """

    __tablename__ = "extension_decisions"
    __table_args__ = (
        UniqueConstraint("state_iso3", "article", "decided_on"),
        CheckConstraint("article IN (3, 4)", name="article_known"),
        CheckConstraint("decided_on < extended_until", name="decided_before_deadline"),
        CheckConstraint("origin IN ('shipped', 'imported')", name="origin_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    state_iso3: Mapped[str] = mapped_column(ForeignKey("states.iso3"))
    article: Mapped[int] = mapped_column(Integer)
    extended_until: Mapped[dt.date] = mapped_column(Date)
    decided_on: Mapped[dt.date] = mapped_column(Date)
    meeting: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(10))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
