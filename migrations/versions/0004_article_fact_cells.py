"""Keep the cells of a report's Article 3/4 deadline and extension.

A deadline is shown with the cell it was read from (``compliance.md``: "report cell"), but
``article_facts.cell`` names the status cell, and the "Deadline" and "Extension granted until"
sit on rows of their own. Two nullable columns: reports stored before this migration (and
matrix rows, which give no deadline) keep None, and the deadline then names the form and field.

Revision ID: 5d1f0c3a9b7e
Revises: c65acec8ed71
Create Date: 2026-12-07 04:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5d1f0c3a9b7e"
down_revision: str | None = "c65acec8ed71"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("article_facts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deadline_cell", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("extension_cell", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("article_facts", schema=None) as batch_op:
        batch_op.drop_column("extension_cell")
        batch_op.drop_column("deadline_cell")
