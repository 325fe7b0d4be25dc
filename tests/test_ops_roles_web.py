"""PostgreSQL: the reader role of docs/roles.sql sees no row of the web's users and login
tables, whether roles.sql ran before or after the migration; the documented reader backup
leaves their data out, and a store restored from it works (its users added again).

Readers keep SELECT on the tables (pg_dump must lock them); row-level security shows the rows to
the writers (the web server's role) and the owner only.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import psycopg
import pytest

from tests import ops
from tests.test_ops_backup import _pg_program

# The fixtures of tests/test_ops_roles.py (the roles set up as docs/operations.md says) are
# imported: the test functions below name them (hence the noqa on their lines).
from tests.test_ops_roles import (  # noqa: F401
    ROLES_SQL,
    Roles,
    _libpq,
    _run_backup,
    empty_roles_db,
    roles_db,
)

pytestmark = pytest.mark.postgres


def _fill(url: str, tmp_path: Path) -> Path:
    """A user (a writer adds it) and a login failure; returns the password file."""
    secret = tmp_path / "pw"
    secret.write_text("a long enough password\n")
    ops.tracker(url, "users", "add", "ada", "--role", "admin", "--password-file", str(secret))
    with psycopg.connect(_libpq(url)) as conn:
        conn.execute("INSERT INTO login_failures (user_name, at) VALUES ('ada', now())")
    return secret


def _rows(url: str, table: str) -> int:
    with psycopg.connect(_libpq(url)) as conn:
        row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
        assert row is not None
        return int(row[0])


def test_the_reader_sees_no_user_and_no_login_failure(roles_db: Roles, tmp_path: Path) -> None:  # noqa: F811
    _fill(roles_db.writer, tmp_path)
    for table in ("users", "login_failures"):
        assert _rows(roles_db.writer, table) == 1  # the web server's role sees them
        assert _rows(roles_db.owner, table) == 1
        assert _rows(roles_db.reader, table) == 0
    with psycopg.connect(_libpq(roles_db.owner), autocommit=True) as conn:
        conn.execute(ROLES_SQL.read_text())  # roles.sql run again after the migration
    assert _rows(roles_db.reader, "users") == 0 and _rows(roles_db.writer, "users") == 1
    with (
        psycopg.connect(_libpq(roles_db.reader)) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute("UPDATE users SET role = 'admin'")


def test_roles_sql_after_the_migration_hides_the_rows_too(
    empty_roles_db: Roles,  # noqa: F811
    pg_server,
    tmp_path: Path,
) -> None:
    url = pg_server.create_database(owner="tracker_owner")
    try:
        owner = url.replace("postgres@", "tracker_owner@")
        ops.tracker(owner, "db", "upgrade")  # migrated before roles.sql ran
        _fill(owner, tmp_path)
        with psycopg.connect(_libpq(url), autocommit=True) as conn:
            conn.execute(ROLES_SQL.read_text())
        reader = empty_roles_db.reader.rsplit("/", 1)[0] + "/" + url.rsplit("/", 1)[1]
        assert _rows(reader, "users") == 0
        assert _rows(reader, "reports") == 0  # (readable, empty)
    finally:
        pg_server.drop_database(url)


def test_the_documented_reader_backup_leaves_the_users_out(
    roles_db: Roles,  # noqa: F811
    pg_server,
    tmp_path: Path,
) -> None:
    secret = _fill(roles_db.writer, tmp_path)
    ops.tracker(roles_db.writer, "states", "import", str(ops.MEMBERSHIP))
    # The command of docs/operations.md, section 3, exactly as written there.
    done = _run_backup(_libpq(roles_db.reader), tmp_path / "backups")
    assert done.returncode == 0, done.stderr
    (dump,) = (tmp_path / "backups").iterdir()
    listing = subprocess.run(
        [_pg_program("pg_restore"), "-f", "-", str(dump)],
        capture_output=True,
        text=True,
        timeout=300,
    ).stdout
    assert "argon2" not in listing  # no password hash, in any table
    for table in ("users", "login_failures", "ended_sessions"):
        assert f"CREATE TABLE public.{table}" in listing  # the table is there...
        assert f"COPY public.{table} " not in listing  # ... its rows are not
    assert "COPY public.memberships " in listing

    restored = pg_server.create_database()
    try:
        subprocess.run(
            [
                _pg_program("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "-d",
                _libpq(restored),
                str(dump),
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        assert ops.tracker(restored, "users", "list").stdout.startswith("no web users")
        ops.tracker(
            restored, "users", "add", "ada", "--role", "admin", "--password-file", str(secret)
        )
        assert ops.tracker(restored, "states", "list").returncode == 0
    finally:
        pg_server.drop_database(restored)
