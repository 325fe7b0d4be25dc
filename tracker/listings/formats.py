"""What every listing shares: the output formats, JSON dumping, guarded CSV, dates as text.

The command modules import :class:`Format` at their top, so this module imports ``csv`` and
``json`` only inside the functions that write them (``tracker --help`` stays fast).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence

# Characters that make a spreadsheet treat a cell as a formula or command (as the donor
# workbook's guard, ``tracker/export/safety.py``; repeated so that listings need no openpyxl).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Format(enum.StrEnum):
    """``--format`` of a table listing: text for people, JSON for programs, CSV for spreadsheets."""

    TEXT = "text"
    JSON = "json"
    CSV = "csv"


class NestedFormat(enum.StrEnum):
    """``--format`` of a listing that is not a table (no CSV)."""

    TEXT = "text"
    JSON = "json"


def to_json(document: object) -> str:
    """The JSON text of a listing: indented, non-ASCII kept (State names, French file names)."""
    import json

    return json.dumps(document, indent=2, ensure_ascii=False)


def iso(value: dt.date | dt.datetime | None) -> str | None:
    """A date or time as ISO 8601 text (None stays None)."""
    return None if value is None else value.isoformat()


def csv_cell(value: object) -> str:
    """One CSV cell: text that a spreadsheet would run as a formula gets a leading quote.

    File names, paths and reasons come from outside; ``=HYPERLINK(...)`` in a file name must
    stay text when the CSV is opened in Excel (CSV injection, OWASP).
    """
    if value is None:
        return ""
    text = value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A CSV document (comma separated, one line per row) with every cell guarded."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return out.getvalue()
