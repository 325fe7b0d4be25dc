"""Flows: drop the unused recipient index; index flow files' rows only.

Every report stored writes its flows (a workbook's *Assistance provided* and *received* tables),
and each index on ``flows`` is one more B-tree written per file:

- ``ix_flows_recipient_iso3``: no query looks flows up by recipient (the read model reads a
  window's flows whole and the match groups them in Python), and no State is ever deleted, so
  the foreign key needs no index either (as ``donor_iso3`` has none). Dropped.
- ``ix_flows_flow_file_id``: a report's flows have no flow file, yet each put a NULL in this
  index. It now holds the rows of flow files only (``WHERE flow_file_id IS NOT NULL``): a lookup
  by flow file (``flow_file_id = ?``, the cascade when a flow file goes) implies that condition,
  so SQLite and PostgreSQL both still use it.

The downgrade puts both back as they were.

Revision ID: bf93ef4e4294
Revises: 0b7d4e2a9c61
Create Date: 2026-12-07 16:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "bf93ef4e4294"
down_revision: str | None = "0b7d4e2a9c61"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FLOW_FILE_ROWS = sa.text("flow_file_id IS NOT NULL")


def upgrade() -> None:
    op.drop_index("ix_flows_recipient_iso3", table_name="flows")
    op.drop_index("ix_flows_flow_file_id", table_name="flows")
    op.create_index(
        "ix_flows_flow_file_id",
        "flows",
        ["flow_file_id"],
        unique=False,
        sqlite_where=FLOW_FILE_ROWS,
        postgresql_where=FLOW_FILE_ROWS,
    )


def downgrade() -> None:
    op.drop_index("ix_flows_flow_file_id", table_name="flows")
    op.create_index("ix_flows_flow_file_id", "flows", ["flow_file_id"], unique=False)
    op.create_index("ix_flows_recipient_iso3", "flows", ["recipient_iso3"], unique=False)
