"""PostgreSQL roles from docs/roles.sql: the owner migrates, writers import, readers only read.

A reader's attempt to write is one clear line on stderr (exit 1, no traceback), and every read
command works for it. The set-up follows docs/operations.md step by step on the throwaway
cluster (which trusts 127.0.0.1, so the login roles need no password here).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from tests import ops
from tests.workbooks import build_report

pytestmark = pytest.mark.postgres

ROLES_SQL = ops.ROOT / "docs" / "roles.sql"


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def _as_role(url: str, role: str) -> str:
    """``url`` with ``role`` as the user (the throwaway cluster trusts loopback logins)."""
    scheme, _, rest = url.partition("://")
    _, _, host_and_db = rest.rpartition("@")
    return f"{scheme}://{role}@{host_and_db}"


@dataclass
class Roles:
    """A database set up as docs/operations.md says, and a URL per kind of user."""

    owner: str
    writer: str
    reader: str


@pytest.fixture
def empty_roles_db(pg_server) -> Iterator[Roles]:
    """A new database owned by tracker_owner with roles.sql applied (no schema yet)."""
    if pg_server is None:
        pytest.skip(reason="PostgreSQL not available (see tests/conftest.py)")
    suffix = uuid.uuid4().hex[:8]
    writer, reader = f"alice_{suffix}", f"consultant_{suffix}"
    with psycopg.connect(_libpq(pg_server.admin_url), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = 'tracker_owner'").fetchone()
        if not exists:
            conn.execute("CREATE ROLE tracker_owner LOGIN")
    url = pg_server.create_database(owner="tracker_owner")
    try:
        with psycopg.connect(_libpq(url), autocommit=True) as conn:
            conn.execute(ROLES_SQL.read_text())
            conn.execute(ROLES_SQL.read_text())  # idempotent: a second run changes nothing
            conn.execute(f"CREATE ROLE {writer} LOGIN IN ROLE tracker_writers")
            conn.execute(f"CREATE ROLE {reader} LOGIN IN ROLE tracker_readers")
        yield Roles(_as_role(url, "tracker_owner"), _as_role(url, writer), _as_role(url, reader))
    finally:
        pg_server.drop_database(url)
        with psycopg.connect(_libpq(pg_server.admin_url), autocommit=True) as conn:
            conn.execute(f"DROP ROLE IF EXISTS {writer}")
            conn.execute(f"DROP ROLE IF EXISTS {reader}")


@pytest.fixture
def roles_db(empty_roles_db: Roles) -> Roles:
    """The same database, migrated by the owner with ``tracker db upgrade``."""
    ops.tracker(empty_roles_db.owner, "db", "upgrade")
    return empty_roles_db


def _one_clear_line(done) -> str:
    assert done.returncode == 1, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def test_writer_imports_and_reader_only_reads(roles_db: Roles, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    build_report(folder / "chad-2024.xlsx")
    refused = _one_clear_line(
        ops.tracker(roles_db.reader, "states", "import", str(ops.MEMBERSHIP), check=False)
    )
    assert "read-only" in refused
    ops.tracker(roles_db.writer, "states", "import", str(ops.MEMBERSHIP))
    imported = ops.tracker(roles_db.writer, "import", str(folder), "--quiet")
    assert "1 imported" in imported.stdout

    refused = _one_clear_line(
        ops.tracker(roles_db.reader, "import", str(folder), "--quiet", check=False)
    )
    assert refused.startswith("error: ")
    assert "read-only" in refused and "writer" in refused

    for command in (
        ["states", "list"],
        ["stats", "needs", "--as-of", "2025", "--format", "json"],
        ["reports", "history"],
        ["reports", "status", "--year", "2024"],
        ["state", "show", "Chad"],
        ["reports", "list"],
        ["reports", "recheck"],  # read only: re-reads the stored originals
        ["export", "donors", "-o", "donors.xlsx", "--as-of", "2025"],
    ):
        done = ops.tracker(roles_db.reader, *command, check=False, cwd=tmp_path)
        assert done.returncode == 0, (command, done.stderr)
        assert "Traceback" not in done.stderr
    history = ops.tracker(roles_db.reader, "reports", "history").stdout
    assert "chad-2024.xlsx" in history

    # The reader's refused import left no audit run behind; the writer's is there.
    engine = ops.make_engine(roles_db.owner)
    try:
        assert ops.table_counts(engine)["import_runs"] == 1
    finally:
        engine.dispose()


def test_only_the_owner_migrates(empty_roles_db: Roles) -> None:
    for url in (empty_roles_db.writer, empty_roles_db.reader):
        line = _one_clear_line(ops.tracker(url, "db", "upgrade", check=False))
        assert "permission denied for schema public" in line
        assert "only the owner role migrates" in line
    ops.tracker(empty_roles_db.owner, "db", "upgrade")
    ops.tracker(empty_roles_db.reader, "states", "list")


def test_reader_cannot_write_even_with_sql(roles_db: Roles) -> None:
    with (
        psycopg.connect(_libpq(roles_db.reader)) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute("DELETE FROM import_runs")
    with (
        psycopg.connect(_libpq(roles_db.writer)) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute("CREATE TABLE scratch (x int)")
