"""The web app: users, login failures, ended sessions, pending uploads, the store generation,
the ``entered`` report channel and the web user of an import run.

- ``users``: name (unique), role (reader|editor|admin), argon2id hash, session version.
  AUTOINCREMENT on SQLite: an id is never reused, so an old cookie never names a new user.
- ``login_failures``: what the login throttle counts (by user name, known or not).
- ``ended_sessions``: sessions ended by logging out, refused until they would have expired.
- ``pending_uploads``: workbooks held by SHA-256 between the import's dry run and its store.
- ``store_generation``: one row, bumped in the same transaction as every change to what the
  figures are read from (``tracker/generation.py``); starts at 0.
- ``reports.channel`` accepts ``entered`` (reports transcribed in the web's data entry). The
  column is VARCHAR plus a named CHECK: PostgreSQL swaps the CHECK; SQLite cannot alter one, so
  the table is rebuilt in batch mode from its exact definition below (``copy_from``: nothing is
  reflected, so no CHECK or partial index can be lost). ``tracker.migrate`` turns SQLite's
  foreign keys off around migrations, so rebuilding ``reports`` cascades nothing.
- ``import_runs.app_user``: the web user of an import made through the web app.

On PostgreSQL ``users``, ``login_failures`` and ``ended_sessions`` get row-level security: their
rows are shown to ``tracker_writers`` (the web server's role, docs/roles.sql) and the owner,
never to ``tracker_readers``, who keep SELECT on the tables so that their documented pg_dump
can lock and describe them (it leaves their data out).

The downgrade refuses while a report has the channel ``entered`` (the old CHECK would reject
it): withdraw and delete those first.

Revision ID: 5b37477af956
Revises: 5d1f0c3a9b7e
Create Date: 2026-12-08 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5b37477af956"
down_revision: str | None = "5d1f0c3a9b7e"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_CHANNELS = ("workbook", "matrix")
NEW_CHANNELS = ("workbook", "matrix", "entered")
# tracker.db.NAMING_CONVENTION as it stands at this revision (a migration never imports code
# that may change): the names of the rebuilt table's constraints must be those it had.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
# PostgreSQL: the rows of the web's private tables are for the writers (the web server's role,
# docs/roles.sql) and the owner only; readers keep SELECT on the tables (their pg_dump must lock
# them) but see no row. The same block ends docs/roles.sql, for a store migrated before it ran.
PRIVATE_ROWS = """
DO $web_private$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['users', 'login_failures', 'ended_sessions'] LOOP
        IF to_regclass('public.' || t) IS NOT NULL THEN
            EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', t);
            IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'tracker_writers')
               AND NOT EXISTS (SELECT FROM pg_policies WHERE schemaname = 'public'
                               AND tablename = t AND policyname = 'tracker_writers_only') THEN
                EXECUTE format('CREATE POLICY tracker_writers_only ON public.%I TO tracker_writers '
                               'USING (true) WITH CHECK (true)', t);
            END IF;
        END IF;
    END LOOP;
