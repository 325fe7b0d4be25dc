"""Facts read from a report's forms. Every row keeps the sheet and cell it came from."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import ClassVar

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from tracker.db import Base
from tracker.models.enums import (
    AreaStatus,
    NeedArea,
    ObligationStatus,
    ResourceType,
    db_bool,
    db_enum,
)

AMOUNT = Numeric(20, 2)
AREA_M2 = Numeric(20, 2)


class FactRow:
    """Columns every fact row has: its report, and the sheet and cell it was read from."""

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet: Mapped[str] = mapped_column(String(64))
    cell: Mapped[str] = mapped_column(String(16))

    # False where a unique constraint starting with report_id already indexes it: a second
    # index would only cost every insert (see migration 0002).
    report_id_indexed: ClassVar[bool] = True

    @declared_attr
    def report_id(cls) -> Mapped[int]:
        """The report the fact belongs to (deleted with it)."""
        return mapped_column(
            ForeignKey("reports.id", ondelete="CASCADE"), index=cls.report_id_indexed
        )


class ArticleFact(FactRow, Base):
    """Article 3 (Form B), 4 (Form F) or 5 (Form H) status of one report.

    ``cell`` is the status value cell; the deadline and the extension keep their own cells
    (``deadline_cell``, ``extension_cell``), since a deadline is shown with where it came from.
    """

    __tablename__ = "article_facts"
    report_id_indexed = False  # by the unique (report_id, article)
    __table_args__ = (
        UniqueConstraint("report_id", "article"),
        CheckConstraint("article IN (3, 4, 5)", name="article_known"),
        CheckConstraint("article <> 5 OR status <> 'had'", name="article5_has_no_had"),
        CheckConstraint("recorded_victims IS NULL OR recorded_victims >= 0", name="victims_nn"),
    )

    article: Mapped[int] = mapped_column(Integer)
    status: Mapped[ObligationStatus] = mapped_column(db_enum(ObligationStatus, "obligation_status"))
    completed_on: Mapped[dt.date | None] = mapped_column(Date)
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    extension_until: Mapped[dt.date | None] = mapped_column(Date)
    # The cells of the deadline and the extension (on rows of their own): a deadline is shown
    # with the cell it was read from. None for matrix rows and for reports stored before 0004.
    deadline_cell: Mapped[str | None] = mapped_column(String(16))
    extension_cell: Mapped[str | None] = mapped_column(String(16))
    recorded_victims: Mapped[int | None] = mapped_column(Integer)
    focal_point: Mapped[str | None] = mapped_column(Text)
    national_plan: Mapped[bool | None] = mapped_column(db_bool("national_plan"))


class Need(FactRow, Base):
    """A row of Form I's needs table (``needed`` true = a declared need)."""

    __tablename__ = "needs"
    __table_args__ = (
        CheckConstraint("estimated_cost IS NULL OR estimated_cost >= 0", name="cost_nn"),
        CheckConstraint(
            "estimated_cost IS NULL OR currency IS NOT NULL", name="cost_needs_currency"
        ),
    )

    area: Mapped[NeedArea] = mapped_column(db_enum(NeedArea, "need_area"))
    needed: Mapped[bool] = mapped_column(db_bool("needed"))
    description: Mapped[str | None] = mapped_column(Text)
    estimated_cost: Mapped[Decimal | None] = mapped_column(AMOUNT)
    currency: Mapped[str | None] = mapped_column(String(3))


class NationalResource(FactRow, Base):
    """Form I: national resources put into Articles 3, 4 or 5."""

    __tablename__ = "national_resources"
    __table_args__ = (
        CheckConstraint("article IN (3, 4, 5)", name="article_known"),
        CheckConstraint("amount >= 0", name="amount_nn"),
    )

    article: Mapped[int] = mapped_column(Integer)
    amount: Mapped[Decimal] = mapped_column(AMOUNT)
    currency: Mapped[str | None] = mapped_column(String(3))
    resource_type: Mapped[ResourceType | None] = mapped_column(
        db_enum(ResourceType, "resource_type")
    )


class Stockpile(FactRow, Base):
    """Form B: cluster munitions held at the end of the period, by type."""

    __tablename__ = "stockpiles"
    __table_args__ = (
        CheckConstraint("munitions >= 0", name="munitions_nn"),
        CheckConstraint("submunitions >= 0", name="submunitions_nn"),
    )

    munition_type: Mapped[str] = mapped_column(Text)
    munitions: Mapped[int | None] = mapped_column(BigInteger)
    submunitions: Mapped[int | None] = mapped_column(BigInteger)


class Destruction(FactRow, Base):
    """Form B: cluster munitions destroyed during the period, by type."""

    __tablename__ = "destructions"
    __table_args__ = (
        CheckConstraint("munitions >= 0", name="munitions_nn"),
        CheckConstraint("submunitions >= 0", name="submunitions_nn"),
    )

    munition_type: Mapped[str] = mapped_column(Text)
    munitions: Mapped[int | None] = mapped_column(BigInteger)
    submunitions: Mapped[int | None] = mapped_column(BigInteger)
    method: Mapped[str | None] = mapped_column(Text)
    site: Mapped[str | None] = mapped_column(Text)


class ContaminatedArea(FactRow, Base):
    """Form F: a confirmed or suspected hazardous area and the clearance in the period."""

    __tablename__ = "contaminated_areas"
    __table_args__ = (
        CheckConstraint("area_m2 >= 0", name="area_nn"),
        CheckConstraint("cleared_m2 >= 0", name="cleared_nn"),
        CheckConstraint("submunitions_destroyed >= 0", name="submunitions_nn"),
    )

    location: Mapped[str] = mapped_column(Text)
    area_status: Mapped[AreaStatus] = mapped_column(db_enum(AreaStatus, "area_status"))
    area_m2: Mapped[Decimal | None] = mapped_column(AREA_M2)
    cleared_m2: Mapped[Decimal | None] = mapped_column(AREA_M2)
    submunitions_destroyed: Mapped[int | None] = mapped_column(BigInteger)


class RiskEducationActivity(FactRow, Base):
    """Form G: a risk reduction education activity."""

    __tablename__ = "risk_education_activities"
    __table_args__ = (CheckConstraint("people_reached >= 0", name="people_nn"),)

    activity: Mapped[str] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(Text)
    people_reached: Mapped[int | None] = mapped_column(BigInteger)


class ImplementationMeasure(FactRow, Base):
    """Form A: a national implementation measure (law, regulation)."""

    __tablename__ = "implementation_measures"

    measure: Mapped[str] = mapped_column(Text)
    measure_type: Mapped[str | None] = mapped_column(Text)
    date_adopted: Mapped[dt.date | None] = mapped_column(Date)


class FormText(FactRow, Base):
    """A form's free text (its ``Summary``)."""

    __tablename__ = "form_texts"
    report_id_indexed = False  # by the unique (report_id, form)
    __table_args__ = (
        UniqueConstraint("report_id", "form"),
        CheckConstraint("form IN ('A','B','C','D','E','F','G','H','I','J')", name="form_letter"),
    )

    form: Mapped[str] = mapped_column(String(1))
    text: Mapped[str] = mapped_column(Text)
