"""Backups give back the same store: pg_dump/pg_restore on PostgreSQL, ``tracker db backup`` on
SQLite. "The same" is checked where it matters: every table's row count, every report and current
flag, and the statistics as ``tracker stats needs --format json`` prints them.

The PostgreSQL commands are those of docs/operations.md; the programs are taken from the server's
own directory (as tests/pgserver.py finds it), since pg_dump must not be older than the server.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests import ops, pgserver
from tracker.db import make_engine

STATS = ("stats", "needs", "--as-of", "2025", "--since", "2021", "--format", "json")


def _populate(url: str, folder: Path) -> None:
    """Membership and a third of the samples (States A to G, the legacy matrix among them)."""
    ops.tracker(url, "db", "upgrade")
    ops.tracker(url, "states", "import", str(ops.MEMBERSHIP))
    files = ops.sample_workbooks()
    ops.copy_files([*files[:140], *(f for f in files if "matrix" in f.name)], folder)
    ops.tracker(url, "import", str(folder), "--quiet")


def _state(url: str) -> tuple[object, ...]:
    engine = make_engine(url)
    try:
        counts = ops.table_counts(engine)
    finally:
        engine.dispose()
    return counts, ops.snapshot(url), ops.tracker(url, *STATS).stdout


def _pg_program(name: str) -> str:
    directory = pgserver._bin_dir()
    found = directory / name if directory else None
    if found is not None and found.exists():
        return str(found)
    on_path = shutil.which(name)
    if on_path is None:
        pytest.skip(reason=f"{name} is not installed (Debian: postgresql-client)")
    return on_path


@pytest.mark.postgres
@pytest.mark.slow
def test_pg_dump_and_pg_restore_give_identical_statistics(pg_server, tmp_path: Path) -> None:
    if pg_server is None:
        pytest.skip(reason="PostgreSQL not available (see tests/conftest.py)")
    source = pg_server.create_database()
    restored = pg_server.create_database()
    try:
        _populate(source, tmp_path / "reports")
        before = _state(source)
        assert any(s["denominator"] for s in json.loads(str(before[2]))["statistics"])
        dump = tmp_path / "ccm_tracker.dump"
        subprocess.run(
            [_pg_program("pg_dump"), "-Fc", "-f", str(dump), "-d", pgserver._libpq(source)],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [_pg_program("pg_restore"), "--no-owner", "--exit-on-error", "-d",
             pgserver._libpq(restored), str(dump)],
            check=True,
            capture_output=True,
        )  # fmt: skip
        assert _state(restored) == before
    finally:
        pg_server.drop_database(source)
        pg_server.drop_database(restored)


@pytest.mark.slow
def test_sqlite_backup_gives_identical_statistics(tmp_path: Path) -> None:
    live = f"sqlite:///{tmp_path / 'live.db'}"
    _populate(live, tmp_path / "reports")
    before = _state(live)
    target = tmp_path / "backups" / "copy.db"
    ops.tracker(live, "db", "backup", str(target))
    assert target.stat().st_mode & 0o077 == 0  # readable by its owner only, like the store
    assert _state(f"sqlite:///{target}") == before


@pytest.mark.slow
def test_sqlite_backup_while_an_import_runs_is_a_consistent_copy(tmp_path: Path) -> None:
    live = f"sqlite:///{tmp_path / 'live.db'}"
    ops.tracker(live, "db", "upgrade")
    engine = make_engine(live)
    importing = subprocess.Popen(
        ops.tracker_cmd(live, "import", str(ops.SAMPLES), "--quiet"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 300
        while ops.table_counts(engine)["source_files"] < 5:  # bounded wait for some files
            assert importing.poll() is None and time.monotonic() < deadline
            time.sleep(0.02)
        ops.tracker(live, "db", "backup", str(tmp_path / "copy.db"))
        _, err = importing.communicate(timeout=600)
        assert importing.returncode == 0, err
    finally:
        if importing.poll() is None:
            importing.kill()
            importing.wait()
        engine.dispose()
    _, copied = ops.snapshot(f"sqlite:///{tmp_path / 'copy.db'}")
    _, final = ops.snapshot(live)
    assert copied, "the copy holds no file"
    for sha, rows in copied.items():
        assert rows == final[sha], f"file {sha[:12]} is only in part in the copy"