END
$web_private$
"""


def _channel(values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(*values, name="channel", native_enum=False, create_constraint=True, length=8)


def _reports(channels: tuple[str, ...]) -> sa.Table:
    """``reports`` exactly as migrations 0001 and 0002 left it, with ``channels`` allowed."""
    return sa.Table(
        "reports",
        sa.MetaData(naming_convention=NAMING_CONVENTION),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_file_id", sa.Integer(), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.Column("state_iso3", sa.String(length=3), nullable=False),
        sa.Column(
            "report_type",
            sa.Enum("initial", "annual", name="report_type", native_enum=False,
                    create_constraint=True),
            nullable=False,
        ),
        sa.Column("period_from", sa.Date(), nullable=False),
        sa.Column("period_to", sa.Date(), nullable=False),
        sa.Column("reporting_year", sa.Integer(), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=True),
        sa.Column("channel", _channel(channels), nullable=False),
        sa.Column("layout", sa.String(length=40), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("organisation", sa.Text(), nullable=True),
        sa.Column("contact_name", sa.Text(), nullable=True),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column("telephone", sa.Text(), nullable=True),
        sa.Column("sheet", sa.String(length=64), nullable=False),
        sa.Column("cell", sa.String(length=16), nullable=True),
        sa.Column("is_current", sa.Boolean(create_constraint=True, name="is_current"),
                  nullable=False),
        sa.Column("is_withdrawn", sa.Boolean(create_constraint=True, name="is_withdrawn"),
                  nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("superseded_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("NOT (is_current AND is_withdrawn)",
                           name=op.f("ck_reports_withdrawn_never_current")),
        sa.CheckConstraint("period_to >= period_from", name=op.f("ck_reports_period_in_order")),
        sa.CheckConstraint("reporting_year BETWEEN 1990 AND 2200",
                           name=op.f("ck_reports_reporting_year_plausible")),
        sa.ForeignKeyConstraint(["source_file_id"], ["source_files.id"],
                                name=op.f("fk_reports_source_file_id_source_files"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["state_iso3"], ["states.iso3"],
                                name=op.f("fk_reports_state_iso3_states")),
        sa.ForeignKeyConstraint(["superseded_by_id"], ["reports.id"],
                                name=op.f("fk_reports_superseded_by_id_reports"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
        sa.UniqueConstraint("source_file_id", "source_row", name=op.f("uq_reports_source_row")),
        sa.Index(op.f("ix_reports_state_year"), "state_iso3", "reporting_year"),
        sa.Index(op.f("uq_reports_one_current"), "state_iso3", "reporting_year", "report_type",
                 unique=True, sqlite_where=sa.text("is_current"),
                 postgresql_where=sa.text("is_current")),
    )


def _set_channels(old: tuple[str, ...], new: tuple[str, ...]) -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        with op.batch_alter_table("reports", copy_from=_reports(old), recreate="always") as batch:
            batch.alter_column("channel", existing_type=_channel(old), type_=_channel(new),
                               existing_nullable=False)
        return
    allowed = ", ".join(f"'{v}'" for v in new)
    op.drop_constraint(op.f("ck_reports_channel"), "reports", type_="check")
    op.create_check_constraint(
        op.f("ck_reports_channel"), "reports", sa.text(f"channel IN ({allowed})")
    )


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("role", sa.Enum("reader", "editor", "admin", name="user_role",
                                  native_enum=False, create_constraint=True, length=6),
                  nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("session_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("session_version >= 0",
                           name=op.f("ck_users_session_version_not_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("name", name=op.f("uq_users_name")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_name", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failures")),
    )
    with op.batch_alter_table("login_failures") as batch_op:
        batch_op.create_index(batch_op.f("ix_login_failures_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_login_failures_user_name"), ["user_name"],
                              unique=False)
    op.create_table(
        "ended_sessions",
        sa.Column("session_id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name=op.f("fk_ended_sessions_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("session_id", name=op.f("pk_ended_sessions")),
    )
    with op.batch_alter_table("ended_sessions") as batch_op:
        batch_op.create_index(batch_op.f("ix_ended_sessions_expires_at"), ["expires_at"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_ended_sessions_user_id"), ["user_id"], unique=False)
    op.create_table(
        "pending_uploads",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by", sa.String(length=64), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("size_bytes >= 0", name=op.f("ck_pending_uploads_size_not_negative")),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_pending_uploads")),
    )
    with op.batch_alter_table("pending_uploads") as batch_op:
        batch_op.create_index(batch_op.f("ix_pending_uploads_expires_at"), ["expires_at"],
                              unique=False)
    generation = op.create_table(
        "store_generation",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_store_generation_one_row")),
        sa.CheckConstraint("value >= 0", name=op.f("ck_store_generation_value_not_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_store_generation")),
    )
    op.bulk_insert(generation, [{"id": 1, "value": 0}])

    op.add_column("import_runs", sa.Column("app_user", sa.String(length=120), nullable=True))
    _set_channels(OLD_CHANNELS, NEW_CHANNELS)

    if op.get_bind().dialect.name == "postgresql":
        op.execute(PRIVATE_ROWS)


def downgrade() -> None:
    entered = op.get_bind().execute(
        sa.text("SELECT count(*) FROM reports WHERE channel = 'entered'")
    ).scalar_one()
    if entered:
        raise RuntimeError(
            f"{entered} report(s) came in through the web's data entry (channel 'entered'), "
            "which the older schema cannot hold: withdraw and remove them before downgrading"
        )
    _set_channels(NEW_CHANNELS, OLD_CHANNELS)
    op.drop_column("import_runs", "app_user")
    op.drop_table("store_generation")
    with op.batch_alter_table("pending_uploads") as batch_op:
        batch_op.drop_index(batch_op.f("ix_pending_uploads_expires_at"))
    op.drop_table("pending_uploads")
    with op.batch_alter_table("ended_sessions") as batch_op:
        batch_op.drop_index(batch_op.f("ix_ended_sessions_user_id"))
        batch_op.drop_index(batch_op.f("ix_ended_sessions_expires_at"))
    op.drop_table("ended_sessions")
    with op.batch_alter_table("login_failures") as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_failures_user_name"))
        batch_op.drop_index(batch_op.f("ix_login_failures_at"))
    op.drop_table("login_failures")
    op.drop_table("users")
