"""The benchmark's peak memory counts a command's worker processes too (tracker import reads in
workers), not only the largest process."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from benchmarks.measure import run

HOLD = "import time; block = bytearray({mb} * 1024 * 1024); block[::4096] = b'x' * len(block[::4096]); time.sleep(1.0)"


@pytest.mark.skipif(
    not Path("/proc").is_dir(), reason="the tree's memory is read from /proc (Linux)"
)
def test_peak_memory_is_the_sum_of_the_process_and_its_children():
    child = HOLD.format(mb=80)
    parent = (
        "import subprocess, sys\n"
        + HOLD.format(mb=80).replace("time.sleep(1.0)", "")
        + f"\nsubprocess.run([sys.executable, '-c', {child!r}], check=True)\n"
    )
    alone = run([sys.executable, "-c", HOLD.format(mb=80)])
    both = run([sys.executable, "-c", parent])
    assert alone.ok and both.ok
    assert alone.peak_mb >= 80
    assert both.peak_mb >= 160  # ru_maxrss alone would say about 90
