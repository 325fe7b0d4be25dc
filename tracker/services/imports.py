"""The ``tracker import`` use case: read a batch of files and store them, with its outcomes.

Three ways to run a batch, one loader (:mod:`tracker.services.loading.loader`):

- default: each file is its own transaction; a rejected file leaves the store as it was and the
  others go on;
- ``all_or_nothing``: the whole batch is one transaction; when any file is rejected nothing is
  stored and every other file gets the outcome ``rolled-back``;
- ``dry_run``: the batch really runs inside one transaction that is always rolled back, so the
  outcomes are exactly those a real run would give, and nothing is written (the audit trail
  neither).

The batch modes read every file before the transaction starts, so that the transaction can take
all of its advisory locks at once, in one global order (no deadlock with other imports), and
holds the database for no longer than the writes need. They keep what each file's result needs,
and its fact rows only while the batch's rows stay under :data:`KEEP_ROWS`; the files beyond that
are read again when their turn to be stored comes, so memory stays bounded whatever the batch.

Every stored file's audit row is written in the file's own transaction, so a run that is killed
(or stopped by a full disk) still lists every file it stored. A full disk (SQLite's
``SQLITE_FULL``, PostgreSQL's ``disk_full``) ends the batch: the result holds the files done so
far and says so (:attr:`BatchResult.disk_full`); the file that met it is not blamed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import signal
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from tracker.codes import issue
from tracker.db import memory_copy, read_only_reason, session_factory, transaction
from tracker.gc import collector_paused
from tracker.ingest.ahead import Batch, Reader, open_batch, read_safely
from tracker.ingest.parsed import ParsedFile
from tracker.issues import Severity
from tracker.readmodel import Member
from tracker.services.import_results import BatchResult, FileResult
from tracker.services.loading.current import lock_keys
from tracker.services.loading.driver import LoaderError
from tracker.services.loading.loader import (
    LoadResult,
    Outcome,
    file_keys,
    load_file,
    results_for,
)
from tracker.services.loading.notes import (
    CarryRef,
    carry_forward_missing,
    carry_forward_refs,
    read_memberships,
)

if TYPE_CHECKING:
    from tracker.services.audit import FileOutcome

DEFAULT_MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
# Fact rows (about 1 KB each in memory) a dry run or an all-or-nothing run keeps between reading
# and storing; past this, files keep only their result and are read again to be stored.
KEEP_ROWS = 50_000


class DiskFull(Exception):
    """The database's disk is full: the batch ends (its stored files stay)."""


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
    app_user: str | None = None,
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
            app_user=app_user,
        )


def import_batch(
    engine: Engine,
    batch: Batch,
    *,
    dry_run: bool = False,
    all_or_nothing: bool = False,
    arguments: str = "",
    progress: Progress | None = None,
    app_user: str | None = None,
) -> BatchResult:
    """Store a batch whose reading is under way (:func:`tracker.ingest.ahead.open_batch`).

    ``arguments`` (and ``app_user``, the web user) are recorded in the audit trail (real
    runs only). ``progress`` is called once
    each file is read (and, file by file, stored).
    """
    from tracker.services.audit import finish_run, start_run

    collected, reading = batch.collected, batch.reading
    if dry_run and read_only_reason(engine) is not None:
        engine = memory_copy(engine)  # a dry run needs no write: it works on a copy
    missing = [_missing(p) for p in collected.missing]
    missing += [_special(p) for p in collected.special]
    results: list[FileResult] = []
    full = False
    try:
        run_id = None if dry_run else start_run(engine, arguments, app_user)
    except SQLAlchemyError as exc:
        if not is_disk_full(exc):
            raise
        run_id, full = None, True
    try:
        if full:
            pass
        elif dry_run or all_or_nothing:
            if run_id is not None:
                _audit_alone(engine, run_id, missing)
            kept = _read_all(reading, len(collected.files), progress)

            def again(parsed: ParsedFile) -> ParsedFile:
                return read_safely(Path(parsed.path), reading.max_unzipped_bytes, reading.reader)

            results = _one_transaction(
                engine, kept, run_id, dry_run, all_or_nothing, missing, again
            )
        else:  # fills ``results`` as it goes: each stored file's audit row lands with it
            if run_id is not None:
                _audit_alone(engine, run_id, missing)
            _file_by_file(engine, iter(reading), len(collected.files), run_id, progress, results)
    except DiskFull:
        full = True
    finally:
        if run_id is not None:
            try:
                finish_run(engine, run_id)
            except SQLAlchemyError as exc:
                if not is_disk_full(exc):
                    raise
                full = True
    files = sorted([*missing, *results], key=lambda f: f.path)
    return BatchResult(files, collected.notes, dry_run, disk_full=full)


