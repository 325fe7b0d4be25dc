"""The marker of a pre-filled workbook: a hidden sheet with its source and its forms' hashes.

``tracker template --state`` and ``/entry`` write a workbook filled from the State's latest
report. Its hidden sheet :data:`MARKER_SHEET` says where the pre-fill came from and holds, for
each pre-filled form sheet, a hash of the cells as written. The import then checks two things
that only a pre-filled workbook can get wrong (``codes.py``):

- ``unsubmitted-template``: the date of submission is still blank (the template is not sent yet);
- ``edited-unchanged-form``: a form still marked *unchanged* whose sheet no longer matches its
  hash was edited, so its data would be silently ignored: it must be marked *changed*.

The hash is taken over the cells as the reader sees them (calamine's values, normalised as
:func:`tracker.ingest.cells.as_text` writes them), so writing and reading agree.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from tracker.layouts import Layout

from .cells import as_text
from .grid import Grid, Workbook

MARKER_SHEET = "tracker-prefill"
_FORM_KEY = "form "  # marker rows "form B" | <hash>


def sheet_digest(grid: Grid) -> str:
    """A hash of every non-blank cell of a sheet (position and value as read)."""
    sha = hashlib.sha256()
    for row, col, value in grid.filled():
        sha.update(f"{row},{col},{as_text(value)}\n".encode())
    return sha.hexdigest()


def add_marker(
    book: Any,
    data: bytes,
    layout: Layout,
    lang: str,
    source: Mapping[str, str],
    forms: Iterable[str],
) -> bytes:
    """``data`` (the saved ``book``) with the hidden marker sheet added; the workbook's bytes."""
    import io

    hashes: dict[str, str] = {}
    reading = Workbook(data)
    try:
        for letter in forms:
            hashes[letter] = sheet_digest(reading.grid(layout.sheet(letter).name(lang)))
    finally:
        reading.close()
    ws = book.create_sheet(MARKER_SHEET)
    ws.sheet_state = "hidden"
    rows = [*source.items(), *((f"{_FORM_KEY}{k}", v) for k, v in sorted(hashes.items()))]
    for n, (key, value) in enumerate(rows, start=1):
        ws.cell(row=n, column=1, value=key)
        ws.cell(row=n, column=2, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_marker(grid: Grid) -> tuple[dict[str, str], dict[str, str]]:
    """The marker's source lines and its form hashes (form letter → hash)."""
    source: dict[str, str] = {}
    hashes: dict[str, str] = {}
    for row in range(grid.height):
        key, value = as_text(grid.value(row, 0)), as_text(grid.value(row, 1))
        if key.startswith(_FORM_KEY):
            hashes[key[len(_FORM_KEY) :].strip().upper()] = value
        elif key:
            source[key] = value
    return source, hashes
