"""Saving the donor workbook: openpyxl's writer, with the cells of each row written as text.

On a store of 20,000 reports the Method sheet lists 20,000 source reports (140,000 cells), and
openpyxl without lxml serialises every cell as an ``xml.etree`` element through ``et_xmlfile``:
building the element and walking it for namespaces took three quarters of ``Workbook.save``
(about 3 s of a 7 s export). :func:`save_workbook` writes the same ``<c>`` elements as plain
strings instead, with openpyxl's own attributes (``_set_attributes``: reference, style, type,
dates as serial numbers) and value formatting (``safe_string``), so the file reads back the same.

Only the cell loop of a row is replaced, and only while the workbook is being saved. Any cell
this does not know how to write (a formula, rich text) and any other XML writer (lxml, a
changed ``et_xmlfile``) go through openpyxl's own code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from openpyxl.cell._writer import _set_attributes, write_cell
from openpyxl.cell.rich_text import CellRichText
from openpyxl.comments.comment_sheet import CommentRecord
from openpyxl.compat import safe_string
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter

_PRESERVE = ' xml:space="preserve"'
_QUOTE = {'"': "&quot;"}
# Cell types whose attributes need no conversion, and the ``t`` openpyxl writes for them.
_PLAIN_TYPES = {"s": "inlineStr", "n": "n", "b": "b", "e": "e"}


def cell_xml(cell: Any, styled: bool) -> str:
    """The ``<c>`` element openpyxl writes for a value cell (not a formula, not rich text)."""
    data_type = cell.data_type
    if data_type in _PLAIN_TYPES and cell._hyperlink is None:
        # What ``_set_attributes`` gives for a text, number, boolean or error value without a
        # hyperlink, without building its dictionary (a third of this function's time).
        value = cell._value
        start = f'<c r="{get_column_letter(cell.column)}{cell.row}"'
        if styled:
            start += f' s="{cell.style_id}"'
        start += f' t="{_PLAIN_TYPES[data_type]}"'
    else:  # dates (converted to serial numbers) and hyperlinks: openpyxl's own attributes
        value, attributes = _set_attributes(cell, styled)
        start = "<c" + "".join(f' {name}="{text}"' for name, text in attributes.items())
    if value is None or value == "":
        return start + " />"
    if cell.data_type == "s":
        # As openpyxl's ``whitespace``: keep leading or trailing spaces of a non-blank text.
        stripped = value.strip()
        space = _PRESERVE if stripped and stripped != value else ""
        return f"{start}><is><t{space}>{escape(value)}</t></is></c>"
    return f"{start}><v>{escape(safe_string(value))}</v></c>"


def _fast_write_row(self: WorksheetWriter, xf: Any, row: list[Any], row_idx: int) -> None:
    """:meth:`WorksheetWriter.write_row` with the cells written as text (same elements)."""
    write = getattr(xf, "_file", None)  # et_xmlfile's raw output; lxml has none
    if write is None:
        _ORIGINAL_WRITE_ROW(self, xf, row, row_idx)
        return
    attrs = {"r": f"{row_idx}"}
    attrs.update(self.ws.row_dimensions.get(row_idx, {}))
    # The row element as text too (its attributes are numbers and flags, escaped anyway).
    parts = ["<row", *(f' {name}="{escape(text, _QUOTE)}"' for name, text in attrs.items()), ">"]
    for cell in row:
        if cell._comment is not None:
            self.ws._comments.append(CommentRecord.from_cell(cell))
        if cell._value is None and not cell.has_style and not cell._comment:
            continue
        if cell.data_type == "f" or isinstance(cell._value, CellRichText):
            write("".join(parts))  # what came before, then openpyxl writes this cell
            parts.clear()
            write_cell(xf, self.ws, cell, cell.has_style)
            continue
        parts.append(cell_xml(cell, cell.has_style))
    parts.append("</row>")
    write("".join(parts))


_ORIGINAL_WRITE_ROW: Callable[..., None] = WorksheetWriter.write_row


@contextmanager
def _fast_rows() -> Iterator[None]:
    """Replace openpyxl's row writer while a workbook is saved (a CLI saves one at a time)."""
    WorksheetWriter.write_row = _fast_write_row
    try:
        yield
    finally:
        WorksheetWriter.write_row = _ORIGINAL_WRITE_ROW


def save_workbook(book: Any, path: Path) -> None:
    """``book.save(path)``, writing the cells as text (see the module's docstring)."""
    with _fast_rows():
        book.save(path)
