"""The ``tracker import`` use case: read a batch of files and store them, with its outcomes.

Three ways to run a batch, one loader (:mod:`tracker.ingest.loader`):

- default: each file is its own transaction; a rejected file leaves the store as it was and the
  others go on;
- ``all_or_nothing``: the whole batch is one transaction; when any file is rejected nothing is
  stored and every other file gets the outcome ``rolled-back``;
- ``dry_run``: the batch really runs inside one transaction that is always rolled back, so the
  outcomes are exactly those a real run would give, and nothing is written (the audit trail
  neither).

The batch modes read every file before the transaction starts, so that the transaction can take
all of its advisory locks at once, in one global order (no deadlock with other imports), and
holds the database for no longer than the writes need.
"""

from __future__ import annotations

import contextlib
import dataclasses
import signal
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from tracker.db import session_factory, transaction
from tracker.ingest.ahead import Batch, Reader, open_batch
from tracker.ingest.current import lock_keys
from tracker.ingest.loader import (
    LoaderError,
    LoadResult,
    Outcome,
    file_keys,
    load_file,
    results_for,
)
from tracker.ingest.notes import (
    CarryRef,
    MembershipDates,
    carry_forward_issues,
    carry_forward_missing,
    carry_forward_refs,
    read_memberships,
)
from tracker.ingest.parsed import ParsedFile
from tracker.issues import Issue, Severity
from tracker.services.import_results import BatchResult, FileResult

DEFAULT_MAX_UNZIPPED_BYTES = 100 * 1024 * 1024

Progress = Callable[[int, int, str], None]  # files done, files in all, the last path


def import_paths(
    engine: Engine,
    paths: Sequence[Path],
    *,
    dry_run: bool = False,
    all_or_nothing: bool = False,
    max_unzipped_bytes: int = DEFAULT_MAX_UNZIPPED_BYTES,
    arguments: str = "",
    progress: Progress | None = None,
    reader: Reader | None = None,
    jobs: int | None = None,
) -> BatchResult:
    """Import the workbooks behind ``paths`` (files or folders) and say what happened to each.

    ``jobs`` worker processes read ahead of the loader (None: one per CPU); ``reader`` replaces
    the workbook reader (tests). The other options are those of :func:`import_batch`.
    """
    with open_batch(paths, max_unzipped_bytes=max_unzipped_bytes, jobs=jobs, reader=reader) as b:
        return import_batch(
            engine,
            b,
            dry_run=dry_run,
            all_or_nothing=all_or_nothing,
            arguments=arguments,
            progress=progress,
        )


def import_batch(
    engine: Engine,
    batch: Batch,
    *,
    dry_run: bool = False,
    all_or_nothing: bool = False,
    arguments: str = "",
    progress: Progress | None = None,
) -> BatchResult:
    """Store a batch whose reading is under way (:func:`tracker.ingest.ahead.open_batch`).

    ``arguments`` is recorded in the audit trail (real runs only). ``progress`` is called once
    each file is read (and, file by file, stored).
    """
    from tracker.services.audit import finish_run, start_run

    collected, reading = batch.collected, batch.reading
    missing = [_missing(p) for p in collected.missing]
    missing += [_special(p) for p in collected.special]
    run_id = None if dry_run else start_run(engine, arguments)
    results: list[FileResult] = []
    try:
        if dry_run or all_or_nothing:
            parsed = []
            for n, file in enumerate(reading, start=1):
                parsed.append(file)
                if progress:
                    progress(n, len(collected.files), file.path)
            results = _one_transaction(engine, parsed, run_id, dry_run, all_or_nothing, missing)
        else:  # fills ``results`` as it goes: the audit trail gets what was done even on a crash
            _file_by_file(engine, iter(reading), len(collected.files), run_id, progress, results)
    finally:
        if run_id is not None:
            _record(engine, run_id, [*missing, *results])
            finish_run(engine, run_id)
    files = sorted([*missing, *results], key=lambda f: f.path)
    return BatchResult(files, collected.notes, dry_run)


