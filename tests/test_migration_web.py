"""Migration 0004 (the web app's tables, the ``entered`` channel) on a store full of reports.

SQLite cannot alter a CHECK constraint, so the migration rebuilds ``reports``; with foreign keys
on, dropping the old table would cascade to every fact of every report. Down and up again on a
populated store must keep every row, and the ``entered`` channel must be accepted only at head.
SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, inspect, select, text, update
from sqlalchemy.exc import IntegrityError

from tests.parsed_fakes import FakeReader, report
from tracker import migrate
from tracker.db import current_revision, transaction
from tracker.models import Report
from tracker.services.imports import import_paths

WEB = "5b37477af956"  # migration 0004_web_users
BEFORE = migrate.script_directory().get_revision(WEB).down_revision  # whatever it is chained on
WEB_TABLES = {"users", "login_failures", "ended_sessions", "pending_uploads", "store_generation"}
# Tables a later migration (0006_flows) replaces on the way down: tests/test_migration_flows.py.
LATER_TABLES = {"flows", "flow_files", "assistance_provided"}


def _store_rows(engine) -> dict[str, int]:
    """Rows of every table but the web's (which exist at head only)."""
    names = set(inspect(engine).get_table_names()) - WEB_TABLES - LATER_TABLES - {"alembic_version"}
    with engine.connect() as conn:
        return {n: conn.execute(text(f"SELECT count(*) FROM {n}")).scalar_one() for n in names}


def _flags(engine) -> list[tuple[int, bool, bool]]:
    with transaction(engine) as session:
        rows = session.execute(
            select(Report.id, Report.is_current, Report.is_withdrawn).order_by(Report.id)
        )
        return [(i, bool(c), bool(w)) for i, c, w in rows]


@pytest.fixture
def populated(engine, tmp_path):
    reader = FakeReader(tmp_path)
    reader.add("in/lao-a.xlsx", report(submitted=dt.date(2025, 3, 1), needs=2))
    reader.add("in/lao-b.xlsx", report(submitted=dt.date(2025, 4, 1), needs=3))
    reader.add("in/tcd.xlsx", report("TCD", 2023))
    import_paths(engine, [tmp_path / "in"], reader=reader)
    counts = _store_rows(engine)
    assert counts["needs"] == 6 and counts["article_facts"] == 3 and counts["form_statuses"] > 0
    return engine


def test_down_and_up_again_keeps_every_row(populated):
    counts, flags = _store_rows(populated), _flags(populated)

    migrate.downgrade(populated, BEFORE)
    assert current_revision(populated) == BEFORE
    assert _store_rows(populated) == counts
    assert _flags(populated) == flags

    migrate.upgrade(populated)
    assert _store_rows(populated) == counts
    assert _flags(populated) == flags


def test_entered_is_a_channel_at_head_and_blocks_the_downgrade(populated):
    with transaction(populated) as session:
        session.execute(update(Report).where(Report.state_iso3 == "TCD").values(channel="entered"))
    with pytest.raises(RuntimeError, match="channel 'entered'"):
        migrate.downgrade(populated, BEFORE)
    assert current_revision(populated) != BEFORE  # the refused downgrade changed nothing

    with transaction(populated) as session:
        session.execute(update(Report).values(channel="workbook"))
    migrate.downgrade(populated, BEFORE)
    with pytest.raises(IntegrityError), transaction(populated) as session:
        session.execute(update(Report).values(channel="entered"))
    with transaction(populated) as session:
        assert session.scalar(select(func.count()).where(Report.channel == "entered")) == 0
