"""Stored files, the reports they hold, and each report's per-form cover status."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.db import Base
from tracker.models.enums import Channel, FormStatus, ReportType, db_bool, db_enum


class SourceFile(Base):
    """One imported file, stored once by its SHA-256 (a matrix file holds many reports)."""

    __tablename__ = "source_files"
    __table_args__ = (CheckConstraint("size_bytes >= 0", name="size_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    file_name: Mapped[str] = mapped_column(String(255))
    path: Mapped[str] = mapped_column(Text)
    size_bytes: Mapped[int] = mapped_column(Integer)
    layout: Mapped[str] = mapped_column(String(40))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    import_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_runs.id", ondelete="SET NULL"), index=True
    )

    reports: Mapped[list[Report]] = relationship(back_populates="source_file")


class Original(Base):
    """The bytes of an imported file, kept once per SHA-256 so a version can be re-read.

    Written in the same transaction as the file's reports; a rejected file keeps nothing.
    """

    __tablename__ = "originals"
    __table_args__ = (CheckConstraint("size_bytes >= 0", name="size_not_negative"),)

    sha256: Mapped[str] = mapped_column(
        ForeignKey("source_files.sha256", ondelete="CASCADE"), primary_key=True
    )
    size_bytes: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)


class Report(Base):
    """One version of a State's Article 7 report for a reporting year and type.

    Several versions of the same (State, year, type) are kept; exactly one that is not withdrawn
    is current, chosen by the workbook spec's rule (latest date of submission), never by import
    order. ``superseded_by_id`` points the others at the current version.
    """

    __tablename__ = "reports"
    __table_args__ = (
        CheckConstraint("period_to >= period_from", name="period_in_order"),
        CheckConstraint("reporting_year BETWEEN 1990 AND 2200", name="reporting_year_plausible"),
        CheckConstraint("NOT (is_current AND is_withdrawn)", name="withdrawn_never_current"),
        Index(
            "uq_reports_one_current",
            "state_iso3",
            "reporting_year",
            "report_type",
            unique=True,
            sqlite_where=text("is_current"),
            postgresql_where=text("is_current"),
        ),
        Index("ix_reports_state_year", "state_iso3", "reporting_year"),
        UniqueConstraint("source_file_id", "source_row", name="uq_reports_source_row"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Indexed by uq_reports_source_row (source_file_id, source_row), not on its own.
    source_file_id: Mapped[int] = mapped_column(ForeignKey("source_files.id", ondelete="CASCADE"))
    # The row of a matrix sheet (0 for a form workbook), so one file can hold many reports.
    source_row: Mapped[int] = mapped_column(Integer, default=0)
    state_iso3: Mapped[str] = mapped_column(ForeignKey("states.iso3"))
    report_type: Mapped[ReportType] = mapped_column(db_enum(ReportType, "report_type"))
    period_from: Mapped[dt.date] = mapped_column(Date)
    period_to: Mapped[dt.date] = mapped_column(Date)
    reporting_year: Mapped[int] = mapped_column(Integer)
    submitted_on: Mapped[dt.date | None] = mapped_column(Date)
    channel: Mapped[Channel] = mapped_column(db_enum(Channel, "channel"))
    layout: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(2), default="en")
    organisation: Mapped[str | None] = mapped_column(Text)
    contact_name: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(Text)
    telephone: Mapped[str | None] = mapped_column(Text)
    sheet: Mapped[str] = mapped_column(String(64))
    cell: Mapped[str | None] = mapped_column(String(16))
    is_current: Mapped[bool] = mapped_column(db_bool("is_current"), default=False)
    is_withdrawn: Mapped[bool] = mapped_column(db_bool("is_withdrawn"), default=False)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    superseded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("reports.id", ondelete="SET NULL")
    )

    source_file: Mapped[SourceFile] = relationship(back_populates="reports")
    forms: Mapped[list[FormStatusRow]] = relationship(
        back_populates="report", cascade="all, delete-orphan"
    )


class FormStatusRow(Base):
    """The cover page's word on one form: changed, unchanged (with year), n/a, not provided."""

    __tablename__ = "form_statuses"
    __table_args__ = (
        UniqueConstraint("report_id", "form"),
        CheckConstraint("form IN ('A','B','C','D','E','F','G','H','I','J')", name="form_letter"),
        CheckConstraint(
            "(status = 'unchanged') = (last_reported IS NOT NULL)",
            name="last_reported_iff_unchanged",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    form: Mapped[str] = mapped_column(String(1))
    status: Mapped[FormStatus] = mapped_column(db_enum(FormStatus, "form_status"))
    last_reported: Mapped[int | None] = mapped_column(Integer)
    sheet: Mapped[str | None] = mapped_column(String(64))
    cell: Mapped[str | None] = mapped_column(String(16))

    report: Mapped[Report] = relationship(back_populates="forms")
