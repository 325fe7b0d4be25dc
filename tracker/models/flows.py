"""Assistance flows: money or support reported as given by a donor to a recipient.

One table for every flow, whoever reported it (``assistance.md`` §1–§3): a donor State in its
Article 7 report (*Assistance provided*, both layouts), a recipient State (*Assistance received*,
layout ``ccm-a7/2``), or another source (a CSV or workbook imported as a :class:`FlowFile`).
An Article 7 flow belongs to its report (deleted with it); an imported one to its file. Every
flow keeps the sheet, cell and row it was read from.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from tracker.db import Base
from tracker.models.enums import FlowArea, FlowSide, FlowType, RecipientKind, db_bool, db_enum

AMOUNT = Numeric(20, 2)


class FlowFile(Base):
    """A file of flows from another source (Monitor tables, IATI exports), stored once by hash.

    A withdrawn file is kept, but its flows are never counted or listed.
    """

    __tablename__ = "flow_files"
    __table_args__ = (
        CheckConstraint("withdrawn_at IS NULL OR is_withdrawn", name="withdrawn_at_when_withdrawn"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    file_name: Mapped[str] = mapped_column(String(255))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    is_withdrawn: Mapped[bool] = mapped_column(db_bool("flow_file_withdrawn"), default=False)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    import_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_runs.id", ondelete="SET NULL"), index=True
    )


class Flow(Base):
    """One reported flow, with its side, its two parties and where it was read.

    ``donor_iso3`` for a State donor, else ``donor_name`` (an organisation as written);
    ``recipient_kind`` says whether ``recipient_iso3`` (a State) or ``recipient_region`` (a UN
    M49 code) is set, or neither (``global``). ``amount`` is blank for support reported without
    an amount; ``flow_type`` is blank when the report does not say (``ccm-a7/1``'s blank Flow).
    ``year_assumed``: the Year cell was blank and the report's reporting year was taken.
    """

    __tablename__ = "flows"
    __table_args__ = (
        CheckConstraint("(report_id IS NULL) <> (flow_file_id IS NULL)", name="one_origin"),
        CheckConstraint(
            "(side = 'other_source') = (flow_file_id IS NOT NULL)", name="side_matches_origin"
        ),
        CheckConstraint("(donor_iso3 IS NULL) <> (donor_name IS NULL)", name="one_donor"),
        CheckConstraint(
            "(recipient_kind = 'state' AND recipient_iso3 IS NOT NULL AND recipient_region IS NULL)"
            " OR (recipient_kind = 'global' AND recipient_iso3 IS NULL"
            " AND recipient_region IS NULL)"
            " OR (recipient_kind = 'region' AND recipient_iso3 IS NULL"
            " AND recipient_region IS NOT NULL)",
            name="recipient_of_its_kind",
        ),
        CheckConstraint("amount IS NULL OR amount >= 0", name="amount_nn"),
        CheckConstraint("year BETWEEN 1990 AND 2200", name="year_plausible"),
        CheckConstraint("source_row >= 1", name="source_row_positive"),
        CheckConstraint("report_id IS NULL OR sheet IS NOT NULL", name="report_rows_name_sheet"),
        # A report's flows have no flow file: only flow files' rows are looked up by it.
        Index(
            "ix_flows_flow_file_id",
            "flow_file_id",
            sqlite_where=text("flow_file_id IS NOT NULL"),
            postgresql_where=text("flow_file_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    side: Mapped[FlowSide] = mapped_column(db_enum(FlowSide, "flow_side"))
    donor_iso3: Mapped[str | None] = mapped_column(ForeignKey("states.iso3"))
    donor_name: Mapped[str | None] = mapped_column(Text)
    recipient_kind: Mapped[RecipientKind] = mapped_column(db_enum(RecipientKind, "recipient_kind"))
    recipient_iso3: Mapped[str | None] = mapped_column(ForeignKey("states.iso3"))
    recipient_region: Mapped[str | None] = mapped_column(String(3))
    area: Mapped[FlowArea] = mapped_column(db_enum(FlowArea, "flow_area"))
    year: Mapped[int] = mapped_column(Integer)
    year_assumed: Mapped[bool] = mapped_column(db_bool("year_assumed"), default=False)
    amount: Mapped[Decimal | None] = mapped_column(AMOUNT)
    currency: Mapped[str | None] = mapped_column(String(3))
    flow_type: Mapped[FlowType | None] = mapped_column(db_enum(FlowType, "flow_type"))
    channel: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    report_id: Mapped[int | None] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), index=True
    )
    # Indexed for the rows of flow files only (ix_flows_flow_file_id, in __table_args__).
    flow_file_id: Mapped[int | None] = mapped_column(
        ForeignKey("flow_files.id", ondelete="CASCADE")
    )
    sheet: Mapped[str | None] = mapped_column(String(64))
    cell: Mapped[str] = mapped_column(String(16))
    source_row: Mapped[int] = mapped_column(Integer)