def _file_by_file(
    engine: Engine,
    files: Iterator[ParsedFile],
    count: int,
    run_id: int | None,
    progress: Progress | None,
    results: list[FileResult],
) -> None:
    """Default mode: one transaction per file, then the carry-forward check over the batch."""
    # Kept until the end of the batch: a file's result and only the references the check needs.
    stored: list[tuple[FileResult, list[CarryRef]]] = []
    with transaction(engine) as session:
        memberships = read_memberships(session)
    # One session factory for the batch: each new factory makes a Session subclass whose first
    # session sets up its event dispatch (about 0.16 ms, as much as a file's inserts).
    sessions = session_factory(engine)
    with interrupts_between_files() as check:  # Ctrl-C lands between files, never mid-file
        _store_each(files, count, sessions, run_id, memberships, progress, results, stored, check)
    if stored:
        with transaction(engine) as session:
            for result, refs in stored:
                result.issues.extend(carry_forward_missing(session, result.path, refs))


def _store_each(
    files: Iterator[ParsedFile],
    count: int,
    sessions: sessionmaker[Session],
    run_id: int | None,
    memberships: Mapping[str, MembershipDates],
    progress: Progress | None,
    results: list[FileResult],
    stored: list[tuple[FileResult, list[CarryRef]]],
    check: Callable[[], None],
) -> None:
    """Store the files one transaction each; ``results`` and ``stored`` grow as they go."""
    for n, parsed in enumerate(files, start=1):
        if not parsed.ok:
            results.append(_result(parsed, LoadResult(Outcome.REJECTED, [])))
        else:
            try:
                with sessions.begin() as session:  # one transaction per file, as transaction()
                    lock_keys(session, file_keys(parsed))
                    loaded = load_file(
                        session, parsed, import_run_id=run_id, memberships=memberships
                    )
            except (SQLAlchemyError, LoaderError) as exc:
                loaded = _refused(parsed, exc)
            results.append(_result(parsed, loaded))
            if loaded.outcome in (Outcome.IMPORTED, Outcome.REVISION):
                refs = carry_forward_refs(parsed)
                if refs:
                    stored.append((results[-1], refs))
        path = parsed.path
        del parsed  # nothing of the parsed file outlives its turn
        if progress:
            progress(n, count, path)
        check()


