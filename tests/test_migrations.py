"""The schema exists only through alembic, matches the models, and migrates both ways."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

import tracker.models  # noqa: F401
from tracker import migrate
from tracker.db import SCHEMA_HEAD, Base, current_revision, head_revision, make_engine


def _diff(engine):
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(ctx, Base.metadata)


def test_upgrade_matches_models_then_downgrade_and_upgrade_again(db_url):
    engine = make_engine(db_url)
    migrate.upgrade(engine)
    assert current_revision(engine) == head_revision()
    assert _diff(engine) == []
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables

    migrate.downgrade(engine, "base")
    assert current_revision(engine) is None
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}

    migrate.upgrade(engine)
    assert _diff(engine) == []
    engine.dispose()


def test_every_constraint_is_named(db_url):
    engine = make_engine(db_url)
    migrate.upgrade(engine)
    insp = inspect(engine)
    for table in Base.metadata.tables:
        for fk in insp.get_foreign_keys(table):
            assert fk["name"] and fk["name"].startswith("fk_"), (table, fk)
        for uq in insp.get_unique_constraints(table):
            assert uq["name"] and uq["name"].startswith("uq_"), (table, uq)
    engine.dispose()


def test_sqlite_engine_enforces_foreign_keys(sqlite_url):
    import pytest
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    engine = make_engine(sqlite_url)
    migrate.upgrade(engine)
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(text("INSERT INTO memberships (iso3) VALUES ('ZZZ')"))
    engine.dispose()


def test_sqlite_file_is_private(tmp_path):
    import stat

    path = tmp_path / "private.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    engine.dispose()


def test_the_head_the_commands_check_is_alembics_head():
    # A new migration must update tracker.db.SCHEMA_HEAD, or every command would refuse to run.
    assert head_revision() == SCHEMA_HEAD
