"""Writing values into cells so that nothing a report said can run as a formula.

Donors open this workbook in Excel. Text that came from a report (a need's description, a file
name) and begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return could be taken as
a formula by Excel or by a later "re-enter" of the cell (CSV/formula injection, OWASP). Every
value therefore goes through :func:`put`: strings are stored as strings (never openpyxl's
formula type) and the dangerous ones get Excel's quote prefix, the same mark Excel itself
sets when a user types ``'=...``, so the cell stays text even when edited.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

# Characters that make a spreadsheet treat a cell as a formula or command.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# XML 1.0 cannot hold these control characters; openpyxl refuses them. Report text is free
# text from outside, so they are dropped rather than failing the whole export.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

# Excel's limit for one cell; a longer text makes Excel "repair" (empty) the workbook.
MAX_CELL_TEXT = 32_767

CellValue = str | int | float | Decimal | dt.date | dt.datetime | None


def is_formula_like(text: str) -> bool:
    """True when ``text`` would be read as a formula (or a command) by a spreadsheet."""
    return text.startswith(FORMULA_STARTS)


def csv_cell(value: object) -> str:
    """One CSV cell: None as blank, dates as ISO 8601, formula-like text quoted.

    The same rule for CSV files as for workbook cells: a file name, reason or description that
    begins like a formula (``=HYPERLINK(...)``) stays text when the CSV is opened in Excel.
    """
    if value is None:
        return ""
    text = value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value)
    return f"'{text}" if is_formula_like(text) else text


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


def clean_text(text: str) -> str:
    """``text`` without the control characters a workbook cannot store, cut to Excel's limit."""
    text = _ILLEGAL.sub("", text)
    if len(text) > MAX_CELL_TEXT:
        text = text[: MAX_CELL_TEXT - 1] + "…"
    return text


def put(cell: Any, value: CellValue) -> Any:
    """Store ``value`` in ``cell`` as a value, never as a formula; returns the cell.

    Decimals become floats (Excel has one number type); dates and datetimes stay real dates.
    """
    if isinstance(value, str):
        text = clean_text(value)  # without the characters openpyxl refuses, within Excel's limit
        cell.value = text
        cell.data_type = "s"  # always text: openpyxl makes a text starting with "=" a formula
        if is_formula_like(text):
            cell.quotePrefix = True
        return cell
    if isinstance(value, Decimal):
        cell.value = float(value)
        return cell
    cell.value = value
    return cell
