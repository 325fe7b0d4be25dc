"""Reading a file's bytes for its hash: whole when small enough, in chunks beyond the limit.

The reader asks the file for as many bytes as its size says (not for the whole in-memory limit),
so these tests also hold a size that is wrong by the time the file is read.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from tracker.ingest import reader

DATA = bytes(range(256)) * 40  # 10,240 bytes


@pytest.fixture
def file(tmp_path: Path) -> Path:
    path = tmp_path / "f.xlsx"
    path.write_bytes(DATA)
    return path


def test_a_file_within_the_limit_is_kept_whole(file, monkeypatch):
    monkeypatch.setattr(reader, "IN_MEMORY_BYTES", len(DATA))
    assert reader._load(file) == (hashlib.sha256(DATA).hexdigest(), len(DATA), DATA)


def test_a_file_over_the_limit_is_hashed_and_not_kept(file, monkeypatch):
    monkeypatch.setattr(reader, "IN_MEMORY_BYTES", len(DATA) - 1)
    assert reader._load(file) == (hashlib.sha256(DATA).hexdigest(), len(DATA), None)


@pytest.mark.parametrize("told", [0, 100, len(DATA) - 1, len(DATA) + 5000])
def test_a_size_that_is_wrong_by_the_time_of_reading_changes_nothing(file, monkeypatch, told):
    """A file that grew (or shrank) after its size was taken is still read to its end."""
    real = os.fstat

    def fstat(fd: int) -> os.stat_result:
        values = list(real(fd))
        values[6] = told  # st_size
        return os.stat_result(values)

    monkeypatch.setattr(reader.os, "fstat", fstat)
    assert reader._load(file) == (hashlib.sha256(DATA).hexdigest(), len(DATA), DATA)
    monkeypatch.setattr(reader, "IN_MEMORY_BYTES", len(DATA) - 1)
    assert reader._load(file) == (hashlib.sha256(DATA).hexdigest(), len(DATA), None)
