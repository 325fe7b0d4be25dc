"""The store generation grows with every committed write, in the write's own transaction.

The web's cache of figures is keyed by it (tracker/generation.py): a write that did not move it
would let old figures be served; a dry run, a rejected file or the web's own bookkeeping must
not move it (they change no figure). SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import insert, select

from tests.parsed_fakes import FakeReader, report
from tracker import generation
from tracker.db import transaction
from tracker.models import LoginFailure, Report, State
from tracker.services.imports import import_paths
from tracker.services.reports import withdraw


def _now(engine) -> int:
    with transaction(engine) as session:
        return generation.current(session)


def test_changed_table_reads_the_statement() -> None:
    assert generation.changed_table("INSERT INTO reports (id) VALUES (1)") == "reports"
    assert generation.changed_table('  update "memberships" SET x = 1') == "memberships"
    assert generation.changed_table("DELETE FROM needs WHERE id = 2") == "needs"
    assert generation.changed_table("SELECT * FROM reports") is None
    assert generation.changed_table("PRAGMA foreign_keys=ON") is None


def test_imports_and_withdrawals_bump_it_dry_runs_and_rejections_do_not(engine, tmp_path):
    start = _now(engine)
    reader = FakeReader(tmp_path)
    reader.add("in/lao.xlsx", report())
    import_paths(engine, [tmp_path / "in"], reader=reader, dry_run=True)
    assert _now(engine) == start  # a dry run is rolled back: nothing to bump

    import_paths(engine, [tmp_path / "in"], reader=reader)
    after_import = _now(engine)
    assert after_import > start

    import_paths(engine, [tmp_path / "in"], reader=reader)  # unchanged: the file is stored
    assert _now(engine) == after_import

    bad = FakeReader(tmp_path / "bad")
    bad.add("x.xlsx", report("TCD"), errors=1)
    import_paths(engine, [tmp_path / "bad"], reader=bad)  # rejected: nothing written
    assert _now(engine) == after_import

    with transaction(engine) as session:
        sha = session.scalars(select(Report.id)).first()
        assert sha is not None
        from tracker.models import SourceFile

        withdraw(session, session.scalars(select(SourceFile.sha256)).one(), reason="a test")
    assert _now(engine) == after_import + 1


def test_the_bump_is_part_of_the_writing_transaction(engine):
    start = _now(engine)
    with transaction(engine) as session:
        session.get(State, "TCD").name_en = "Chad (renamed)"
        session.flush()
        assert _now(engine) == start  # another connection sees neither the change nor the bump
    assert _now(engine) == start + 1

    with pytest.raises(RuntimeError), transaction(engine) as session:
        session.get(State, "TCD").name_en = "Chad again"
        session.flush()
        raise RuntimeError("the writer fails: its change and its bump roll back together")
    assert _now(engine) == start + 1


def test_reads_and_web_bookkeeping_leave_it(engine):
    start = _now(engine)
    with transaction(engine) as session:
        session.scalars(select(State)).all()
    with transaction(engine) as session:
        session.execute(
            insert(LoginFailure).values(user_name="x", at=dt.datetime.now(dt.UTC), client=None)
        )
    assert _now(engine) == start
