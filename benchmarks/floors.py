"""The floors an importer is measured against, each runnable as its own process.

- ``parse``: a bare python-calamine read of every sheet of every file (the least reading work);
- ``persist``: the same read, plus every non-empty cell inserted into SQLite with the standard
  ``sqlite3`` module (``executemany``) and the file's bytes kept beside them (as the tracker
  keeps each file's original), one transaction per file: the least work any importer with
  per-file atomicity must do. SQLite runs with the journal mode the harness gives (the
  tracker's), ``synchronous=FULL``, so both pay the same commit cost;
- ``pandas``: what a user would otherwise write, ``pandas.read_excel(path, sheet_name=None)``
  with openpyxl (reading only, nothing stored).

Usage: python benchmarks/floors.py {parse,persist,pandas} DIR [--db FILE] [--limit N]
Prints one line: ``files=… cells=…`` so the harness can check that all of the work was done.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

_SCHEMA = """
CREATE TABLE files (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE);
CREATE TABLE originals (file_id INTEGER PRIMARY KEY REFERENCES files(id), content BLOB NOT NULL);
CREATE TABLE cells (
    file_id INTEGER NOT NULL REFERENCES files(id),
    sheet TEXT NOT NULL,
    row INTEGER NOT NULL,
    col INTEGER NOT NULL,
    value
);
"""


def workbook_paths(folder: Path, limit: int | None = None) -> list[Path]:
    """The workbooks under ``folder`` in sorted path order (as ``tracker import`` takes them)."""
    paths = sorted(p for p in folder.rglob("*.xlsx") if not p.name.startswith("~$"))
    return paths if limit is None else paths[:limit]


def read_cells(path: Path) -> Iterator[tuple[str, int, int, Any]]:
    """Every non-empty cell of every sheet: (sheet, row, column, value), 0-based positions."""
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    try:
        for name in workbook.sheet_names:
            rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    if value != "" and value is not None:
                        yield name, r, c, value
    finally:
        workbook.close()


def parse_floor(paths: Sequence[Path]) -> int:
    """Read every sheet of every file; return the number of non-empty cells."""
    return sum(1 for path in paths for _ in read_cells(path))


def _db_value(value: Any) -> Any:
    # sqlite3's default date adapters are deprecated (3.12): store dates as ISO text.
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        return str(value) if isinstance(value, dt.timedelta) else value.isoformat()
    return value


def persist_floor(paths: Sequence[Path], db_path: Path, journal_mode: str = "delete") -> int:
    """Read every file, insert its non-empty cells and its bytes, one transaction per file."""
    db_path.unlink(missing_ok=True)
    connection = sqlite3.connect(db_path, isolation_level=None)  # explicit BEGIN/COMMIT
    try:
        connection.execute(f"PRAGMA journal_mode={journal_mode}")
        connection.executescript(_SCHEMA)
        total = 0
        for path in paths:
            data = path.read_bytes()
            cells = list(read_cells(path))
            connection.execute("BEGIN")
            cursor = connection.execute("INSERT INTO files (path) VALUES (?)", (str(path),))
            file_id = cursor.lastrowid
            connection.execute(
                "INSERT INTO originals (file_id, content) VALUES (?, ?)", (file_id, data)
            )
            connection.executemany(
                "INSERT INTO cells (file_id, sheet, row, col, value) VALUES (?, ?, ?, ?, ?)",
                [(file_id, sheet, r, c, _db_value(v)) for sheet, r, c, v in cells],
            )
            connection.execute("COMMIT")
            total += len(cells)
        return total
    finally:
        connection.close()


def pandas_floor(paths: Sequence[Path]) -> int:
    """``pandas.read_excel(path, sheet_name=None)`` (openpyxl) of every file; non-null cells."""
    import pandas as pd

    total = 0
    for path in paths:
        frames = pd.read_excel(path, sheet_name=None, engine="openpyxl")
        # The header row is in the columns, not in the frame: count it too.
        total += sum(
            int(frame.notna().to_numpy().sum())
            + sum(1 for c in frame.columns if not str(c).startswith("Unnamed:"))
            for frame in frames.values()
        )
    return total


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run one floor over a folder of workbooks.")
    parser.add_argument("floor", choices=("parse", "persist", "pandas"))
    parser.add_argument("folder", type=Path)
    parser.add_argument("--db", type=Path, help="SQLite file for the persist floor")
    parser.add_argument("--limit", type=int, help="only the first N files (sorted)")
    parser.add_argument(
        "--journal-mode",
        default="delete",
        choices=("delete", "truncate", "persist", "memory", "wal", "off"),
        help="SQLite journal mode of the persist floor (default: SQLite's own, delete)",
    )
    args = parser.parse_args(argv)
    paths = workbook_paths(args.folder, args.limit)
    if args.floor == "parse":
        cells = parse_floor(paths)
    elif args.floor == "persist":
        if args.db is None:
            parser.error("persist needs --db FILE")
        cells = persist_floor(paths, args.db, args.journal_mode)
    else:
        cells = pandas_floor(paths)
    print(f"files={len(paths)} cells={cells}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
