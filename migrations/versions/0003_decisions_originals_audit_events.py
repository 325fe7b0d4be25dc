"""Extension decisions, originals of imported files, and the audit trail of other writes.

- ``extension_decisions``: meetings' decisions on Article 3/4 deadlines, keyed by (State,
  Article, Decided on); ``origin`` tells shipped rows from the ISU's own (``compliance.md``).
- ``originals``: each stored file's bytes, once per SHA-256, deleted with its source file
  (``article7-workbook.md``: originals are kept, ``tracker reports recheck`` re-reads them).
- ``audit_events``: withdrawals, reinstatements, extension imports and removals, with who,
  when and why (imports keep their own ``import_runs``).

New tables only: nothing existing changes, so the downgrade simply drops them.

Revision ID: c65acec8ed71
Revises: 24be10ee2709
Create Date: 2026-12-07 03:32:22.408667
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = 'c65acec8ed71'
down_revision: str | None = '24be10ee2709'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('os_user', sa.String(length=120), nullable=False),
    sa.Column('host', sa.String(length=255), nullable=False),
    sa.Column('app_user', sa.String(length=120), nullable=True),
    sa.Column('tracker_version', sa.String(length=40), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('subject', sa.String(length=255), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_subject'), ['subject'], unique=False)

    op.create_table('extension_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('state_iso3', sa.String(length=3), nullable=False),
    sa.Column('article', sa.Integer(), nullable=False),
    sa.Column('extended_until', sa.Date(), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('meeting', sa.Text(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('origin', sa.String(length=10), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("origin IN ('shipped', 'imported')", name=op.f('ck_extension_decisions_origin_known')),
    sa.CheckConstraint('article IN (3, 4)', name=op.f('ck_extension_decisions_article_known')),
    sa.CheckConstraint('decided_on < extended_until', name=op.f('ck_extension_decisions_decided_before_deadline')),
    sa.ForeignKeyConstraint(['state_iso3'], ['states.iso3'], name=op.f('fk_extension_decisions_state_iso3_states')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_extension_decisions')),
    sa.UniqueConstraint('state_iso3', 'article', 'decided_on', name=op.f('uq_extension_decisions_state_iso3_article_decided_on'))
    )
    op.create_table('originals',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.CheckConstraint('size_bytes >= 0', name=op.f('ck_originals_size_not_negative')),
    sa.ForeignKeyConstraint(['sha256'], ['source_files.sha256'], name=op.f('fk_originals_sha256_source_files'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_originals'))
    )


def downgrade() -> None:
    op.drop_table('originals')
    op.drop_table('extension_decisions')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_events_subject'))
        batch_op.drop_index(batch_op.f('ix_audit_events_at'))

    op.drop_table('audit_events')
