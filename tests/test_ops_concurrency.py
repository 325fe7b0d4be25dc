"""Several ``tracker import`` processes at once on one PostgreSQL database (issue 8, point 1).

Four real processes import the same and overlapping folders into one database at the same time:
every one exits 0, every file is stored once (exactly one process reports it imported or a
revision, the others unchanged), and the store ends exactly as one sequential run of the same
folders into another database leaves it: same reports, same current versions, same rows per file.
Three extra versions of one report (Chad 2024) sit in different folders, so that processes also
race on which version is current. A second round mixes ``--all-or-nothing`` batches (one
transaction holding every lock of its batch) with file-by-file imports.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from tests import ops
from tests.workbooks import build_report
from tracker.db import make_engine
from tracker.services.setup import upgrade_database

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def _folders(tmp_path: Path) -> list[Path]:
    files = ops.sample_workbooks()
    matrix = [f for f in files if "matrix" in f.name]
    workbooks = [f for f in files if f not in matrix]
    a = ops.copy_files([*workbooks[:70], *matrix], tmp_path / "a")
    b = ops.copy_files([*workbooks[40:110], *matrix], tmp_path / "b")
    c = ops.copy_files(workbooks[:110], tmp_path / "c")
    for folder, submitted in ((a, dt.date(2025, 4, 30)), (b, dt.date(2025, 6, 1)), (c, None)):
        build_report(
            folder / "zz-chad-2024-version.xlsx",
            state="Chad",
            year=2024,
            cover_overrides={"submitted_on": submitted},
        )
    return [a, b, c, a]  # the fourth process imports the same folder as the first


def _migrated(pg_server) -> str:
    url = pg_server.create_database()
    engine = make_engine(url)
    upgrade_database(engine)
    engine.dispose()
    return url


@pytest.mark.parametrize(
    "options",
    [
        pytest.param(((), (), (), ()), id="file-by-file"),
        pytest.param(((), ("--all-or-nothing",), ("--all-or-nothing",), ()), id="mixed"),
    ],
)
def test_parallel_imports_store_each_file_once_and_match_a_sequential_run(
    pg_server, tmp_path, options
):
    if pg_server is None:
        pytest.skip(reason="PostgreSQL not available (see tests/conftest.py)")
    folders = _folders(tmp_path)
    together, one_by_one = _migrated(pg_server), _migrated(pg_server)
    try:
        processes = [
            subprocess.Popen(
                ops.tracker_cmd(
                    together, "import", str(folder), *extra, "--quiet", "--format", "json"
                ),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for folder, extra in zip(folders, options, strict=True)
        ]
        outputs = [p.communicate(timeout=600) for p in processes]
        for process, (_out, err) in zip(processes, outputs, strict=True):
            assert process.returncode == 0, err
            assert "Traceback" not in err
        stored_by = Counter(
            f["sha256"]
            for out, _ in outputs
            for f in json.loads(out)["files"]
            if f["outcome"] in ("imported", "revision")
        )
        assert set(stored_by.values()) == {1}, "a file was stored by two processes"

        for folder in folders[:3]:
            ops.tracker(one_by_one, "import", str(folder), "--quiet")

        parallel_reports, parallel_files = ops.snapshot(together)
        sequential_reports, sequential_files = ops.snapshot(one_by_one)
        assert set(parallel_files) == set(stored_by)
        assert parallel_files == sequential_files
        assert parallel_reports == sequential_reports
        current = [
            r for r in parallel_reports if r[2:5] == ("TCD", "2024", "annual") and r[7] is True
        ]
        assert len(current) == 1
    finally:
        pg_server.drop_database(together)
        pg_server.drop_database(one_by_one)
