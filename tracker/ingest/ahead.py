"""Reading a batch's files ahead of the loader, in worker processes when that pays.

Reading a workbook (unzip, parse, validate: about two thirds of an import's work) needs nothing
from the store, so a large batch is read by worker processes while the main process stores the
files already read, one transaction each, in the batch's order. The files come back in that
order whatever the workers' speed, so the outcome is the same as reading them one by one.

- The work in flight is bounded by size, not only by count: a task holds up to :data:`CHUNK`
  files but no more than :data:`CHUNK_BYTES` of them (a large file goes alone), and tasks are
  handed out while the files in flight stay under :data:`IN_FLIGHT_BYTES` on disk (at least one
  task per worker, at most :data:`TASKS_PER_WORKER`), so memory stays flat however large the
  batch and however large its files.
- Workers are started with ``spawn`` on every platform: they inherit no open database connection
  and no thread, and import only the reader (no SQLAlchemy, so they start quickly). They run at a
  lower priority than the main process, which holds the store's transaction.
- A reader failure (a bug) rejects its file, as in one process (:func:`read_safely`). A worker
  that dies (killed, out of memory) does not end the batch: the files not yet read are read in
  the main process instead. A worker whose main process dies (even by SIGKILL) exits at once.
- Small batches and ``jobs=0`` are read in the main process; so is a custom reader (tests)
  unless ``jobs`` is given (it must then be a module-level function, to reach the workers).
- ``spawn`` runs the main module again in each worker: a script that imports with workers needs
  the usual ``if __name__ == "__main__":`` guard (the ``tracker`` command has it).
"""

from __future__ import annotations

import os
import signal
from collections import deque
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from pathlib import Path

from tracker.codes import issue
from tracker.ingest.collect import Collected, collect
from tracker.ingest.parsed import ParsedFile

Reader = Callable[[Path, int], ParsedFile]

CHUNK = 8  # files per task: enough to amortise the hand-over, few enough to keep memory flat
CHUNK_BYTES = 1024 * 1024  # a task's files on disk (a workbook of 1 MB or more goes alone)
TASKS_PER_WORKER = 8  # in flight per worker: reading runs ahead while the main process starts
# Files on disk in flight (read, or being read, and not yet stored). A read workbook takes about
# 10-30 times its size on disk in memory (unzipped XML, then cells), so this keeps a batch of
# large files to a few hundred MB; a batch of usual files (10-100 KB) never reaches it.
IN_FLIGHT_BYTES = 4 * 1024 * 1024
MIN_FILES_PER_WORKER = 4 * CHUNK  # below this, starting a worker costs more than it saves
MAX_JOBS = 8
# Workers yield the CPU to the main process: a store transaction that waits for a CPU holds
# the database's write lock longer, for every user of a shared store.
WORKER_NICENESS = 10


def default_jobs() -> int:
    """Worker processes for a large batch: one per usable CPU, at most :data:`MAX_JOBS`.

    The workers run at a lower priority (:data:`WORKER_NICENESS`), so the main process, which
    holds the database transaction, gets a CPU whenever it needs one and the workers use the
    rest.
    """
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(MAX_JOBS, cpus))


def read_workbook(path: Path, max_unzipped_bytes: int) -> ParsedFile:
    """The workbook reader of :mod:`tracker.ingest.reader` (imported when first needed)."""
    from tracker.ingest.reader import read_file

    return read_file(path, max_unzipped_bytes=max_unzipped_bytes, display_path=str(path))


def read_safely(path: Path, max_unzipped_bytes: int, reader: Reader | None = None) -> ParsedFile:
    """Read one file; a reader failure (a bug) rejects the file instead of ending the batch."""
    try:
        return (reader or read_workbook)(path, max_unzipped_bytes)
    except Exception as exc:
        failed = issue(str(path), "read-failed", error=f"{type(exc).__name__}: {exc}")
        return ParsedFile(str(path), path.name, "", 0, "", "unknown", issues=[failed])


