"""Readers for tests/test_import_ahead.py, at module level so that worker processes can import
them (a worker receives a function by its module and name)."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

from tracker.ingest.ahead import read_workbook
from tracker.ingest.parsed import ParsedFile

DIES_ON = "AFG-2019-annual.xlsx"
FAILS_ON = "AFG-2021-annual.xlsx"


def dies_in_a_worker(path: Path, max_unzipped_bytes: int) -> ParsedFile:
    """The real reader, except that a worker process dies outright on :data:`DIES_ON`."""
    if path.name == DIES_ON and multiprocessing.parent_process() is not None:
        os._exit(3)
    return read_workbook(path, max_unzipped_bytes)


def fails_on_one_file(path: Path, max_unzipped_bytes: int) -> ParsedFile:
    """The real reader, except that it raises (a reader bug) on :data:`FAILS_ON`."""
    if path.name == FAILS_ON:
        raise RuntimeError("a bug in the reader")
    return read_workbook(path, max_unzipped_bytes)


def niceness_of_reader(path: Path, max_unzipped_bytes: int) -> ParsedFile:
    """A stand-in file whose ``layout`` says the priority (niceness) of the reading process."""
    return ParsedFile(str(path), path.name, "", 0, str(os.nice(0)), "workbook")


READ_LOG = "TRACKER_TEST_READ_LOG"


def logs_each_start(path: Path, max_unzipped_bytes: int) -> ParsedFile:
    """The real reader, noting in the file named by ``$TRACKER_TEST_READ_LOG`` when it starts."""
    with open(os.environ[READ_LOG], "a") as log:
        log.write(f"start {path.name}\n")
    return read_workbook(path, max_unzipped_bytes)
