"""Running one command as a child process and measuring it: wall time, CPU time, peak memory.

Every measurement is a separate process started with :class:`subprocess.Popen` and reaped with
:func:`os.wait4`, which returns the resource usage of that child and of the worker processes it
started and reaped (CPU time is their sum; ``ru_maxrss`` only the largest one's peak), so one
child's figures never leak into the next. Since ``tracker import`` reads in worker processes,
peak memory is the peak of the *summed* resident memory of the command and all of its
descendants, sampled from ``/proc`` every 20 ms (on Linux; elsewhere ``ru_maxrss``).
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Sample:
    """One run of one command."""

    wall_s: float
    cpu_s: float
    peak_mb: float
    returncode: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def run(command: Sequence[str | Path], env: dict[str, str] | None = None) -> Sample:
    """Run ``command`` to completion and measure it (its output kept, never shown)."""
    argv = [str(part) for part in command]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=out, stderr=err, env=env)
        sampler = _TreeMemory(process.pid)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        tree_peak = sampler.stop()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    # ru_maxrss is in kilobytes on Linux, in bytes on macOS.
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return Sample(
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime,
        peak_mb=max(usage.ru_maxrss / scale, tree_peak),
        returncode=process.returncode,
        stdout=stdout,
        stderr=stderr,
    )


class _TreeMemory:
    """Samples the summed resident memory (MB) of a process and its descendants, in a thread."""

    INTERVAL_S = 0.02

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_mb = 0.0
        self._done = threading.Event()
        self._page_mb = os.sysconf("SC_PAGE_SIZE") / (1024 * 1024) if _PROC.is_dir() else 0.0
        self._thread = threading.Thread(target=self._sample, daemon=True)
        if self._page_mb:
            self._thread.start()

    def stop(self) -> float:
        """Stop sampling; the peak seen (0 without /proc)."""
        self._done.set()
        if self._thread.is_alive():
            self._thread.join()
        return self.peak_mb

    def _sample(self) -> None:
        while not self._done.wait(self.INTERVAL_S):
            pages = sum(_resident_pages(pid) for pid in _descendants(self.pid))
            self.peak_mb = max(self.peak_mb, pages * self._page_mb)


_PROC = Path("/proc")


def _descendants(root: int) -> set[int]:
    """``root`` and every process below it (from the parent ids in /proc/*/stat)."""
    children: dict[int, list[int]] = {}
    for stat in _PROC.glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [root]
    while todo:
        pid = todo.pop()
        if pid not in found:
            found.add(pid)
            todo.extend(children.get(pid, ()))
    return found


def _resident_pages(pid: int) -> int:
    try:
        return int((_PROC / str(pid) / "statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0


@dataclass
class Measurement:
    """The runs of one line of the table (median of the runs, as machines are noisy)."""

    key: str
    label: str
    files: int | None = None
    samples: list[Sample] = field(default_factory=list)
    note: str = ""
    available: bool = True

    @property
    def measured(self) -> bool:
        return self.available and bool(self.samples)

    @property
    def wall(self) -> float:
        return statistics.median(s.wall_s for s in self.samples)

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu_s for s in self.samples)

    @property
    def peak_mb(self) -> float:
        return max(s.peak_mb for s in self.samples)

    @property
    def spread(self) -> tuple[float, float]:
        walls = [s.wall_s for s in self.samples]
        return min(walls), max(walls)

    @property
    def ms_per_file(self) -> float | None:
        if not self.files:
            return None
        return 1000 * self.wall / self.files


# ``tracker import`` ends with "N files: a imported, b revisions, c unchanged, d rejected; e
# errors, f warnings"; counts may be written as words with the figure in brackets.
_COUNT = r"\(?(\d+)\)?\s+{word}"


def import_summary(text: str) -> dict[str, int] | None:
    """The counts of the summary line of ``tracker import`` text output, if there is one."""
    lines = [line for line in text.splitlines() if "imported" in line and "rejected" in line]
    if not lines:
        return None
    line = lines[-1]
    counts: dict[str, int] = {}
    for key, word in (
        ("files", "files?"),
        ("imported", "imported"),
        ("revisions", "revisions?"),
        ("unchanged", "unchanged"),
        ("rejected", "rejected"),
        ("errors", "errors?"),
        ("warnings", "warnings?"),
    ):
        found = re.search(_COUNT.format(word=word), line)
        if found:
            counts[key] = int(found.group(1))
    return counts


def until_ready(command: Sequence[str | Path], url: str, timeout_s: float = 30.0) -> Sample:
    """Start a server and measure the time until ``url`` answers 200; then stop it (Ctrl-C).

    The wall time is from the start of the process to the first 200; the server is polled
    every 10 ms. A server that exits, or does not answer within ``timeout_s``, is a failure.
    """
    import signal
    import urllib.error
    import urllib.request

    argv = [str(part) for part in command]
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT)
        wall, code = 0.0, 1
        while time.perf_counter() - started < timeout_s and process.poll() is None:
            try:
                with urllib.request.urlopen(url, timeout=1) as answer:
                    if answer.status == 200:
                        wall, code = time.perf_counter() - started, 0
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.01)
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        out.seek(0)
        printed = out.read().decode("utf-8", "replace")
    return Sample(
        wall_s=wall, cpu_s=0.0, peak_mb=0.0, returncode=code, stdout=printed, stderr=printed
    )