@contextlib.contextmanager
def interrupts_between_files() -> Iterator[Callable[[], None]]:
    """Hold Ctrl-C (SIGINT) inside the block until the check it gives is called.

    The batch calls the check between files, so that an interrupt never lands between a file's
    commit and its result (the file would be stored but missing from the audit trail). Outside
    the main thread, or where SIGINT is ignored, nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield lambda: None
        return
    caught: list[int] = []

    def check() -> None:
        if caught:
            raise KeyboardInterrupt

    previous = signal.getsignal(signal.SIGINT)
    if previous is signal.SIG_IGN:
        yield check
        return
    signal.signal(signal.SIGINT, lambda signum, _frame: caught.append(signum))
    try:
        yield check
    finally:
        signal.signal(signal.SIGINT, previous)
    check()


def _one_transaction(
    engine: Engine,
    parsed: list[ParsedFile],
    run_id: int | None,
    dry_run: bool,
    all_or_nothing: bool,
    missing: list[FileResult],
) -> list[FileResult]:
    """Dry runs and ``--all-or-nothing``: the whole batch in one transaction.

    A file the store refuses (a constraint the reader did not check) is marked rejected and the
    batch starts again without it, so the others get the outcomes a real run would give.
    """
    refused: dict[int, LoadResult] = {}
    while True:
        with session_factory(engine)() as session, session.begin():
            results = _attempt(session, parsed, run_id, refused, all_or_nothing, bool(missing))
            if results is None:  # a file was refused: roll back and start again without it
                session.rollback()
                continue
            rejected = bool(missing) or any(r.outcome is Outcome.REJECTED for r in results)
            if all_or_nothing and rejected:
                results = [_rolled_back(r) for r in results]
            if dry_run or (all_or_nothing and rejected):
                session.rollback()
            return results


def _attempt(
    session: Session,
    parsed: list[ParsedFile],
    run_id: int | None,
    refused: dict[int, LoadResult],
    all_or_nothing: bool,
    others_rejected: bool,
) -> list[FileResult] | None:
    """Load every file in ``session``; None (and ``refused`` grows) when the store refused one.

    With ``all_or_nothing`` and a rejected file, nothing is loaded: all of it would be rolled
    back anyway.
    """

    def rejected(i: int, p: ParsedFile) -> FileResult:
        return _result(p, refused.get(i, LoadResult(Outcome.REJECTED)))

    usable = {i for i, p in enumerate(parsed) if p.ok and i not in refused}
    if all_or_nothing and (others_rejected or len(usable) < len(parsed)):
        return [
            rejected(i, p) if i not in usable else _result(p, LoadResult(Outcome.ROLLED_BACK))
            for i, p in enumerate(parsed)
        ]
    lock_keys(session, [k for i in sorted(usable) for k in file_keys(parsed[i])])
    memberships = read_memberships(session)
    results: list[FileResult] = []
    for i, p in enumerate(parsed):
        if i not in usable:
            results.append(rejected(i, p))
            continue
        try:
            loaded = load_file(session, p, import_run_id=run_id, memberships=memberships)
        except (SQLAlchemyError, LoaderError) as exc:
            refused[i] = _refused(p, exc)
            return None
        results.append(_result(p, loaded))
    for result, p in zip(results, parsed, strict=True):
        if result.outcome in (Outcome.IMPORTED, Outcome.REVISION):
            result.issues.extend(carry_forward_issues(session, p))
    return results


def _missing(path: Path) -> FileResult:
    """A PATH argument that names nothing."""
    issue = Issue(str(path), "file-not-found", Severity.ERROR, "no such file or folder")
    return FileResult(str(path), None, Outcome.REJECTED, "unknown", [], [issue])


def _special(path: Path) -> FileResult:
    """A PATH argument that exists but is no regular file (a pipe, a device): never opened."""
    from tracker.ingest.collect import special_file_issue

    return FileResult(str(path), None, Outcome.REJECTED, "unknown", [], [special_file_issue(path)])


def _result(parsed: ParsedFile, loaded: LoadResult) -> FileResult:
    """A file's result: the reader's issues, then the loader's."""
    reports = loaded.reports or results_for(parsed, loaded.outcome)
    return FileResult(
        parsed.path,
        parsed.sha256 or None,
        loaded.outcome,
        parsed.kind,
        reports,
        [*parsed.issues, *loaded.issues],
    )


def _refused(parsed: ParsedFile, exc: Exception) -> LoadResult:
    """A file the store refused to take (a database constraint or a reader–loader mismatch)."""
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    issue = Issue(
        parsed.path,
        "store-refused",
        Severity.ERROR,
        f"the database refused the file, nothing of it was stored ({text})",
    )
    return LoadResult(Outcome.REJECTED, results_for(parsed, Outcome.REJECTED), [issue])


def _rolled_back(result: FileResult) -> FileResult:
    """With ``--all-or-nothing``, a file that would have been stored but was rolled back."""
    if result.outcome is Outcome.REJECTED:
        return result
    reports = [
        dataclasses.replace(r, outcome=Outcome.ROLLED_BACK, report_id=None, is_current=False)
        for r in result.reports
    ]
    return dataclasses.replace(result, outcome=Outcome.ROLLED_BACK, reports=reports)


def _record(engine: Engine, run_id: int, results: Sequence[FileResult]) -> None:
    """Write the files' outcomes into the audit trail (its own transaction)."""
    from tracker.services.audit import FileOutcome, record_files

    record_files(
        engine,
        run_id,
        [
            FileOutcome(
                r.path,
                r.sha256,
                r.outcome.value,
                r.single.state_iso3 if r.single else None,
                r.single.reporting_year if r.single else None,
                r.count(Severity.ERROR),
                r.count(Severity.WARNING),
            )
            for r in results
        ],
    )
