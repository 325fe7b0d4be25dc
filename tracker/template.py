"""The Article 7 workbook (``tracker template``), written from the layout data, blank or filled.

The template is the layout in one language: an Instructions sheet, the Cover (labels in column
A, values in column B, the form table) and one sheet per form with its labels and tables. Cells
that take a closed list of values (report type, statuses, yes/no, areas, flows, types) get a
drop-down list; dates get a date format; header rows are bold and frozen where they fit. What the
writer puts where is exactly what the reader looks for, so a filled template always imports.

How a language is written comes from the layout's ``writing`` data: Arabic sheets run right to
left (column A on the right, text read right to left), and the cells of a language whose script
Excel's default font lacks (Arabic, Chinese) get a font that has it, the cells left for the
State's answers too, so that what is typed shows in the same font.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.layouts import TEMPLATE_LAYOUT, FieldSpec, Layout, SheetSpec, TableSpec, get_layout

TABLE_ROWS = 20  # empty rows reserved under each table header before the next table
DATE_FORMAT = "yyyy-mm-dd"
LABEL_WIDTH = 48
VALUE_WIDTH = 32
COLUMN_WIDTH = 24
FREEZE_MAX_ROW = 12  # freeze below a table header only when the frozen band stays small
INSTRUCTIONS_WIDTH = 110  # characters of the Instructions sheet's one column
LINE_HEIGHT = 15.0  # points per line of 11-point text


@dataclass
class Filled:
    """What a filled-in template holds, as written in its cells.

    Text in the workbook's language, dates, numbers, by sheet key ("cover", "A"…) and field or
    table name. ``tables`` rows map column names to values; the cover's ``forms`` table has one
    row per form letter, in the layout's order. ``marker`` (key → value) makes a *pre-filled*
    workbook: a hidden sheet holding it and the hash of each sheet of ``marked_forms``
    (:mod:`tracker.ingest.prefilled`), which the import checks.
    """

    lang: str = "en"
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    tables: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    marker: dict[str, str] | None = None
    marked_forms: tuple[str, ...] = ()

    def rows(self, sheet: str, table: str) -> list[dict[str, Any]]:
        """The rows of one table (empty when none)."""
        return self.tables.get((sheet, table), [])


@dataclass(frozen=True)
class TablePlace:
    """Where a table sits on its sheet: its header row and the rows reserved under it."""

    header_row: int  # 1-based
    capacity: int

    @property
    def first_row(self) -> int:
        """The first data row."""
        return self.header_row + 1


@dataclass(frozen=True)
class Placement:
    """Where the writer puts each key–value field (its value cell) and each table of a sheet."""

    fields: dict[str, str]
    tables: dict[str, TablePlace]


def place(layout: Layout, sheet: SheetSpec, rows: dict[str, int] | None = None) -> Placement:
    """The cells of ``sheet`` as written, tables holding ``rows[name]`` rows.

    A table reserves at least :data:`TABLE_ROWS` rows; the cover's form table one per form.
    """
    fields = {spec.name: f"B{n}" for n, spec in enumerate(sheet.fields, start=1)}
    row = len(sheet.fields)
    tables: dict[str, TablePlace] = {}
    for table in sheet.tables:
        if table.target == "form_statuses":
            capacity = len(layout.forms)
        else:
            capacity = max(TABLE_ROWS, (rows or {}).get(table.name, 0))
        header = row + 3
        tables[table.name] = TablePlace(header, capacity)
        row = header + capacity
    return Placement(fields, tables)


class _Writer:
    """Writes one sheet at a time; styles are defined once here."""

    def __init__(self, layout: Layout, lang: str) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font, PatternFill

        self.layout, self.lang = layout, lang
        self.book = Workbook()
        writing = layout.writing.get(lang, {})
        face: dict[str, str] = {"name": writing["font"]} if "font" in writing else {}
        self.rtl = writing.get("direction") == "rtl"
        # Excel's reading order 2 is right to left; 0 follows the text (the default).
        order = 2 if self.rtl else 0
        self.plain = Font(**face) if face else None  # None: the workbook's default font
        self.bold = Font(bold=True, **face)
        self.title_font = Font(bold=True, size=12, **face)
        self.header_fill = PatternFill("solid", fgColor="DDE7F0")
        self.wrap = Alignment(wrap_text=True, vertical="top", readingOrder=order)
        self.text = Alignment(readingOrder=order)

    def written(self, cell: Any, font: Any) -> None:
        """A text the template writes (label, header, title): its font and reading order."""
        cell.font = font
        if self.rtl:
            cell.alignment = self.text

    def new_sheet(self, ws: Any) -> None:
        """Set a sheet's direction (right to left for Arabic) and print it one page wide."""
        if self.rtl:
            ws.sheet_view.rightToLeft = True
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True

    def entry(self, cell: Any) -> None:
        """A cell left for the State's answer: the language's font and reading order."""
        if self.plain is not None:
            cell.font = self.plain
        if self.rtl:
            cell.alignment = self.text

    def choices(self, spec: FieldSpec) -> list[str] | None:
        """The drop-down values of a field, or None when it takes free input."""
        if spec.type == "choice" and spec.vocabulary:
            return self.layout.vocabularies[spec.vocabulary].written(self.lang)
        if spec.type == "yes_no":
            return self.layout.vocabularies["yes_no"].written(self.lang)
        return None  # free input (a recipient is a State name, "Global" or a region)

    def validate(self, ws: Any, spec: FieldSpec, ref: str) -> None:
        """Attach a drop-down (or a whole-number / date check) to the cells in ``ref``."""
        from openpyxl.worksheet.datavalidation import DataValidation

        values = self.choices(spec)
        if values:
            dv = DataValidation(
                type="list", formula1='"' + ",".join(values) + '"', allow_blank=True
            )
        elif spec.type == "year":
            dv = DataValidation(type="whole", operator="between", formula1="1990", formula2="2200")
        elif spec.type == "whole":
            dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
        elif spec.type == "amount":
            dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
        else:
            return
        dv.error = f"{spec.text(self.lang)}: {', '.join(values) if values else 'see Instructions'}"
        dv.showErrorMessage = bool(values)
        ws.add_data_validation(dv)
        dv.add(ref)

    def key_values(self, ws: Any, sheet: SheetSpec, preset: dict[str, Any]) -> int:
        """Labels in column A, value cells in column B; returns the last row written."""
        row = 0
        for spec in sheet.fields:
            row += 1
            label = ws.cell(row=row, column=1, value=spec.text(self.lang))
            self.written(label, self.bold)
            value = ws.cell(row=row, column=2, value=preset.get(spec.name))
            self.entry(value)
            if spec.type == "date":
                value.number_format = DATE_FORMAT
            if spec.name == "summary":
                value.alignment = self.wrap
            self.validate(ws, spec, f"B{row}")
        return row

    def table(
        self,
        ws: Any,
        table: TableSpec,
        where: TablePlace,
        first_col: list[str] | None,
        filled: list[dict[str, Any]],
    ) -> None:
        """Title, header and reserved rows of a table, then its filled rows."""
        from openpyxl.utils import get_column_letter

        header, rows = where.header_row, where.capacity
        title = ws.cell(row=header - 1, column=1, value=table.title.get(self.lang))
        self.written(title, self.title_font)
        for col, spec in enumerate(table.columns, start=1):
            cell = ws.cell(row=header, column=col, value=spec.text(self.lang))
            self.written(cell, self.bold)
            cell.fill = self.header_fill
            letter = get_column_letter(col)
            self.validate(ws, spec, f"{letter}{header + 1}:{letter}{header + rows}")
            for r in range(header + 1, header + rows + 1):
                entry = ws.cell(row=r, column=col)
                self.entry(entry)
                if spec.type == "date":
                    entry.number_format = DATE_FORMAT
        for offset, value in enumerate(first_col or ()):
            ws.cell(row=header + 1 + offset, column=1, value=value)
        for offset, values in enumerate(filled):
            for col, spec in enumerate(table.columns, start=1):
                if spec.name in values and values[spec.name] not in (None, ""):
                    ws.cell(row=header + 1 + offset, column=col, value=values[spec.name])

    def sheet(self, ws: Any, sheet: SheetSpec, preset: dict[str, Any], fill: Filled) -> None:
        """One sheet: key–value block, then each table after a blank row."""
        from openpyxl.utils import get_column_letter

        self.key_values(ws, sheet, preset)
        counts = {t.name: len(fill.rows(sheet.key, t.name)) for t in sheet.tables}
        where = place(self.layout, sheet, counts)
        headers: list[int] = []
        for table in sheet.tables:
            letters = (
                [s.form or "" for s in self.layout.forms]
                if table.target == "form_statuses"
                else None
            )
            self.table(
                ws, table, where.tables[table.name], letters, fill.rows(sheet.key, table.name)
            )
            headers.append(where.tables[table.name].header_row)
        ws.column_dimensions["A"].width = LABEL_WIDTH
        ws.column_dimensions["B"].width = VALUE_WIDTH
        widest = max((len(t.columns) for t in sheet.tables), default=2)
        for col in range(3, widest + 1):
            ws.column_dimensions[get_column_letter(col)].width = COLUMN_WIDTH
        if headers and headers[0] <= FREEZE_MAX_ROW:
            ws.freeze_panes = f"A{headers[0] + 1}"
        else:
            ws.freeze_panes = "B1"  # keep the labels in sight

    def instructions(self) -> None:
        """The Instructions sheet (first, so that it is what opens)."""
        ws = self.book.active
        self.new_sheet(ws)
        ws.title = self.layout.instructions_sheet.get(self.lang) or "Instructions"
        lines = self.layout.instructions.get(self.lang) or self.layout.instructions.get("en", ())
        for row, line in enumerate(lines, start=1):
            cell = ws.cell(row=row, column=1, value=line)
            cell.alignment = self.wrap
            if row == 1:
                cell.font = self.title_font
            elif self.plain is not None:
                cell.font = self.plain
            # Neither Excel nor LibreOffice grows a row for wrapped text on opening: a long line
            # would be cut, or drawn over the next one.
            wrapped = -(-display_width(line) * (1.2 if row == 1 else 1.0) // INSTRUCTIONS_WIDTH)
            if wrapped > 1:
                ws.row_dimensions[row].height = LINE_HEIGHT * wrapped
        ws.column_dimensions["A"].width = INSTRUCTIONS_WIDTH
        ws.freeze_panes = "A2"


def display_width(text: str) -> int:
    """Columns a text takes: wide (Chinese, full-width) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def write_template(
    path: Path, lang: str = "en", layout_id: str = TEMPLATE_LAYOUT, fill: Filled | None = None
) -> Path:
    """Write the workbook of ``layout_id`` in ``lang`` to ``path`` and return the path.

    The default is the newest layout (``ccm-a7/2``, with Form I's assistance provided and
    received); ``ccm-a7/1`` is still written on request. Blank, or filled in with ``fill`` (in
    its language); a ``fill`` with a marker gets the hidden marker sheet with the hash of each of
    its marked form sheets.
    """
    path.write_bytes(template_bytes(lang, layout_id, fill))
    return path


def template_bytes(
    lang: str = "en", layout_id: str = TEMPLATE_LAYOUT, fill: Filled | None = None
) -> bytes:
    """The workbook :func:`write_template` writes, as bytes."""
    import io

    layout = get_layout(layout_id)
    fill = fill or Filled(lang)
    if lang not in layout.languages:
        raise ValueError(f"layout {layout.id} has no language {lang!r}: use {layout.languages}")
    writer = _Writer(layout, lang)
    writer.instructions()
    for sheet in layout.sheets:
        ws = writer.book.create_sheet(sheet.name(lang))
        writer.new_sheet(ws)
        preset = dict(fill.fields.get(sheet.key, {}))
        if sheet.key == "cover":
            preset["layout"] = layout.id
        writer.sheet(ws, sheet, preset, fill)
    out = io.BytesIO()
    writer.book.save(out)
    if fill.marker is None:
        return out.getvalue()
    from tracker.ingest.prefilled import add_marker

    return add_marker(writer.book, out.getvalue(), layout, lang, fill.marker, fill.marked_forms)
