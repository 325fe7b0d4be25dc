"""Assistance flows: ``flows`` and ``flow_files``; ``assistance_provided`` rows become flows.

- ``flow_files``: files of flows from other sources (Monitor tables, IATI exports), once per
  SHA-256, with a withdrawn flag.
- ``flows``: every assistance flow, whoever reported it (``assistance.md``): side, donor (ISO3
  or an organisation's name), recipient (a State, ``global`` or a UN M49 region), area, year
  (``year_assumed`` when the Year cell was blank), amount (blank allowed), currency, type (blank:
  not stated), channel, description, source text, and its report or its flow file, with sheet,
  cell and row.
- **Data**: every stored ``assistance_provided`` row (layout ``ccm-a7/1``'s *Assistance
  provided*) becomes a flow in place, keeping its id, report, recipient, amount, currency, sheet
  and cell: side ``donor_report``, donor the report's State, ``committed`` → ``commitment``,
  ``disbursed`` → ``disbursement``, ``pledged`` → ``pledge``, a blank area → ``unspecified``, a
  blank year → the report's reporting year with ``year_assumed``. The originals may be gone, so
  nothing is re-read. ``assistance_provided`` is then dropped: a flow is one row in one table.

The downgrade maps back one to one (``unspecified`` → blank area, an assumed year → blank) and
refuses, naming how many, while flows or flow files exist that the old table cannot hold:
flows reported by recipients or other sources, to a region, without an amount, with a channel,
description or source text, or whose donor is not the report's State.

Revision ID: 0b7d4e2a9c61
Revises: 5b37477af956
Create Date: 2026-12-09 10:00:00
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0b7d4e2a9c61"
down_revision: str | None = "5b37477af956"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FLOW_TYPES = {"committed": "commitment", "disbursed": "disbursement", "pledged": "pledge"}
OLD_FLOWS = {new: old for old, new in FLOW_TYPES.items()}
NEED_AREAS = (
    "stockpile_destruction",
    "clearance",
    "risk_reduction_education",
    "victim_assistance",
    "other",
)
_ROW = re.compile(r"(\d+)$")

# What the old table cannot hold (the downgrade's refusal counts these).
NOT_HOLDABLE = """
SELECT count(*) FROM flows f LEFT JOIN reports r ON r.id = f.report_id
WHERE f.side <> 'donor_report' OR f.report_id IS NULL OR f.recipient_kind = 'region'
   OR f.amount IS NULL OR f.channel IS NOT NULL OR f.description IS NOT NULL
   OR f.source IS NOT NULL OR f.donor_iso3 IS NULL OR f.donor_iso3 <> r.state_iso3
