"""Shared fixtures: migrated databases on SQLite and PostgreSQL, and an in-process CLI runner."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

# The test fixtures are workbooks built with openpyxl (tests/workbooks.py, tests/packages.py):
# some hold characters only its plain XML writer writes (the reader's fuzzing), and some edit
# the written XML as that writer lays it out. openpyxl reads this when first imported. The
# tracker itself writes with the writer openpyxl chooses (lxml's when installed): the donor
# workbook is checked under it by tests/test_export_writers.py, in a process of its own.
os.environ.setdefault("OPENPYXL_LXML", "False")

from tests import pgserver

SKIP_PG = (
    "PostgreSQL not available: set TRACKER_TEST_POSTGRES_URL or install the server programs "
    "(Debian: postgresql) so that the test set-up can start a throwaway cluster"
)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[pgserver.PostgresServer | None]:
    """The PostgreSQL server for this test session (started here when possible)."""
    try:
        server = pgserver.start()
    except Exception as exc:  # the server programs are there but would not start
        print(f"\nPostgreSQL test server did not start: {exc}", file=sys.stderr)
        server = None
    if server is None:
        if os.environ.get("TRACKER_REQUIRE_POSTGRES"):
            pytest.fail(f"TRACKER_REQUIRE_POSTGRES is set but {SKIP_PG}")
        print(f"\n{SKIP_PG}", file=sys.stderr)
    yield server
    if server is not None:
        server.stop()


@pytest.fixture
def pg_url(pg_server: pgserver.PostgresServer | None) -> Iterator[str]:
    """A fresh, empty PostgreSQL database (skipped, with the reason, when there is no server)."""
    if pg_server is None:
        pytest.skip(reason=SKIP_PG)
    url = pg_server.create_database()
    yield url
    pg_server.drop_database(url)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh SQLite database file."""
    return f"sqlite:///{tmp_path / 'tracker.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh empty database, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'tracker.db'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def engine(db_url: str) -> Iterator[object]:
    """An engine on a database migrated to head with the reference data loaded."""
    from tracker.db import make_engine
    from tracker.services.setup import upgrade_database

    eng = make_engine(db_url)
    upgrade_database(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def sqlite_engine(sqlite_url: str) -> Iterator[object]:
    """A migrated SQLite engine (for tests that need only the embedded default)."""
    from tracker.db import make_engine
    from tracker.services.setup import upgrade_database

    eng = make_engine(sqlite_url)
    upgrade_database(eng)
    yield eng
    eng.dispose()


@dataclass
class CliResult:
    """What one run of ``tracker`` printed and returned."""

    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[..., CliResult]:
    """Run ``tracker ARGS...`` in this process (cwd: a temporary folder) and capture it all."""
    from tracker.cli import main
    from tracker.invocation import remember_db_option

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TRACKER_DATABASE_URL", raising=False)

    def run(*args: str, env: dict[str, str] | None = None) -> CliResult:
        out, err = io.StringIO(), io.StringIO()
        code = 0
        old_env = {k: os.environ.get(k) for k in (env or {})}
        os.environ.update(env or {})
        monkeypatch.setattr(sys, "argv", ["tracker", *map(str, args)])
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        finally:
            remember_db_option(None)  # the next direct service call is not this invocation
            for k, v in old_env.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        return CliResult(code, out.getvalue(), err.getvalue())

    return run