def is_disk_full(exc: BaseException) -> bool:
    """True when a database error (or its cause) says the disk is full."""
    seen: BaseException | None = exc
    while seen is not None:
        orig = getattr(seen, "orig", None) or seen
        if getattr(orig, "sqlite_errorname", None) == "SQLITE_FULL":
            return True
        if getattr(orig, "sqlstate", None) == "53100":  # PostgreSQL disk_full
            return True
        text = str(orig).lower()
        if "database or disk is full" in text or "no space left on device" in text:
            return True
        seen = seen.__cause__
    return False


def _audit_alone(engine: Engine, run_id: int, results: Sequence[FileResult]) -> None:
    """Audit rows in a transaction of their own (files that store nothing)."""
    from tracker.services.audit import record_files

    try:
        record_files(engine, run_id, [_outcome(r) for r in results])
    except SQLAlchemyError as exc:
        if is_disk_full(exc):
            raise DiskFull from exc
        raise


def _read_all(reading: Iterable[ParsedFile], count: int, progress: Progress | None) -> list[_Kept]:
    """Read a batch for one transaction, keeping fact rows only within :data:`KEEP_ROWS`."""
    kept: list[_Kept] = []
    rows = 0
    for n, file in enumerate(reading, start=1):
        weight = sum(len(f) for r in file.reports for f in r.facts.values())
        if not file.ok or rows + weight > KEEP_ROWS:
            for report in file.reports:  # the identity stays; the rows are read again if needed
                report.facts = {}
            kept.append(_Kept(file, again=file.ok))
        else:
            rows += weight
            kept.append(_Kept(file, again=False))
        if progress:
            progress(n, count, file.path)
    return kept


@dataclasses.dataclass
class _Kept:
    """A file of a batch-mode run: its parsed form, without its rows when ``again``."""

    parsed: ParsedFile
    again: bool


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
    # session sets up its event dispatch again, work as large as a file's inserts.
    sessions = session_factory(engine)
    # Storing a file makes thousands of short-lived objects (its rows, the driver's tuples) that
    # form no reference cycle; the collector's passes over them would cost a tenth of the
    # store's time. The few cycles (about two objects per file) are freed when it resumes.
    with interrupts_between_files() as check, collector_paused():  # Ctrl-C: between files
        _store_each(
            engine, files, count, sessions, run_id, memberships, progress, results, stored, check
        )
    if stored:
        added: dict[str, int] = {}
        with transaction(engine) as session:
            for result, refs in stored:
                notes = carry_forward_missing(session, result.path, refs)
                result.issues.extend(notes)
                if notes:
                    added[result.path] = len(notes)
        if run_id is not None and added:
            from tracker.services.audit import add_warnings

            add_warnings(engine, run_id, added)


def _store_each(
    engine: Engine,
    files: Iterator[ParsedFile],
    count: int,
    sessions: sessionmaker[Session],
    run_id: int | None,
    memberships: Mapping[str, Member],
    progress: Progress | None,
    results: list[FileResult],
    stored: list[tuple[FileResult, list[CarryRef]]],
    check: Callable[[], None],
) -> None:
    """Store the files one transaction each; ``results`` and ``stored`` grow as they go.

    A stored file's audit row is written in its transaction; a rejected file's in one of its own.
    """
    from tracker.services.audit import record_files

    for n, parsed in enumerate(files, start=1):
        if not parsed.ok:
            results.append(_result(parsed, LoadResult(Outcome.REJECTED, [])))
            if run_id is not None:
                _audit_alone(engine, run_id, results[-1:])
        else:
            try:
                with sessions.begin() as session:  # one transaction per file, as transaction()
                    lock_keys(session, file_keys(parsed))
                    loaded = load_file(
                        session, parsed, import_run_id=run_id, memberships=memberships
                    )
                    result = _result(parsed, loaded)
                    if run_id is not None:
                        record_files(session.connection(), run_id, [_outcome(result)])
            except (SQLAlchemyError, LoaderError) as exc:
                if is_disk_full(exc):
                    raise DiskFull from exc
                result = _result(parsed, _refused(parsed, exc))
                if run_id is not None:
                    _audit_alone(engine, run_id, [result])
            results.append(result)
            if result.outcome in (Outcome.IMPORTED, Outcome.REVISION):
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
    kept: list[_Kept],
    run_id: int | None,
    dry_run: bool,
    all_or_nothing: bool,
    missing: list[FileResult],
    again: Callable[[ParsedFile], ParsedFile],
) -> list[FileResult]:
    """Dry runs and ``--all-or-nothing``: the whole batch in one transaction.

    A file the store refuses (a constraint the reader did not check) is marked rejected and the
    batch starts again without it, so the others get the outcomes a real run would give. A run
    that stores the batch writes its audit rows in the same transaction; one rolled back writes
    them afterwards, in their own.
    """
    from tracker.services.audit import record_files

    refused: dict[int, LoadResult] = {}
    while True:
        try:
            with session_factory(engine)() as session, session.begin():
                results = _attempt(
                    session, kept, run_id, refused, all_or_nothing, bool(missing), again
                )
                if results is None:  # a file was refused: roll back and start again without it
                    session.rollback()
                    continue
                rejected = bool(missing) or any(r.outcome is Outcome.REJECTED for r in results)
                if all_or_nothing and rejected:
                    results = [_rolled_back(r) for r in results]
                if dry_run or (all_or_nothing and rejected):
                    session.rollback()
                elif run_id is not None:
                    record_files(session.connection(), run_id, [_outcome(r) for r in results])
        except SQLAlchemyError as exc:
            if is_disk_full(exc):
                raise DiskFull from exc
            raise
        if run_id is not None and all_or_nothing and rejected:
            _audit_alone(engine, run_id, results)
        return results