"""


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(
        *values,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(v) for v in values),
    )


def _row_of(cell: str) -> int:
    """The sheet row of an A1 cell name (``A31`` → 31; 1 when the name holds none)."""
    match = _ROW.search(cell or "")
    return int(match[1]) if match and int(match[1]) >= 1 else 1


def _create_flow_tables() -> None:
    op.create_table(
        "flow_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "is_withdrawn",
            sa.Boolean(create_constraint=True, name="flow_file_withdrawn"),
            nullable=False,
        ),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("import_run_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "withdrawn_at IS NULL OR is_withdrawn",
            name=op.f("ck_flow_files_withdrawn_at_when_withdrawn"),
        ),
        sa.ForeignKeyConstraint(
            ["import_run_id"],
            ["import_runs.id"],
            name=op.f("fk_flow_files_import_run_id_import_runs"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flow_files")),
        sa.UniqueConstraint("sha256", name=op.f("uq_flow_files_sha256")),
    )
    with op.batch_alter_table("flow_files") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_flow_files_import_run_id"), ["import_run_id"], unique=False
        )
    op.create_table(
        "flows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "side",
            _enum("flow_side", "donor_report", "recipient_report", "other_source"),
            nullable=False,
        ),
        sa.Column("donor_iso3", sa.String(length=3), nullable=True),
        sa.Column("donor_name", sa.Text(), nullable=True),
        sa.Column(
            "recipient_kind", _enum("recipient_kind", "state", "global", "region"), nullable=False
        ),
        sa.Column("recipient_iso3", sa.String(length=3), nullable=True),
        sa.Column("recipient_region", sa.String(length=3), nullable=True),
        sa.Column("area", _enum("flow_area", *NEED_AREAS, "unspecified"), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column(
            "year_assumed", sa.Boolean(create_constraint=True, name="year_assumed"), nullable=False
        ),
        sa.Column("amount", sa.Numeric(precision=20, scale=2), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column(
            "flow_type", _enum("flow_type", "commitment", "disbursement", "pledge"), nullable=True
        ),
        sa.Column("channel", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("flow_file_id", sa.Integer(), nullable=True),
        sa.Column("sheet", sa.String(length=64), nullable=True),
        sa.Column("cell", sa.String(length=16), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(report_id IS NULL) <> (flow_file_id IS NULL)", name=op.f("ck_flows_one_origin")
        ),
        sa.CheckConstraint(
            "(side = 'other_source') = (flow_file_id IS NOT NULL)",
            name=op.f("ck_flows_side_matches_origin"),
        ),
        sa.CheckConstraint(
            "(donor_iso3 IS NULL) <> (donor_name IS NULL)", name=op.f("ck_flows_one_donor")
        ),
        sa.CheckConstraint(
            "(recipient_kind = 'state' AND recipient_iso3 IS NOT NULL AND recipient_region IS NULL)"
            " OR (recipient_kind = 'global' AND recipient_iso3 IS NULL"
            " AND recipient_region IS NULL)"
            " OR (recipient_kind = 'region' AND recipient_iso3 IS NULL"
            " AND recipient_region IS NOT NULL)",
            name=op.f("ck_flows_recipient_of_its_kind"),
        ),
        sa.CheckConstraint("amount IS NULL OR amount >= 0", name=op.f("ck_flows_amount_nn")),
        sa.CheckConstraint("year BETWEEN 1990 AND 2200", name=op.f("ck_flows_year_plausible")),
        sa.CheckConstraint("source_row >= 1", name=op.f("ck_flows_source_row_positive")),
        sa.CheckConstraint(
            "report_id IS NULL OR sheet IS NOT NULL", name=op.f("ck_flows_report_rows_name_sheet")
        ),
        sa.ForeignKeyConstraint(
            ["donor_iso3"], ["states.iso3"], name=op.f("fk_flows_donor_iso3_states")
        ),
        sa.ForeignKeyConstraint(
            ["recipient_iso3"], ["states.iso3"], name=op.f("fk_flows_recipient_iso3_states")
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["reports.id"],
            name=op.f("fk_flows_report_id_reports"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["flow_file_id"],
            ["flow_files.id"],
            name=op.f("fk_flows_flow_file_id_flow_files"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flows")),
    )
    with op.batch_alter_table("flows") as batch_op:
        batch_op.create_index(batch_op.f("ix_flows_flow_file_id"), ["flow_file_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_flows_recipient_iso3"), ["recipient_iso3"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_flows_report_id"), ["report_id"], unique=False)


def _create_assistance_provided() -> None:
    """``assistance_provided`` exactly as migration 0001 created it."""
    op.create_table(
        "assistance_provided",
        sa.Column("recipient_iso3", sa.String(length=3), nullable=True),
        sa.Column(
            "recipient_global",
            sa.Boolean(create_constraint=True, name="recipient_global"),
            nullable=False,
        ),
        sa.Column(
            "area",
            sa.Enum(*NEED_AREAS, name="provided_area", native_enum=False, create_constraint=True),
            nullable=True,
        ),
        sa.Column("amount", sa.Numeric(precision=20, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column(
            "flow",
            sa.Enum(
                "pledged",
                "committed",
                "disbursed",
                name="flow",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sheet", sa.String(length=64), nullable=False),
        sa.Column("cell", sa.String(length=16), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.CheckConstraint("amount >= 0", name=op.f("ck_assistance_provided_amount_nn")),
        sa.ForeignKeyConstraint(
            ["recipient_iso3"],
            ["states.iso3"],
            name=op.f("fk_assistance_provided_recipient_iso3_states"),
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["reports.id"],
            name=op.f("fk_assistance_provided_report_id_reports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assistance_provided")),
    )
    with op.batch_alter_table("assistance_provided") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assistance_provided_report_id"), ["report_id"], unique=False
        )


def _fix_sequence(table: str) -> None:
    """PostgreSQL: move the id sequence past ids inserted explicitly (rows kept their ids)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table}"
            )
        )


