"""A database in a read-only folder or filesystem (issue 14, defect 7): reading commands work,
writes say why in one line, and a dry run gives a real run's outcomes without writing.

As root (CI) the folder is made read-only for real with a read-only tmpfs mount (root ignores
file permissions); as another user, by taking the folder's write permission away.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import ops
from tests.workbooks import build_report


@pytest.fixture
def read_only_db(tmp_path: Path) -> Iterator[str]:
    """A store holding one report, in a folder this process cannot write."""
    folder = tmp_path / "store"
    folder.mkdir()
    mounted = False
    if os.geteuid() == 0:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(folder)],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            pytest.skip(reason=f"as root, a read-only folder needs a mount, refused: {done.stderr}")
        mounted = True
    url = f"sqlite:///{folder / 'tracker.db'}"
    ops.tracker(url, "db", "upgrade")
    build_report(tmp_path / "chad.xlsx")
    ops.tracker(url, "import", str(tmp_path / "chad.xlsx"))
    try:
        if mounted:
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        else:
            folder.chmod(0o555)
            (folder / "tracker.db").chmod(0o444)
        yield url
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], check=False)
        else:
            folder.chmod(0o755)


def test_reading_commands_work_on_a_read_only_database(read_only_db):
    listed = ops.tracker(read_only_db, "reports", "list", check=False)
    assert listed.returncode == 0, listed.stderr
    assert "TCD" in listed.stdout
    history = ops.tracker(read_only_db, "reports", "history", check=False)
    assert history.returncode == 0 and "run 1:" in history.stdout, history.stderr
    assert "sqlalche.me" not in listed.stderr + history.stderr


def test_a_write_says_the_database_is_read_only_in_one_line(read_only_db, tmp_path):
    build_report(tmp_path / "lao.xlsx", state="Lao PDR")
    result = ops.tracker(read_only_db, "import", str(tmp_path / "lao.xlsx"), check=False)
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    folder = Path(read_only_db.removeprefix("sqlite:///")).parent.resolve()
    assert line.startswith(f"error: the database is read-only (folder {folder}")
    assert "copy the database to a writable folder" in line


def test_a_dry_run_needs_no_write(read_only_db, tmp_path):
    build_report(tmp_path / "lao.xlsx", state="Lao PDR")
    result = ops.tracker(
        read_only_db, "import", str(tmp_path / "lao.xlsx"), "--dry-run", check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[0].startswith("imported ")
    assert "store-refused" not in result.stdout
    after = ops.tracker(read_only_db, "reports", "list", check=False)
    assert "LAO" not in after.stdout  # nothing was written
