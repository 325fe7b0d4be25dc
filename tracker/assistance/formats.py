"""The JSON and CSV text of the assistance outputs (``assistance.md`` §4).

Each pure package writes its own (as ``stats`` and ``indicators`` do), so that none imports the
command layer's listings. A CSV cell that a spreadsheet would run as a formula gets a leading
``'``: the donor workbook's injection rule (:func:`tracker.export.safety.is_formula_like`), since
text from reports and flow files must never run in Excel.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from tracker.export.safety import is_formula_like


def to_json(document: object) -> str:
    """The JSON text: indented, non-ASCII kept (State names, French file names)."""
    import json

    return json.dumps(document, indent=2, ensure_ascii=False)


def csv_cell(value: object) -> str:
    """One CSV cell: None as blank, dates as ISO 8601, formula-like text quoted."""
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