def _insert(table: str, rows: list[dict[str, Any]]) -> None:
    if rows:
        meta = sa.MetaData()
        op.get_bind().execute(sa.Table(table, meta, autoload_with=op.get_bind()).insert(), rows)
    _fix_sequence(table)


def upgrade() -> None:
    _create_flow_tables()
    old = (
        op.get_bind()
        .execute(
            sa.text(
                "SELECT a.id, a.recipient_iso3, a.recipient_global, a.area, a.amount, a.currency, "
                "a.flow, a.year, a.sheet, a.cell, a.report_id, r.state_iso3, r.reporting_year "
                "FROM assistance_provided a JOIN reports r ON r.id = a.report_id ORDER BY a.id"
            )
        )
        .mappings()
    )
    flows = [
        {
            "id": row["id"],
            "side": "donor_report",
            "donor_iso3": row["state_iso3"],
            "donor_name": None,
            "recipient_kind": "global" if row["recipient_global"] else "state",
            "recipient_iso3": None if row["recipient_global"] else row["recipient_iso3"],
            "recipient_region": None,
            "area": row["area"] or "unspecified",
            "year": row["year"] if row["year"] is not None else row["reporting_year"],
            "year_assumed": row["year"] is None,
            "amount": row["amount"],
            "currency": row["currency"],
            "flow_type": FLOW_TYPES.get(row["flow"]) if row["flow"] else None,
            "channel": None,
            "description": None,
            "source": None,
            "report_id": row["report_id"],
            "flow_file_id": None,
            "sheet": row["sheet"],
            "cell": row["cell"],
            "source_row": _row_of(row["cell"]),
        }
        for row in old
    ]
    _insert("flows", flows)
    with op.batch_alter_table("assistance_provided") as batch_op:
        batch_op.drop_index(batch_op.f("ix_assistance_provided_report_id"))
    op.drop_table("assistance_provided")


def downgrade() -> None:
    bind = op.get_bind()
    flows = bind.execute(sa.text(NOT_HOLDABLE)).scalar_one()
    files = bind.execute(sa.text("SELECT count(*) FROM flow_files")).scalar_one()
    if flows or files:
        what = []
        if flows:
            what.append(
                f"{flows} flow{'' if flows == 1 else 's'} that the older schema cannot hold "
                "(reported by a recipient or another source, to a region, without an amount, "
                "or with a channel, description or source)"
            )
        if files:
            what.append(f"{files} imported flow file{'' if files == 1 else 's'}")
        raise RuntimeError(
            f"the store holds {' and '.join(what)}: remove the reports and flow files that "
            "hold them before downgrading"
        )
    _create_assistance_provided()
    rows = bind.execute(
        sa.text(
            "SELECT id, recipient_kind, recipient_iso3, area, amount, currency, flow_type, year, "
            "year_assumed, sheet, cell, report_id FROM flows ORDER BY id"
        )
    ).mappings()
    old = [
        {
            "id": row["id"],
            "recipient_iso3": row["recipient_iso3"],
            "recipient_global": row["recipient_kind"] == "global",
            "area": None if row["area"] == "unspecified" else row["area"],
            "amount": row["amount"],
            "currency": row["currency"],
            "flow": OLD_FLOWS.get(row["flow_type"]) if row["flow_type"] else None,
            "year": None if row["year_assumed"] else row["year"],
            "sheet": row["sheet"],
            "cell": row["cell"],
            "report_id": row["report_id"],
        }
        for row in rows
    ]
    _insert("assistance_provided", old)
    with op.batch_alter_table("flows") as batch_op:
        batch_op.drop_index(batch_op.f("ix_flows_report_id"))
        batch_op.drop_index(batch_op.f("ix_flows_recipient_iso3"))
        batch_op.drop_index(batch_op.f("ix_flows_flow_file_id"))
    op.drop_table("flows")
    with op.batch_alter_table("flow_files") as batch_op:
        batch_op.drop_index(batch_op.f("ix_flow_files_import_run_id"))
    op.drop_table("flow_files")
