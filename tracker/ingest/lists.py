"""A list in one sheet (a CSV, or the first sheet of a workbook) read as the import reads a sheet.

The membership list and the extension-decisions file are lists: a header row, then one row per
record. They are read into the import's :class:`~tracker.ingest.grid.Grid` (a workbook passes
the import's size and safety guard first, then calamine), and every problem becomes an issue of
:mod:`tracker.codes` through the import's :class:`~tracker.ingest.cells.Context`, so that it
names the file, the sheet and the cell as an import's issues do (a CSV's sheet is ``csv``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from .cells import Context
from .grid import Grid, Workbook
from .guard import inspect_workbook_file

CSV_SHEET = "csv"
WORKBOOKS = (".xlsx", ".xlsm")  # guarded as the import guards them
OTHER_BOOKS = (".xls", ".xlsb", ".ods")  # read by calamine as they are (no zip to guard)


def read_list(path: Path, ctx: Context, *, other_books: bool = False) -> Grid | None:
    """The list's grid, or None (with the issue in ``ctx``) when the file cannot be read.

    ``other_books`` also reads .xls, .xlsb and .ods workbooks; any other name is a CSV (UTF-8,
    a BOM allowed, comma or semicolon separated, whichever the header row has more of).
    """
    suffix = path.suffix.lower()
    try:
        if suffix in WORKBOOKS or (other_books and suffix in OTHER_BOOKS):
            package = None
            if suffix in WORKBOOKS:
                guard = inspect_workbook_file(path, display=ctx.file)
                if guard.issues:
                    ctx.issues.extend(guard.issues)
                    return None
                package = guard.package
            book = Workbook(path, package)
            try:
                return book.grid(book.sheet_names[0])
            finally:
                book.close()
        raw = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        ctx.error("not-utf8")
        return None
    except Exception as exc:  # a damaged workbook, a sheet calamine refuses, an unreadable file
        ctx.error("unreadable", reason=exc)
        return None
    first = raw.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return Grid(CSV_SHEET, [list(r) for r in csv.reader(io.StringIO(raw), delimiter=delimiter)])


def cell_text(value: object) -> str:
    """A list cell as text: a date as ISO ``2019-09-04``, a whole number without ``.0``."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()
