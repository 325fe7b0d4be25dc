"""An import killed with SIGKILL mid-way leaves a consistent store; re-running completes it.

``tracker import`` runs on a folder of 32 large workbooks (each ~2,000 fact rows, so that a kill
often lands inside a file's transaction). Once a few files have landed (the test polls the store
in a bounded loop) the process is killed. Every file in the store must then be whole: exactly the
rows a clean import of that file gives, in every table. A second run must exit 0 and end in the
same store as a clean import of the folder. Both on SQLite (a hot journal rolled back on the
next open) and on PostgreSQL (the server aborts the dead client's transaction).
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests import ops
from tests.workbooks import build_report
from tracker.db import make_engine
from tracker.models import ImportRun, ImportRunFile, SourceFile
from tracker.reference import reference_states
from tracker.services.setup import upgrade_database

pytestmark = pytest.mark.slow

FILES = 32
LANDED_BEFORE_KILL = 3
POLL_LIMIT_SECONDS = 300


def _big_forms(rows: int) -> dict[str, dict[str, object]]:
    needs = [
        {"area": "Clearance", "needed": "yes", "description": f"need {i}", "estimated_cost": i}
        | {"currency": "USD"}
        for i in range(rows)
    ]
    areas = [
        {
            "location": f"Area {i}",
            "area_status": "confirmed",
            "area_m2": 1000 + i,
            "cleared_m2": i,
            "submunitions_destroyed": i % 7,
        }
        for i in range(rows)
    ]
    return {"I": {"tables": {"needs": needs}}, "F": {"tables": {"areas": areas}}}


@pytest.fixture(scope="module")
def big_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """32 large, valid workbooks: 16 States, two reporting years each."""
    folder = tmp_path_factory.mktemp("crash") / "reports"
    folder.mkdir()
    forms = _big_forms(1000)
    states = [s.iso3 for s in reference_states()][:16]
    for n in range(FILES):
        state, year = states[n // 2], 2023 + n % 2
        build_report(folder / f"{state}-{year}.xlsx", state=state, year=year, forms=forms)
    return folder


@pytest.fixture(scope="module")
def clean(big_folder: Path, tmp_path_factory: pytest.TempPathFactory):
    """The snapshot of a clean, uninterrupted import of the folder (on SQLite)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('clean') / 'clean.db'}"
    ops.tracker(url, "db", "upgrade")
    ops.tracker(url, "import", str(big_folder), "--quiet")
    reports, files = ops.snapshot(url)
    assert len(files) == FILES
    return reports, files


def _stored(engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(SourceFile)).scalar_one())


def _kill_after_some_files(url: str, folder: Path) -> int:
    """Start an import, SIGKILL it once a few files are stored; how many were stored then."""
    engine = make_engine(url)
    process = subprocess.Popen(
        ops.tracker_cmd(url, "import", str(folder), "--quiet"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + POLL_LIMIT_SECONDS
        while _stored(engine) < LANDED_BEFORE_KILL:
            assert process.poll() is None, "the import ended before it could be killed"
            assert time.monotonic() < deadline, "no file landed in time"
            time.sleep(0.02)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
        assert process.returncode == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        engine.dispose()
    engine = make_engine(url)  # a new connection: SQLite rolls back the hot journal here
    try:
        return _stored(engine)
    finally:
        engine.dispose()


def test_killed_import_leaves_whole_files_and_a_rerun_completes(db_url, big_folder, clean):
    engine = make_engine(db_url)
    upgrade_database(engine)
    engine.dispose()
    clean_reports, clean_files = clean

    stored = _kill_after_some_files(db_url, big_folder)
    assert LANDED_BEFORE_KILL <= stored < FILES, "the kill did not land mid-way"
    _, files = ops.snapshot(db_url)
    assert len(files) == stored
    for sha, rows in files.items():
        assert rows == clean_files[sha], f"file {sha[:12]} is in the store only in part"

    engine = make_engine(db_url)
    with engine.connect() as conn:
        killed_run = conn.execute(select(ImportRun)).one()
        audited = conn.execute(
            select(ImportRunFile.path, ImportRunFile.sha256, ImportRunFile.outcome).where(
                ImportRunFile.run_id == killed_run.id
            )
        ).all()
    engine.dispose()
    assert killed_run.finished_at is None  # the audit trail shows the run never finished
    # Every file committed under the killed run is in its audit trail (issue 14, defect 6): the
    # file's audit row is written in the file's own transaction.
    assert sorted(sha for _, sha, _ in audited) == sorted(files)
    assert {outcome for _, _, outcome in audited} == {"imported"}
    history = ops.tracker(db_url, "reports", "history").stdout
    assert (
        f"run {killed_run.id}: " in history and "[not finished: running or interrupted]" in history
    )
    assert sum(1 for line in history.splitlines() if line.startswith("  imported")) == stored

    rerun = ops.tracker(db_url, "import", str(big_folder), "--quiet")
    assert f"{FILES - stored} imported" in rerun.stdout
    assert f"{stored} unchanged" in rerun.stdout
    assert ops.snapshot(db_url) == (clean_reports, clean_files)
