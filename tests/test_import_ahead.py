"""Reading ahead in worker processes (tracker/ingest/ahead.py) gives exactly what one process
reads, in the same order, and survives a dying worker; a killed import leaves no worker behind."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests import ahead_readers, ops
from tracker.ingest import ahead
from tracker.ingest.ahead import MIN_FILES_PER_WORKER, ReadAhead, default_jobs

LIMIT = 100 * 1024 * 1024


@pytest.fixture(scope="module")
def workbooks() -> list[Path]:
    """Enough sample workbooks for two workers, AFG's among them (the test readers' files)."""
    files = ops.sample_workbooks()[: 2 * MIN_FILES_PER_WORKER + 5]
    names = {f.name for f in files}
    assert {ahead_readers.DIES_ON, ahead_readers.FAILS_ON} <= names
    return files


@pytest.fixture(scope="module")
def in_one_process(workbooks: list[Path]) -> list[object]:
    return list(ReadAhead(workbooks, max_unzipped_bytes=LIMIT, jobs=0))


def test_workers_read_what_one_process_reads_in_the_same_order(workbooks, in_one_process):
    in_workers = list(ReadAhead(workbooks, max_unzipped_bytes=LIMIT, jobs=2))
    assert [f.path for f in in_workers] == [str(p) for p in workbooks]
    assert in_workers == in_one_process
    assert sum(len(f.reports) for f in in_workers) >= len(workbooks)  # real reports were read


def test_a_dead_worker_leaves_the_rest_to_the_main_process(workbooks, in_one_process):
    files = list(
        ReadAhead(
            workbooks, max_unzipped_bytes=LIMIT, jobs=2, reader=ahead_readers.dies_in_a_worker
        )
    )
    assert files == in_one_process


def test_a_reader_failure_in_a_worker_rejects_only_its_file(workbooks, in_one_process):
    files = list(
        ReadAhead(
            workbooks, max_unzipped_bytes=LIMIT, jobs=2, reader=ahead_readers.fails_on_one_file
        )
    )
    failed = [f for f in files if not f.ok]
    assert [Path(f.path).name for f in failed] == [ahead_readers.FAILS_ON]
    assert failed[0].issues[0].code == "read-failed"
    assert "a bug in the reader" in failed[0].issues[0].message
    others = [f for f in in_one_process if f.path != failed[0].path]
    assert [f for f in files if f.ok] == others


def test_small_batches_and_jobs_0_are_read_in_this_process(monkeypatch, workbooks):
    def no_workers(*args, **kwargs):
        raise AssertionError("workers were started")

    monkeypatch.setattr(ReadAhead, "_in_workers", no_workers)
    few = workbooks[: MIN_FILES_PER_WORKER - 1]
    assert len(list(ReadAhead(few, max_unzipped_bytes=LIMIT, jobs=4))) == len(few)
    assert len(list(ReadAhead(workbooks, max_unzipped_bytes=LIMIT, jobs=0))) == len(workbooks)


def test_default_jobs_is_one_worker_per_cpu():
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert default_jobs() == max(1, min(ahead.MAX_JOBS, cpus or 1))


@pytest.mark.skipif(not hasattr(os, "nice"), reason="process priorities are POSIX")
def test_workers_run_below_the_main_process_priority(tmp_path):
    from tests.ahead_readers import niceness_of_reader

    files = list(
        ReadAhead(
            ops.sample_workbooks()[:MIN_FILES_PER_WORKER],
            max_unzipped_bytes=LIMIT,
            jobs=1,
            reader=niceness_of_reader,
        )
    )
    assert {f.layout for f in files} == {str(os.nice(0) + ahead.WORKER_NICENESS)}


def test_import_with_workers_stores_what_an_import_in_one_process_stores(tmp_path, workbooks):
    folder = ops.copy_files(workbooks, tmp_path / "reports")
    stores = {}
    for jobs in ("0", "2"):
        url = f"sqlite:///{tmp_path / f'jobs{jobs}.db'}"
        ops.tracker(url, "db", "upgrade")
        ops.tracker(url, "states", "import", str(ops.MEMBERSHIP), "--replace")
        done = ops.tracker(url, "import", str(folder), "--quiet", "--jobs", jobs)
        assert f"{len(workbooks)} imported" in done.stdout
        stores[jobs] = ops.snapshot(url)
    assert stores["2"] == stores["0"]


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def _group_size(group: int) -> int:
    count = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        count += int(fields[2]) == group  # the fields after the name: state, ppid, pgrp
    return count


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to see the workers (Linux)")
def test_a_killed_import_leaves_no_worker_behind(tmp_path, workbooks):
    folder = ops.copy_files(workbooks, tmp_path / "reports")
    url = f"sqlite:///{tmp_path / 'killed.db'}"
    ops.tracker(url, "db", "upgrade")
    process = subprocess.Popen(
        ops.tracker_cmd(url, "import", str(folder), "--quiet", "--jobs", "2"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the workers are found by it
    )
    group = process.pid
    try:
        deadline = time.monotonic() + 60
        while _group_size(group) < 3:  # the import and its two workers
            assert process.poll() is None, "the import ended before its workers were seen"
            assert time.monotonic() < deadline, "no workers were started"
            time.sleep(0.01)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
        deadline = time.monotonic() + 30
        while _group_alive(group):
            assert time.monotonic() < deadline, "a worker outlived the killed import"
            time.sleep(0.05)
    finally:
        if _group_alive(group):
            os.killpg(group, signal.SIGKILL)


def test_large_files_go_one_per_task():
    files = ops.sample_workbooks()[:12]
    small = max(f.stat().st_size for f in files)
    chunks = ahead.make_chunks(files)
    assert [len(paths) for paths, _ in chunks] == [8, 4]  # usual files: 8 per task
    assert sum(size for _, size in chunks) == sum(f.stat().st_size for f in files)
    original = ahead.CHUNK_BYTES
    try:
        ahead.CHUNK_BYTES = small  # now every file is "large"
        assert [len(paths) for paths, _ in ahead.make_chunks(files)] == [1] * 12
    finally:
        ahead.CHUNK_BYTES = original


def test_work_in_flight_is_bounded_by_size_not_count(tmp_path, monkeypatch, workbooks):
    """However far the workers could run ahead, they hold at most IN_FLIGHT_BYTES of files."""
    files = workbooks[:12]
    biggest = max(f.stat().st_size for f in files)
    log = tmp_path / "reads.log"
    monkeypatch.setenv(ahead_readers.READ_LOG, str(log))
    monkeypatch.setattr(ahead, "MIN_FILES_PER_WORKER", 1)
    monkeypatch.setattr(ahead, "CHUNK_BYTES", 1)  # one file per task
    monkeypatch.setattr(ahead, "IN_FLIGHT_BYTES", int(2.5 * biggest))  # two tasks at most
    with ReadAhead(
        files, max_unzipped_bytes=LIMIT, jobs=1, reader=ahead_readers.logs_each_start
    ) as reading:
        for parsed in reading:
            time.sleep(0.1)  # a slow store: the worker would run ahead if nothing held it
            with log.open("a") as out:
                out.write(f"consumed {Path(parsed.path).name}\n")
    sizes = {f.name: f.stat().st_size for f in files}
    held: set[str] = set()
    most = 0
    for line in log.read_text().splitlines():
        event, name = line.split(" ", 1)
        if event == "start":
            held.add(name)
        else:
            held.discard(name)
        most = max(most, sum(sizes[n] for n in held))
    # What is in flight, and the one file being stored; without the bound all 12 would be.
    assert most <= ahead.IN_FLIGHT_BYTES + biggest, log.read_text()
    assert most < sum(sizes.values()) / 2
    assert log.read_text().count("consumed") == 12
