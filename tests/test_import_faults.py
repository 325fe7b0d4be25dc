"""``tracker import`` under faults (issue 14, defects 4–6): a full disk, bounded batch memory, and
an audit trail written file by file.

The full disk is made two ways: SQLite's ``PRAGMA max_page_count`` (the database cannot grow
past a page count, and SQLite answers exactly as on a full disk: ``SQLITE_FULL``), on every
machine; and a real, tiny tmpfs filesystem holding the database, where the test may mount one
(root on Linux), else skipped with the reason.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests import ops
from tests.workbooks import build_report
from tracker.db import make_engine
from tracker.models import ImportRun, ImportRunFile, SourceFile
from tracker.reference import reference_states

FILES = 8


def _folder(root: Path, n: int = FILES, rows: int = 40) -> Path:
    folder = root / "in"
    folder.mkdir()
    needs = [
        {"area": "Clearance", "needed": "yes", "description": f"need {i} " + "x" * 200}
        | {"estimated_cost": i, "currency": "USD"}
        for i in range(rows)
    ]
    for i, state in enumerate([s.iso3 for s in reference_states()][:n]):
        build_report(
            folder / f"{i:02d}-{state}.xlsx", state=state, forms={"I": {"tables": {"needs": needs}}}
        )
    return folder


def _count(engine, model) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(model)).scalar_one())


def _page_count(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("PRAGMA page_count").fetchone()[0])


def _limit_pages(monkeypatch, pages: int) -> None:
    """Every SQLite connection the tracker opens from now on cannot grow past ``pages``."""
    import tracker.db

    original = tracker.db._sqlite_pragmas

    def pragmas(dbapi_connection, record):
        original(dbapi_connection, record)
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    monkeypatch.setattr(tracker.db, "_sqlite_pragmas", pragmas)


def test_full_disk_ends_the_batch_with_lines_summary_and_one_line(
    sqlite_engine, sqlite_url, run_cli, tmp_path, monkeypatch
):
    folder = _folder(tmp_path)
    db = Path(sqlite_url.removeprefix("sqlite:///"))
    first = sorted(folder.iterdir())[0]
    before = _page_count(db)
    assert run_cli("--db", sqlite_url, "import", str(first)).exit_code == 0
    per_file = _page_count(db) - before
    _limit_pages(monkeypatch, _page_count(db) + 2 * per_file + per_file // 2)  # room for 2 more

    result = run_cli("--db", sqlite_url, "import", str(folder), "--jobs", "0")
    assert result.exit_code == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    stored = [line for line in lines if line.startswith("imported ")]
    assert 1 <= len(stored) < FILES - 1, lines
    assert lines[0].startswith("unchanged ")  # the file stored before the limit
    assert re.fullmatch(r"\d+ files?: \d+ imported, .*", lines[-1])  # the summary line
    assert "store-refused" not in result.stdout and "rejected" not in "".join(lines[:-1])
    message = (
        f"error: the disk is full: {len(stored)} files were stored; free space and run the same "
        "command again (stored files are skipped)"
    )
    assert result.stderr.strip().splitlines()[-1] == message
    assert "OperationalError" not in result.stderr

    engine = make_engine(sqlite_url)
    assert _count(engine, SourceFile) == 1 + len(stored)
    with engine.connect() as conn:
        run = conn.execute(select(ImportRun).order_by(ImportRun.id.desc())).first()
        audited = (
            conn.execute(select(ImportRunFile.outcome).where(ImportRunFile.run_id == run.id))
            .scalars()
            .all()
        )
    assert sorted(audited) == sorted(["unchanged", *["imported"] * len(stored)])
    engine.dispose()

    monkeypatch.undo()
    again = run_cli("--db", sqlite_url, "import", str(folder), "--jobs", "0")
    assert again.exit_code == 0, again.stderr
    assert f"{FILES - 1 - len(stored)} imported" in again.stdout.splitlines()[-1]
    assert f"{1 + len(stored)} unchanged" in again.stdout.splitlines()[-1]


def test_full_disk_json_says_why_the_batch_stopped(
    sqlite_engine, sqlite_url, run_cli, tmp_path, monkeypatch
):
    folder = _folder(tmp_path, n=3)
    db = Path(sqlite_url.removeprefix("sqlite:///"))
    _limit_pages(monkeypatch, _page_count(db) + 1)
    result = run_cli("--db", sqlite_url, "import", str(folder), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["stopped"]["reason"] == "disk-full"
    assert data["stopped"]["message"].startswith("the disk is full: 0 files were stored")
    assert all(f["outcome"] != "rejected" for f in data["files"])


@pytest.mark.parametrize("mode", ["--all-or-nothing", None])
def test_full_disk_in_a_real_tiny_filesystem(sqlite_url, tmp_path, mode):
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        why = f"cannot mount a small tmpfs here (needs root on Linux): {done.stderr.strip()}"
        pytest.skip(reason=why)
    try:
        url = f"sqlite:///{mount / 'tracker.db'}"
        ops.tracker(url, "db", "upgrade")
        # Fill the filesystem but for about 300 KB: room for a few files, not for twelve.
        stat = os.statvfs(mount)
        (mount / "filler").write_bytes(b"\0" * (stat.f_bavail * stat.f_frsize - 300 * 1024))
        folder = _folder(tmp_path, n=12, rows=200)
        args = ["import", str(folder), "--quiet", *([mode] if mode else [])]
        result = ops.tracker(url, *args, check=False)
        assert result.returncode == 1, result.stdout + result.stderr
        assert "the disk is full: " in result.stderr.strip().splitlines()[-1]
        assert "OperationalError" not in result.stderr
        assert re.match(r"\d+ files?: ", result.stdout.splitlines()[-1])  # the summary line
        stored = int(re.search(r"the disk is full: (\d+) file", result.stderr)[1])
        engine = make_engine(url)
        assert _count(engine, SourceFile) == stored
        if mode:
            assert stored == 0  # one transaction: all or nothing
        engine.dispose()
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_each_stored_file_is_audited_in_its_own_transaction(
    engine, db_url, run_cli, tmp_path, monkeypatch
):
    """The audit row of a stored file lands with it: a crash between files loses no row."""
    from tracker.services import audit

    folder = _folder(tmp_path, n=3)
    calls = []
    original = audit.record_files

    def spy(target, run_id, outcomes):
        if outcomes:
            calls.append((type(target).__name__, [o.outcome for o in outcomes]))
        return original(target, run_id, outcomes)

    monkeypatch.setattr(audit, "record_files", spy)
    result = run_cli("--db", db_url, "import", str(folder), "--jobs", "0")
    assert result.exit_code == 0, result.stderr
    assert calls == [("Connection", ["imported"])] * 3, calls


def test_batch_modes_keep_results_not_every_files_rows(
    engine, db_url, run_cli, tmp_path, monkeypatch
):
    """Past the rows budget, a batch-mode run reads files again to store them: same outcomes."""
    import tracker.services.imports as imports
    from tracker.ingest import ahead

    folder = _folder(tmp_path, n=4)
    expected = run_cli("--db", db_url, "import", str(folder), "--dry-run", "--format", "json")
    reads: list[str] = []
    original = ahead.read_safely

    def counting(path, limit, reader=None):
        reads.append(Path(path).name)
        return original(path, limit, reader)

    monkeypatch.setattr(imports, "KEEP_ROWS", 80)  # one file holds about 60 fact rows
    monkeypatch.setattr(imports, "read_safely", counting)
    dry = run_cli("--db", db_url, "import", str(folder), "--dry-run", "--format", "json")
    assert json.loads(dry.stdout) == json.loads(expected.stdout)
    assert len(reads) == 3  # every file but the first was read again to be stored

    stored = run_cli("--db", db_url, "import", str(folder), "--all-or-nothing")
    assert stored.exit_code == 0, stored.stderr
    assert "4 imported" in stored.stdout.splitlines()[-1]
    assert ops.table_counts(engine)["needs"] == 4 * 40
