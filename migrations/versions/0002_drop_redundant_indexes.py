"""Drop three indexes that unique constraints already give.

Each was the leading column of a unique constraint of the same table, which SQLite and
PostgreSQL both serve lookups from: ``article_facts.report_id`` (unique report_id, article),
``form_texts.report_id`` (unique report_id, form) and ``reports.source_file_id`` (unique
source_file_id, source_row). A second index only cost every import: three more B-trees written
per file. Nothing reads them by name. The downgrade creates them again.

Revision ID: 24be10ee2709
Revises: 210809d9b09c
Create Date: 2026-11-23 20:22:31
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "24be10ee2709"
down_revision: str | None = "210809d9b09c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (index, table, column): each is the first column of a unique constraint of its table.
REDUNDANT = (
    ("ix_article_facts_report_id", "article_facts", "report_id"),
    ("ix_form_texts_report_id", "form_texts", "report_id"),
    ("ix_reports_source_file_id", "reports", "source_file_id"),
)


def upgrade() -> None:
    for name, table, _column in REDUNDANT:
        op.drop_index(name, table_name=table)


def downgrade() -> None:
    for name, table, column in REDUNDANT:
        op.create_index(name, table, [column], unique=False)
