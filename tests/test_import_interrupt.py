"""Ctrl-C during an import: the files stored before it are whole and every one of them is in the
audit trail (the interrupt waits for the file being stored, never lands after its commit and
before its result); the command exits 130 and leaves no worker behind."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tests import ops

ATTEMPTS = 3  # an interrupt lands anywhere in a file's turn: several tries cover the commit


def _stored(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {row[0] for row in conn.execute("SELECT sha256 FROM source_files")}


def _audited(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT sha256 FROM import_run_files WHERE outcome = 'imported'")
        return {row[0] for row in rows}


@pytest.mark.skipif(os.name != "posix", reason="sends SIGINT to a process group (POSIX)")
@pytest.mark.parametrize("attempt", range(ATTEMPTS))
def test_ctrl_c_stops_between_files_and_every_stored_file_is_audited(tmp_path, attempt):
    db = tmp_path / "interrupted.db"
    url = f"sqlite:///{db}"
    ops.tracker(url, "db", "upgrade")
    folder = ops.copy_files(ops.sample_workbooks()[:150], tmp_path / "reports")
    process = subprocess.Popen(
        ops.tracker_cmd(url, "import", str(folder), "--quiet"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as in a terminal
    )
    try:
        deadline = time.monotonic() + 120
        while len(_stored(db)) < 5 + 7 * attempt:  # a different moment on each attempt
            assert process.poll() is None, "the import ended before it could be interrupted"
            assert time.monotonic() < deadline, "no file was stored in time"
            time.sleep(0.005)
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == 130, stderr
    stored = _stored(db)
    assert 5 <= len(stored) < 150
    assert _audited(db) == stored
