"""CSV and JSON downloads of the lists the pages show, in the command line's shapes.

CSV cells that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, carriage
return first) get a leading apostrophe, the guard of the donor workbook (OWASP's advice for CSV
injection): text from a report or a user stays text when the file is opened in Excel.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from starlette.responses import Response

from tracker.export.safety import to_csv


def _attachment(name: str) -> dict[str, str]:
    return {"content-disposition": f'attachment; filename="{name}"'}


def text_response(name: str, body: str, media_type: str) -> Response:
    """An already rendered text file to save (the command line's CSV gets a byte-order mark)."""
    if media_type.startswith("text/csv"):
        body = "\ufeff" + body
    return Response(body, media_type=media_type, headers=_attachment(name))


def csv_response(name: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Response:
    """A CSV file to save (UTF-8 with a byte-order mark, so Excel reads accents right)."""
    body = "\ufeff" + to_csv(header, rows)
    return Response(body, media_type="text/csv; charset=utf-8", headers=_attachment(name))


def json_response(name: str, shape: Any) -> Response:
    """A JSON file to save, indented like the command line's ``--format json``."""
    body = json.dumps(shape, indent=2, ensure_ascii=False, default=str) + "\n"
    return Response(body, media_type="application/json", headers=_attachment(name))