class ReadAhead:
    """The files of a batch, read in order, by worker processes when that pays.

    Workers start, and the first files are handed to them, as soon as the object is made: the
    ``tracker import`` command makes it before it opens the database, so that reading overlaps
    its own start-up. Iterate once; :meth:`close` (or ``with``) stops the workers.

    ``jobs`` None means :func:`default_jobs` (none with a custom ``reader``).
    """

    def __init__(
        self,
        paths: Sequence[Path],
        *,
        max_unzipped_bytes: int,
        jobs: int | None = None,
        reader: Reader | None = None,
    ) -> None:
        self.paths = list(paths)
        self.max_unzipped_bytes = max_unzipped_bytes
        self.reader = reader
        if jobs is None:
            jobs = default_jobs() if reader is None else 0
        self.workers = max(0, min(jobs, len(self.paths) // MIN_FILES_PER_WORKER))
        self._files = self._in_workers() if self.workers else self._here(self.paths)
        if self.workers:
            next(self._files)  # runs up to the first yield: the workers are started

    def __iter__(self) -> Iterator[ParsedFile]:
        for item in self._files:
            if item is not None:
                yield item

    def close(self) -> None:
        """Stop the workers (files not yet handed out are dropped)."""
        self._files.close()

    def __enter__(self) -> ReadAhead:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _here(self, paths: Sequence[Path]) -> Generator[ParsedFile | None, None, None]:
        for path in paths:
            yield read_safely(path, self.max_unzipped_bytes, self.reader)

    def _in_workers(self) -> Generator[ParsedFile | None, None, None]:
        """Yields None once the workers have their first tasks, then the files in order."""
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        limit, reader = self.max_unzipped_bytes, self.reader
        chunks = make_chunks(self.paths)
        context = multiprocessing.get_context("spawn")
        pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_start_worker)
        in_flight: deque[tuple[Future[list[ParsedFile]], int]] = deque()
        done = 0  # chunks handed to the caller
        submitted = 0
        flying = 0  # bytes on disk of the chunks in flight

        def submit_more() -> None:
            nonlocal submitted, flying
            while submitted < len(chunks) and len(in_flight) < self.workers * TASKS_PER_WORKER:
                paths, size = chunks[submitted]
                if len(in_flight) >= self.workers and flying + size > IN_FLIGHT_BYTES:
                    return
                in_flight.append((pool.submit(_read_chunk, paths, limit, reader), size))
                submitted += 1
                flying += size

        try:
            submit_more()
            yield None
            while in_flight:
                future, size = in_flight.popleft()
                try:
                    files = future.result()
                except BrokenProcessPool:
                    break  # a worker died: the rest is read below, in this process
                flying -= size
                done += 1
                submit_more()
                yield from files
                del files
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        for paths, _ in chunks[done:]:
            yield from self._here(paths)


def make_chunks(paths: Sequence[Path]) -> list[tuple[list[Path], int]]:
    """The batch's tasks in order, with their size on disk.

    A task takes up to :data:`CHUNK` files and :data:`CHUNK_BYTES`; a larger file goes alone.
    """
    chunks: list[tuple[list[Path], int]] = []
    current: list[Path] = []
    size = 0
    for path in paths:
        try:
            bytes_ = path.stat().st_size
        except OSError:
            bytes_ = 0
        if current and (len(current) >= CHUNK or size + bytes_ > CHUNK_BYTES):
            chunks.append((current, size))
            current, size = [], 0
        current.append(path)
        size += bytes_
    if current:
        chunks.append((current, size))
    return chunks


@dataclass
class Batch:
    """The files of one import, collected from its PATH arguments, their reading under way."""

    collected: Collected
    reading: ReadAhead

    def close(self) -> None:
        """Stop reading (see :meth:`ReadAhead.close`)."""
        self.reading.close()

    def __enter__(self) -> Batch:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_batch(
    paths: Sequence[Path],
    *,
    max_unzipped_bytes: int,
    jobs: int | None = None,
    reader: Reader | None = None,
) -> Batch:
    """Collect the files behind ``paths`` and start reading them (see :class:`ReadAhead`)."""
    collected = collect(paths)
    reading = ReadAhead(
        collected.files, max_unzipped_bytes=max_unzipped_bytes, jobs=jobs, reader=reader
    )
    return Batch(collected, reading)


def _read_chunk(
    paths: Sequence[Path], max_unzipped_bytes: int, reader: Reader | None
) -> list[ParsedFile]:
    """A worker's task: read a few files (in the worker process)."""
    return [read_safely(path, max_unzipped_bytes, reader) for path in paths]


def _start_worker() -> None:
    """Set up a worker: leave Ctrl-C to the main process, and end with it.

    Ctrl-C reaches every process of the terminal; the main process alone handles it (and stops
    the workers). A main process killed outright cannot stop them, so each worker watches it
    and exits as soon as it is gone, instead of waiting for work forever. Workers run at a
    lower priority than the main process (:data:`WORKER_NICENESS`).
    """
    import multiprocessing
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(os, "nice"):  # POSIX
        os.nice(WORKER_NICENESS)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_after, args=(parent,), daemon=True).start()


def _exit_after(parent: BaseProcess) -> None:
    parent.join()  # returns when the main process has ended, however it ended
    os._exit(1)