def _attempt(
    session: Session,
    kept: list[_Kept],
    run_id: int | None,
    refused: dict[int, LoadResult],
    all_or_nothing: bool,
    others_rejected: bool,
    again: Callable[[ParsedFile], ParsedFile],
) -> list[FileResult] | None:
    """Load every file in ``session``; None (and ``refused`` grows) when the store refused one.

    With ``all_or_nothing`` and a rejected file, nothing is loaded: all of it would be rolled
    back anyway. A file kept without its rows is read again just before it is loaded, and let
    go after.
    """
    parsed = [k.parsed for k in kept]

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
    carry: list[tuple[FileResult, list[CarryRef]]] = []
    for i, p in enumerate(parsed):
        if i not in usable:
            results.append(rejected(i, p))
            continue
        whole = _read_again(p, again) if kept[i].again else p
        try:
            if whole.sha256 != p.sha256 or file_keys(whole) != file_keys(p):
                raise LoaderError(
                    "the file changed on disk while the batch was read: run the import again"
                )
            loaded = load_file(session, whole, import_run_id=run_id, memberships=memberships)
        except (SQLAlchemyError, LoaderError) as exc:
            if is_disk_full(exc):
                raise DiskFull from exc
            refused[i] = _refused(p, exc)
            return None
        results.append(_result(p, loaded))
        if loaded.outcome in (Outcome.IMPORTED, Outcome.REVISION):
            carry.append((results[-1], carry_forward_refs(whole)))
        del whole
    for result, refs in carry:
        result.issues.extend(carry_forward_missing(session, result.path, refs))
    return results


def _read_again(parsed: ParsedFile, again: Callable[[ParsedFile], ParsedFile]) -> ParsedFile:
    """A file kept without its rows, read again (its issues are those of the first reading)."""
    whole = again(parsed)
    whole.issues = parsed.issues
    return whole


def _missing(path: Path) -> FileResult:
    """A PATH argument that names nothing."""
    missing = issue(str(path), "file-not-found")
    return FileResult(str(path), None, Outcome.REJECTED, "unknown", [], [missing])


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
        parsed.language,
    )


def _refused(parsed: ParsedFile, exc: Exception) -> LoadResult:
    """A file the store refused to take (a database constraint or a reader–loader mismatch)."""
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    refused = issue(parsed.path, "store-refused", reason=text)
    return LoadResult(Outcome.REJECTED, results_for(parsed, Outcome.REJECTED), [refused])


def _rolled_back(result: FileResult) -> FileResult:
    """With ``--all-or-nothing``, a file that would have been stored but was rolled back."""
    if result.outcome is Outcome.REJECTED:
        return result
    reports = [
        dataclasses.replace(r, outcome=Outcome.ROLLED_BACK, report_id=None, is_current=False)
        for r in result.reports
    ]
    return dataclasses.replace(result, outcome=Outcome.ROLLED_BACK, reports=reports)


def _outcome(r: FileResult) -> FileOutcome:
    """A file's result as the audit trail keeps it."""
    from tracker.services.audit import FileOutcome

    return FileOutcome(
        r.path,
        r.sha256,
        r.outcome.value,
        r.single.state_iso3 if r.single else None,
        r.single.reporting_year if r.single else None,
        r.count(Severity.ERROR),
        r.count(Severity.WARNING),
    )
