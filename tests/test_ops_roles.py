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
    admin: str = ""  # the superuser on this database (runs roles.sql)


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
        yield Roles(
            _as_role(url, "tracker_owner"), _as_role(url, writer), _as_role(url, reader), url
        )
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


def _documented_backup() -> str:
    """The nightly backup command of docs/operations.md, as written there."""
    text = (ops.ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    section = text[text.index("### PostgreSQL") :]
    block = section[section.index("```sh\n") + len("```sh\n") :]
    script = block[: block.index("```")]
    assert "pg_dump" in script and "postgresql://consultant@dbhost/ccm_tracker" in script
    return script


def _run_backup(url: str, folder: Path):
    """The documented command with ``url`` for the docs' reader URL, in ``folder``."""
    import os
    import subprocess

    from tests.test_ops_backup import _pg_program

    folder.mkdir(exist_ok=True)
    script = _documented_backup().replace("postgresql://consultant@dbhost/ccm_tracker", url)
    bin_dir = str(Path(_pg_program("pg_dump")).parent)  # pg_dump of the server's version
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    return subprocess.run(
        ["sh", "-c", script], cwd=folder, env=env, capture_output=True, text=True, timeout=300
    )


def test_a_reader_takes_the_documented_nightly_backup(roles_db: Roles, tmp_path: Path) -> None:
    # Finding 10: pg_dump as a reader failed on "permission denied for sequence
    # action_plans_id_seq" and left an empty file behind.
    import subprocess

    from tests.test_ops_backup import _pg_program

    folder = tmp_path / "reports"
    folder.mkdir()
    build_report(folder / "chad-2024.xlsx")
    ops.tracker(roles_db.writer, "states", "import", str(ops.MEMBERSHIP))
    ops.tracker(roles_db.writer, "import", str(folder), "--quiet")

    done = _run_backup(_libpq(roles_db.reader), tmp_path / "backups")
    assert done.returncode == 0, done.stderr
    (dump,) = (tmp_path / "backups").iterdir()
    assert dump.name.endswith(".dump") and dump.stat().st_size > 0
    listing = subprocess.run(
        [_pg_program("pg_restore"), "--list", str(dump)], capture_output=True, text=True
    )
    assert listing.returncode == 0, listing.stderr
    for table in ("reports", "extension_decisions", "audit_events", "action_plans"):
        assert f"TABLE DATA public {table} " in listing.stdout
    assert "SEQUENCE SET public action_plans_id_seq" in listing.stdout

    # The reader still cannot move a sequence (nextval), let alone write.
    with (
        psycopg.connect(_libpq(roles_db.reader)) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute("SELECT nextval('action_plans_id_seq')")


def test_a_failed_backup_leaves_no_file_and_says_so(
    roles_db: Roles, pg_server, tmp_path: Path
) -> None:
    # A login in no group may not even connect: pg_dump fails.
    outsider = f"outsider_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(_libpq(pg_server.admin_url), autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {outsider} LOGIN")
    try:
        done = _run_backup(_libpq(_as_role(roles_db.owner, outsider)), tmp_path / "backups")
    finally:
        with psycopg.connect(_libpq(pg_server.admin_url), autocommit=True) as conn:
            conn.execute(f"DROP ROLE {outsider}")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1].startswith("backup failed: ccm_tracker-")
    assert list((tmp_path / "backups").iterdir()) == []


def test_on_a_store_set_up_before_the_fix_running_roles_sql_again_enables_the_backup(
    roles_db: Roles, tmp_path: Path
) -> None:
    with psycopg.connect(_libpq(roles_db.admin), autocommit=True) as conn:  # as it was before
        conn.execute("REVOKE SELECT ON ALL SEQUENCES IN SCHEMA public FROM tracker_readers")
    refused = _run_backup(_libpq(roles_db.reader), tmp_path / "before")
    assert refused.returncode == 1 and "permission denied for sequence" in refused.stderr
    assert list((tmp_path / "before").iterdir()) == []  # no empty file left behind
    with psycopg.connect(_libpq(roles_db.admin), autocommit=True) as conn:
        conn.execute(ROLES_SQL.read_text())
    done = _run_backup(_libpq(roles_db.reader), tmp_path / "after")
    assert done.returncode == 0, done.stderr
    assert [p.suffix for p in (tmp_path / "after").iterdir()] == [".dump"]
