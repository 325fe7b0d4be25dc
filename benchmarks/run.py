"""``make bench``: the tracker's import and commands against the floors, side by side.

One run generates (or reuses) N synthetic Article 7 workbooks (``generate.py``), then measures in
interleaved rounds, so that a burst of load from other processes hits every line alike:

- the parse floor, the parse-and-persist floor and pandas/openpyxl (``floors.py``);
- ``tracker import`` of the folder into a fresh SQLite database (and PostgreSQL when a server is
  available);

then peak memory of the import at 200 and 2,000 files (20,000 with ``--scale``), ``tracker stats
needs`` and ``tracker export donors`` on the loaded database (median of 5), ``tracker --help``
start-up, and ``tracker serve`` start-up to its first answer (median of 5). Every figure is the
median of its runs. The tracker runs as a subprocess,
exactly as a user runs it, so the harness depends on nothing inside the tracker; a command that
does not exist yet is reported as "not available yet".

It prints a table and rewrites the generated part of ``docs/performance.md``.

Usage: python benchmarks/run.py [--scale] [--n N] [--repeat R] [--no-postgres] [--profile]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))  # the tracker (reference States) and tests.pgserver

from benchmarks import generate, report  # noqa: E402
from benchmarks.measure import Measurement, Sample, import_summary, run, until_ready  # noqa: E402
from tracker import clock  # noqa: E402

OUT = HERE / "out"
# This run's own folder (databases, logs, profile): several runs may share the machine and OUT.
WORK = OUT / "runs" / f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
PYTHON = Path(sys.executable)
TRACKER = PYTHON.parent / "tracker"
FLOORS = HERE / "floors.py"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Data sets
# ---------------------------------------------------------------------------------------------
def dataset(n: int, seed: int, regenerate: bool, areas: int = 20) -> Path:
    """A folder of the first ``n`` workbooks for ``seed``, generated once and then reused.

    ``areas`` rows in Form F: 20 for the usual set, far more for the set of large files.
    """
    folder = OUT / f"set-{seed}" / (f"n{n}" if areas == 20 else f"large-{areas}-n{n}")
    stamp = folder.with_suffix(".json")  # beside the folder: the import scans everything in it
    last = generate.last_year(clock.today())  # the set's dates are plausible on this day
    wanted = {
        "n": n,
        "seed": seed,
        "generator": generate.GENERATOR_VERSION,
        "last_year": last,
        "areas": areas,
    }

    def ready() -> bool:
        return stamp.exists() and json.loads(stamp.read_text()) == wanted

    if not regenerate and ready():
        return folder
    # Written aside and renamed into place, so that a run beside this one never sees half a set.
    started = time.perf_counter()
    aside = folder.with_name(f".{folder.name}.{os.getpid()}")
    generate.generate(aside, n, seed, areas)
    if ready() and not regenerate:  # another run finished the same set meanwhile
        shutil.rmtree(aside)
        return folder
    stamp.unlink(missing_ok=True)
    shutil.rmtree(folder, ignore_errors=True)
    aside.rename(folder)
    stamp.write_text(json.dumps(wanted))
    log(f"generated {n} workbooks in {time.perf_counter() - started:.1f} s: {folder}")
    return folder


# ---------------------------------------------------------------------------------------------
# The tracker, as a user runs it
# ---------------------------------------------------------------------------------------------
def tracker(db_url: str, *args: str | Path) -> list[str | Path]:
    return [TRACKER, "--db", db_url, *args]


def installed_like() -> None:
    """Byte-compile the tracker's modules, as installing the package does.

    A shell with ``PYTHONDONTWRITEBYTECODE`` set (or a fresh checkout) would otherwise have
    every measured command compile each of the tracker's modules from source on every run,
    which no installed tracker does.
    """
    import compileall

    compileall.compile_dir(ROOT / "tracker", quiet=1)


def available(*command: str) -> bool:
    """True when ``tracker COMMAND --help`` works (the command has landed)."""
    return TRACKER.exists() and run([TRACKER, *command, "--help"]).ok


def first_line(sample: Sample) -> str:
    text = (sample.stderr.strip() or sample.stdout.strip()).splitlines()
    return text[-1][:200] if text else f"exit {sample.returncode}"


class Store:
    """Fresh databases to import into: SQLite files, or databases on a PostgreSQL server."""

    def __init__(self, kind: str, membership: Path, server: object | None = None) -> None:
        self.kind = kind
        self.membership = membership
        self.server = server
        self.count = 0
        self.kept: str | None = None  # the loaded store the commands run on

    def fresh(self) -> str:
        """A new empty database at the newest schema with the membership list loaded."""
        self.count += 1
        if self.kind == "sqlite":
            path = WORK / f"import-{self.count}.sqlite"
            url = f"sqlite:///{path}"
        else:
            url = self.server.create_database()  # type: ignore[attr-defined]
        for command in (("db", "upgrade"), ("states", "import", self.membership, "--replace")):
            sample = run(tracker(url, *command))
            if not sample.ok:
                raise RuntimeError(f"tracker {' '.join(map(str, command))}: {first_line(sample)}")
        return url

    def drop(self, url: str) -> None:
        if self.kind == "sqlite":
            path = Path(url.removeprefix("sqlite:///"))
            for file in path.parent.glob(f"{path.name}*"):  # with -journal, -wal, -shm
                file.unlink()
        else:
            self.server.drop_database(url)  # type: ignore[attr-defined]


def sqlite_journal_mode(store: Store) -> str:
    """The journal mode of a database made by ``tracker db upgrade`` (WAL persists in the file)."""
    import sqlite3

    url = store.fresh()
    connection = sqlite3.connect(url.removeprefix("sqlite:///"))
    try:
        return str(connection.execute("PRAGMA journal_mode").fetchone()[0]).lower()
    finally:
        connection.close()
        store.drop(url)


def postgres_server() -> tuple[object | None, str]:
    """A server to create databases on: $TRACKER_BENCH_POSTGRES_URL, else a throwaway cluster."""
    url = os.environ.get("TRACKER_BENCH_POSTGRES_URL")
    try:
        from tests import pgserver

        if url:
            return pgserver.PostgresServer(admin_url=url), "server from TRACKER_BENCH_POSTGRES_URL"
        server = pgserver.start()
    except Exception as exc:  # the server programs are there but would not start
        return None, f"PostgreSQL did not start: {exc}"
    if server is None:
        return None, "no PostgreSQL server programs and no TRACKER_BENCH_POSTGRES_URL"
    return server, "throwaway local cluster (tests/pgserver.py, fsync=off)"


def import_run(store: Store, folder: Path, quiet: bool, keep: bool = False) -> Sample:
    url = store.fresh()
    sample = run(tracker(url, "import", folder, *(["--quiet"] if quiet else [])))
    (WORK / f"import-{store.kind}-{store.count}.log").write_text(
        sample.stdout + "\n--- stderr ---\n" + sample.stderr
    )
    if keep:
        store.kept = url
    else:
        store.drop(url)
    return sample


def check_import(measurement: Measurement, sample: Sample, files: int) -> None:
    """Note in the table when an import did not store every file cleanly."""
    counts = import_summary(sample.stdout + "\n" + sample.stderr)
    stored = (counts or {}).get("imported", 0) + (counts or {}).get("revisions", 0)
    if counts is None:
        measurement.note = f"no summary line (exit {sample.returncode}): {first_line(sample)}"
    elif stored != files or counts.get("errors", 0):
        measurement.note = (
            f"{stored} of {files} files stored, {counts.get('errors', 0)} errors, "
            f"{counts.get('warnings', 0)} warnings (logs in {WORK.relative_to(ROOT)})"
        )
    elif counts.get("warnings", 0):
        measurement.note = f"all stored; {counts['warnings']} warnings"


# ---------------------------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------------------------
def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark the tracker against the floors.")
    parser.add_argument("--scale", action="store_true", help="N = 20,000 (default 2,000)")
    parser.add_argument("--n", type=int, help="number of workbooks (overrides --scale)")
    parser.add_argument(
        "--repeat", type=int, help="rounds of floors and import (default 3; 1 with --scale)"
    )
    parser.add_argument("--command-runs", type=int, default=5, help="runs of stats/export/--help")
    parser.add_argument(
        "--pandas-limit",
        type=int,
        default=2000,
        help="pandas reads at most this many files (it is slow); per-file figures compare",
    )
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also profile (pyinstrument) an import of 200 files, stats needs and export donors",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--no-large", action="store_true", help="skip the memory runs on a batch of large files"
    )
    parser.add_argument("--regenerate", action="store_true", help="write the workbooks again")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs" / "performance.md")
    parser.add_argument("--no-docs", action="store_true", help="print the table only")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    n = args.n or (20_000 if args.scale else 2_000)
    repeat = args.repeat or (1 if n > 5_000 else 3)
    memory_sizes = sorted({s for s in (200, 2_000, 20_000) if s <= n} | {n})
    started_at = report.utc_now()
    code = report.git_commit(ROOT)
    machine = report.machine()
    load_before = os.getloadavg()

    installed_like()
    folder = dataset(n, args.seed, args.regenerate)
    subsets = {
        size: folder if size == n else dataset(size, args.seed, args.regenerate)
        for size in memory_sizes
    }
    WORK.mkdir(parents=True)
    membership = generate.membership_csv(WORK / "membership.csv")
    table: dict[str, Measurement] = {}

    def line(key: str, label: str, files: int | None = None) -> Measurement:
        return table.setdefault(key, Measurement(key, label, files))

    can_import = available("import") and available("db", "upgrade")
    quiet = can_import and "--quiet" in run([TRACKER, "import", "--help"]).stdout
    pandas_files = min(n, args.pandas_limit)

    stores: list[Store] = [Store("sqlite", membership)]
    journal_mode = sqlite_journal_mode(stores[0]) if can_import else "delete"
    pg_note = "skipped (--no-postgres)"
    if not args.no_postgres and can_import:
        server, pg_note = postgres_server()
        if server is not None:
            stores.append(Store("postgresql", membership, server))

    # Interleaved rounds: every measurement sees the same background load.
    steps: list[tuple[str, str, int, Callable[[], Sample | None]]] = [
        (
            "parse",
            "parse floor: python-calamine, every sheet",
            n,
            lambda: run([PYTHON, FLOORS, "parse", folder]),
        ),
        (
            "persist",
            "parse-and-persist floor: + sqlite3 executemany, 1 tx/file",
            n,
            lambda: run(
                [
                    PYTHON,
                    FLOORS,
                    "persist",
                    folder,
                    "--db",
                    WORK / "floor.sqlite",
                    "--journal-mode",
                    journal_mode,
                ]
            ),
        ),
        (
            "pandas",
            "pandas.read_excel(sheet_name=None), openpyxl",
            pandas_files,
            lambda: run([PYTHON, FLOORS, "pandas", folder, "--limit", str(pandas_files)]),
        ),
    ]
    for store in stores:
        steps.append(
            (
                f"import_{store.kind}",
                f"tracker import → {store.kind}",
                n,
                (lambda s=store: import_run(s, folder, quiet, keep=last_round(s)))
                if can_import
                else lambda: None,
            )
        )
    round_no = 0

    def last_round(store: Store) -> bool:  # keep the last SQLite store for the commands
        return store.kind == "sqlite" and round_no == repeat

    for round_no in range(1, repeat + 1):  # read by last_round()
        for key, label, files, step in steps:
            measurement = line(key, label, files)
            log(f"round {round_no}/{repeat}: {label} ({files} files)")
            sample = step()
            if sample is None:
                measurement.available, measurement.note = False, "not available yet"
                continue
            if not sample.ok and not key.startswith("import"):
                measurement.available, measurement.note = False, f"failed: {first_line(sample)}"
                continue
            measurement.samples.append(sample)
            if key.startswith("import"):
                check_import(measurement, sample, files)
    if len(stores) == 1:
        pg = line("import_postgresql", "tracker import → postgresql", n)
        pg.available, pg.note = False, pg_note if can_import else "not available yet"
    else:
        table["import_postgresql"].note = (table["import_postgresql"].note + "; " + pg_note).strip(
            "; "
        )

    # Peak memory of the import against the number of files (one run per size, SQLite).
    for size in memory_sizes:
        measurement = line(f"memory_{size}", f"tracker import peak memory, {size} files", size)
        if not can_import:
            measurement.available, measurement.note = False, "not available yet"
            continue
        if size == n and table["import_sqlite"].samples:
            measurement.samples = list(table["import_sqlite"].samples)
            continue
        log(f"memory: import of {size} files")
        sample = import_run(stores[0], subsets[size], quiet)
        measurement.samples.append(sample)
        check_import(measurement, sample, size)

    # Commands on the store of N reports loaded by the last SQLite round.
    loaded_url = stores[0].kept
    donors = WORK / "donors.xlsx"
    commands: list[tuple[str, str, tuple[str, ...], list[str | Path]]] = [
        ("help", "tracker --help (start-up)", (), [TRACKER, "--help"]),
        (
            "stats",
            f"tracker stats needs ({n} reports)",
            ("stats", "needs"),
            tracker(loaded_url or "", "stats", "needs"),
        ),
        (
            "export",
            f"tracker export donors ({n} reports)",
            ("export", "donors"),
            tracker(loaded_url or "", "export", "donors", "-o", donors),
        ),
        (
            "indicators",
            f"tracker indicators compute --format json, whole catalogue ({n} reports)",
            ("indicators", "compute"),
            tracker(loaded_url or "", "indicators", "compute", "--format", "json"),
        ),
    ]
    for key, label, command, argv_ in commands:
        measurement = line(key, label)
        if not available(*command) or (command and loaded_url is None):
            measurement.available, measurement.note = False, "not available yet"
            continue
        log(f"{label}: {args.command_runs} runs after one warm-up")
        run(argv_)  # warm-up: file cache, .pyc
        for _ in range(args.command_runs):
            sample = run(argv_)
            if not sample.ok:
                measurement.available, measurement.note = False, f"failed: {first_line(sample)}"
                break
            measurement.samples.append(sample)

    # tracker serve: from the start of the process to the first answer of /healthz.
    measurement = line("serve", "tracker serve ready (start-up to first /healthz)")
    if not available("serve") or loaded_url is None:
        measurement.available, measurement.note = False, "not available yet"
    else:
        import socket

        log(f"tracker serve start-up: {args.command_runs} runs")
        for _ in range(args.command_runs):
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                port = s.getsockname()[1]
            argv_ = tracker(loaded_url, "serve", "--local", "--port", str(port))
            sample = until_ready(argv_, f"http://127.0.0.1:{port}/healthz")
            if not sample.ok:
                measurement.available, measurement.note = False, f"failed: {first_line(sample)}"
                break
            measurement.samples.append(sample)
    web_pages(loaded_url, line)
    if not args.no_large and can_import:
        large_batches(stores[0], args.seed, args.regenerate, quiet, line)

    profile_path: Path | None = None
    if args.profile and can_import:
        profile_path = profile_all(stores[0], subsets[min(memory_sizes)], quiet, loaded_url)

    for store in stores:
        if store.server is not None:
            store.server.stop()  # type: ignore[attr-defined]
    for database in WORK.glob("*.sqlite*"):  # large; the logs and the profile stay
        database.unlink()

    result = report.Result(
        started_at=started_at,
        machine=machine,
        load_before=load_before,
        load_after=os.getloadavg(),
        n=n,
        seed=args.seed,
        repeat=repeat,
        command_runs=args.command_runs,
        command=bench_command(list(sys.argv[1:] if argv is None else argv)),
        table=table,
        memory_sizes=memory_sizes,
        profile=str(profile_path.relative_to(ROOT)) if profile_path else None,
        journal_mode=journal_mode,
        code=code,
    )
    print(report.text_table(result))
    if not args.no_docs:
        report.write_docs(args.docs, result)
        log(f"wrote {args.docs}")
    return 0


@contextlib.contextmanager
def serving(db_url: str, timeout_s: float = 60.0) -> Iterator[str]:
    """``tracker serve --local`` on a free loopback port, until the block ends (then Ctrl-C)."""
    import signal
    import socket
    import subprocess
    import urllib.error
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    WORK.mkdir(parents=True, exist_ok=True)
    with (WORK / "serve-load.log").open("w") as out:
        argv = [str(part) for part in tracker(db_url, "serve", "--local", "--port", str(port))]
        process = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT)
        try:
            started = time.perf_counter()
            while True:
                if process.poll() is not None or time.perf_counter() - started > timeout_s:
                    raise RuntimeError(f"tracker serve did not start: see {out.name}")
                try:
                    with urllib.request.urlopen(f"{base}/healthz", timeout=1) as answer:
                        if answer.status == 200:
                            break
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    time.sleep(0.05)
            yield base
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


WEB_PAGES = (("web_dashboard", "/"), ("web_stats", "/stats/needs"), ("web_state", "/states/"))


def web_pages(loaded_url: str | None, line: Callable[[str, str], Measurement]) -> None:
    """The dashboard, the statistics and a State page under 8 concurrent clients (web_load)."""
    from benchmarks import web_load

    clients, requests = web_load.CLIENTS, web_load.REQUESTS
    measurements = {
        key: line(key, f"web {path}{'…' if key == 'web_state' else ''}: {clients} clients")
        for key, path in WEB_PAGES
    }
    if not available("serve") or loaded_url is None:
        for m in measurements.values():
            m.available, m.note = False, "not available yet"
        return
    log(f"web pages: {clients} clients × {requests} requests each, per page")
    with serving(loaded_url) as base:
        for (key, _), path in zip(WEB_PAGES, web_load.pages(base), strict=True):
            m = measurements[key]
            m.label = f"web {path}: {clients} clients × {requests} requests (latency)"
            result = web_load.load(base, path, clients, requests)
            if result.failures or not result.latencies:
                m.available, m.note = False, f"failed: {result.failures[:1]}"
                continue
            m.samples = [Sample(t, 0.0, 0.0, 0, "", "") for t in result.latencies]
            m.note = f"p95 {1000 * result.p95:.0f} ms"


# The batch of large files: each workbook's Form F holds LARGE_AREAS rows (about 10 MB of XML
# unzipped, 1.4 MB on disk, 200,000 fact rows... in all). Peak memory must not grow with the
# number of files (issue 14): the work in flight is bounded by size, and the batch modes keep
# results, not every file's rows.
LARGE_AREAS = 40_000
LARGE_FEW, LARGE_MANY = 3, 12


def large_batches(
    store: Store,
    seed: int,
    regenerate: bool,
    quiet: bool,
    line: Callable[[str, str, int | None], Measurement],
) -> None:
    """Peak memory of imports of few and many large files, in each batch mode (SQLite)."""
    for n, modes in ((LARGE_FEW, ((),)), (LARGE_MANY, ((), ("--dry-run",), ("--all-or-nothing",)))):
        folder = dataset(n, seed, regenerate, areas=LARGE_AREAS)
        for mode in modes:
            name = " ".join(mode) or "default"
            key = f"large_{n}_{name.strip('-')}"
            label = f"large files ({LARGE_AREAS:,} rows each), import {name}, {n} files"
            measurement = line(key, label, n)
            log(f"memory: {label}")
            url = store.fresh()
            sample = run(tracker(url, "import", folder, *mode, *(["--quiet"] if quiet else [])))
            store.drop(url)
            measurement.samples.append(sample)
            check_import(measurement, sample, n)


def bench_command(args: list[str]) -> str:
    return "make bench" + (f" BENCH_ARGS='{' '.join(args)}'" if args else "")


def profile(name: str, command: Sequence[str | Path]) -> Path | None:
    """Profile ``python -m tracker COMMAND`` with pyinstrument: a call tree (text, HTML) and a
    flat list of functions by own time, as ``profile-NAME.*`` in this run's folder."""
    pyinstrument = PYTHON.parent / "pyinstrument"
    if not pyinstrument.exists():
        log("pyinstrument is not installed: pip install pyinstrument")
        return None
    log(f"profiling {name}")
    session = WORK / f"profile-{name}.pyisession"
    run([pyinstrument, "-r", "pyisession", "-o", session, "-m", "tracker", *command])
    tree = WORK / f"profile-{name}.txt"
    flat = ["-p", "flat=true", "-p", "time=percent_of_total"]
    for renderer, output, options in (
        ("text", tree, []),
        ("html", WORK / f"profile-{name}.html", []),
        ("text", WORK / f"profile-{name}-flat.txt", flat),
    ):
        run([pyinstrument, "--load", session, "-r", renderer, *options, "-o", output])
    return tree


def profile_all(store: Store, folder: Path, quiet: bool, loaded_url: str | None) -> Path | None:
    """Profile an import of ``folder`` into a fresh store, then the commands on the loaded one."""
    url = store.fresh()
    tree = profile("import", ["--db", url, "import", folder, *(["--quiet"] if quiet else [])])
    store.drop(url)
    if loaded_url is not None:
        if available("stats", "needs"):
            profile("stats-needs", ["--db", loaded_url, "stats", "needs"])
        if available("export", "donors"):
            donors = WORK / "donors-profiled.xlsx"
            profile("export-donors", ["--db", loaded_url, "export", "donors", "-o", donors])
    return tree


if __name__ == "__main__":
    sys.exit(main())
