"""Helpers of the operations tests (tests/test_ops_*.py): the real ``tracker`` program in
subprocesses, and snapshots of a store that two databases can be compared by.

A snapshot never contains ids or paths (two databases filled in different orders give different
ids, and concurrent imports of copies of a file store whichever path came first): reports are
named by their file's SHA-256 and their row in it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine

from tracker.db import Base, make_engine
from tracker.ingest.parsed import FACT_TABLES

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "imports" / "samples"
MEMBERSHIP = ROOT / "imports" / "membership" / "sample-membership.csv"
TRACKER = Path(sys.executable).parent / "tracker"
AUDIT_TABLES = {"import_runs", "import_run_files"}


def tracker_cmd(url: str, *args: str) -> list[str]:
    """The command line of ``tracker --db URL ARGS...`` (the installed program)."""
    return [str(TRACKER), "--db", url, *map(str, args)]


def tracker(
    url: str, *args: str, check: bool = True, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the installed ``tracker`` in a subprocess; with ``check`` it must exit 0."""
    env = {k: v for k, v in os.environ.items() if k != "TRACKER_DATABASE_URL"}
    done = subprocess.run(
        tracker_cmd(url, *args), capture_output=True, text=True, env=env, timeout=600, cwd=cwd
    )
    if check:
        assert done.returncode == 0, (args, done.returncode, done.stdout[-2000:], done.stderr)
    return done


def sample_workbooks() -> list[Path]:
    """The bundled sample report workbooks, sorted (the legacy matrix among them)."""
    return sorted(SAMPLES.glob("*.xlsx"))


def copy_files(files: list[Path], folder: Path) -> Path:
    """Copy ``files`` into ``folder`` (created) and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for f in files:
        shutil.copy2(f, folder / f.name)
    return folder


def table_counts(engine: Engine, *, audit: bool = True) -> dict[str, int]:
    """Rows in every table of the models (without the audit tables unless ``audit``)."""
    import tracker.models  # noqa: F401  (registers every table on Base.metadata)

    counts = {}
    with engine.connect() as conn:
        for name, table in sorted(Base.metadata.tables.items()):
            if audit or name not in AUDIT_TABLES:
                counts[name] = conn.execute(select(func.count()).select_from(table)).scalar_one()
    return counts


def report_rows(engine: Engine) -> Counter[tuple[object, ...]]:
    """Every stored report by file and row, with what the current rule made of it."""
    query = text(
        "SELECT s.sha256, r.source_row, r.state_iso3, r.reporting_year, r.report_type,"
        " r.channel, r.submitted_on, r.is_current, r.is_withdrawn"
        " FROM reports r JOIN source_files s ON s.id = r.source_file_id"
    )
    with engine.connect() as conn:
        return Counter(
            (*(None if v is None else str(v) for v in row[:7]), bool(row[7]), bool(row[8]))
            for row in conn.execute(query)
        )


def rows_per_file(engine: Engine) -> dict[str, dict[str, int]]:
    """For each stored file (by SHA-256): its rows in ``reports``, ``form_statuses``, facts."""
    out: dict[str, dict[str, int]] = {}
    with engine.connect() as conn:
        for (sha,) in conn.execute(text("SELECT sha256 FROM source_files")):
            out[sha] = {}
        for sha, n in conn.execute(
            text(
                "SELECT s.sha256, count(*) FROM reports r"
                " JOIN source_files s ON s.id = r.source_file_id GROUP BY s.sha256"
            )
        ):
            out[sha]["reports"] = n
        for table in ("form_statuses", *FACT_TABLES):
            query = text(
                f"SELECT s.sha256, count(*) FROM {table} x JOIN reports r ON r.id = x.report_id"
                " JOIN source_files s ON s.id = r.source_file_id GROUP BY s.sha256"
            )
            for sha, n in conn.execute(query):
                out[sha][table] = n
    return out


def snapshot(url: str) -> tuple[Counter[tuple[object, ...]], dict[str, dict[str, int]]]:
    """What two stores filled with the same files must agree on."""
    engine = make_engine(url)
    try:
        return report_rows(engine), rows_per_file(engine)
    finally:
        engine.dispose()
