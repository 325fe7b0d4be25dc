"""The donor workbook's formatting, defined once: fonts, fills, number formats, widths, print.

Every sheet is written through a :class:`SheetWriter`, so every sheet gets the same title line,
sample-data banner, header style, frozen panes, autofilter, fitted column widths, wrapped long
text, real dates and number formats, and print set-up. Sheet writers say *what* goes where
(columns with a :class:`Kind`); this module decides how it looks.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.styles.fonts import DEFAULT_FONT
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table

from tracker.export.safety import CellValue, put

FONT_NAME = "Calibri"
HEADER_FILL = "DDE5F0"
BANNER_FILL = "FDECEA"
BANNER_COLOUR = "9C0006"
RULE_COLOUR = "8EA9C8"

TITLE_FONT = Font(name=FONT_NAME, size=14, bold=True)
HEADER_FONT = Font(name=FONT_NAME, size=11, bold=True)
LABEL_FONT = Font(name=FONT_NAME, size=11, bold=True)
BANNER_FONT = Font(name=FONT_NAME, size=12, bold=True, color=BANNER_COLOUR)
HEADER_FILL_STYLE = PatternFill("solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
BANNER_FILL_STYLE = PatternFill("solid", start_color=BANNER_FILL, end_color=BANNER_FILL)
GRID_COLOUR = "D9D9D9"
_GRID = Side(style="thin", color=GRID_COLOUR)
# Light grid lines keep neighbouring columns apart (a right-aligned figure beside text).
CELL_BORDER = Border(left=_GRID, right=_GRID, top=_GRID, bottom=_GRID)
HEADER_BORDER = Border(
    left=_GRID, right=_GRID, top=_GRID, bottom=Side(style="thin", color=RULE_COLOUR)
)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")

# Row height of one line of 11-point text, in points (Excel's default row height).
LINE_HEIGHT = 15.0
MIN_WIDTH = 6.0
HEADER_WRAP_AT = 16  # a header longer than this may wrap rather than widen a number column


class Kind(enum.Enum):
    """What a column holds: decides its number format, width cap and wrapping."""

    TEXT = "text"  # short text: names, statuses (capped, wrapped beyond the cap)
    LONG = "long"  # descriptions and sentences: wide cap, always wrapped
    CODE = "code"  # ISO3 codes, file names: never wrapped
    DATE = "date"
    DATETIME = "datetime"
    COUNT = "count"
    AMOUNT = "amount"
    PERCENT = "percent"  # a share with one decimal, as tracker stats needs prints it (21.6%)
    WHOLE_PERCENT = "whole_percent"  # a rounded percentage, as the indicators give it (40%)
    YEAR = "year"
    ARTICLE = "article"  # the number 3 shown as "Article 3"


NUMBER_FORMATS: dict[Kind, str] = {
    Kind.DATE: "dd mmm yyyy",
    Kind.DATETIME: "dd mmm yyyy hh:mm",
    Kind.COUNT: "#,##0",
    Kind.AMOUNT: "#,##0",
    Kind.PERCENT: "0.0%",
    Kind.WHOLE_PERCENT: "0%",
    Kind.YEAR: "0",
    Kind.ARTICLE: '"Article "0',
}

MAX_WIDTHS: dict[Kind, float] = {Kind.TEXT: 36.0, Kind.LONG: 60.0, Kind.CODE: 48.0}
DEFAULT_MAX_WIDTH = 18.0


@dataclass(frozen=True)
class Column:
    """A table column: its header and what it holds."""

    header: str
    kind: Kind = Kind.TEXT
    max_width: float | None = None  # a narrower cap than the kind's (many long columns)


def shown_length(value: CellValue, kind: Kind) -> int:
    """About how many characters a value takes on screen in its number format."""
    if value is None:
        return 0
    if kind is Kind.DATE:
        return 11
    if kind is Kind.DATETIME:
        return 17
    if kind in (Kind.PERCENT, Kind.WHOLE_PERCENT):
        return 6
    if kind is Kind.ARTICLE:
        return 10
    if kind in (Kind.COUNT, Kind.AMOUNT) and isinstance(value, int | float):
        return len(f"{value:,.0f}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def lines_needed(text: str, width: float) -> int:
    """Lines a wrapped text takes in a column ``width`` characters wide.

    A greedy word wrap, as Excel and LibreOffice do it. The width unit is the width of a
    digit; ordinary text in Calibri (or Carlito) averages narrower, hence the 1.2.
    """
    capacity = max(width * 1.2 - 1.0, 1.0)
    lines = 0
    for part in text.split("\n"):
        lines += 1
        used = 0.0
        for word in part.split(" "):
            size = len(word)
            if used and used + 1 + size > capacity:
                lines += 1
                used = 0.0
            if size > capacity:  # a word longer than the line breaks across lines
                extra, rest = divmod(size, int(capacity))
                lines += extra - (1 if rest == 0 else 0)
                used = float(rest or capacity)
            else:
                used += size + (1 if used else 0)
    return max(lines, 1)


def alignment(kind: Kind, *, header: bool = False) -> Alignment:
    """Numbers to the right, years centred, text to the left; long text wrapped."""
    horizontal = {
        Kind.COUNT: "right",
        Kind.AMOUNT: "right",
        Kind.PERCENT: "right",
        Kind.WHOLE_PERCENT: "right",
        Kind.YEAR: "center",
        Kind.DATE: "center",
        Kind.DATETIME: "center",
    }.get(kind, "left")
    wrap = header or kind in (Kind.TEXT, Kind.LONG)
    return Alignment(horizontal=horizontal, vertical="bottom" if header else "top", wrap_text=wrap)


def body_style(book: Any, kind: Kind) -> str:
    """The name of the table body style of ``kind`` in ``book`` (registered on first use).

    A table cell in the house style: the kind's number format and alignment, a light grid.
    """
    name = f"tracker {kind.value}"
    if name not in book.named_styles:
        book.add_named_style(
            NamedStyle(
                name=name,
                font=DEFAULT_FONT,
                border=CELL_BORDER,
                alignment=alignment(kind),
                number_format=NUMBER_FORMATS.get(kind, "General"),
            )
        )
    return name


@dataclass
class SheetWriter:
    """Writes one sheet top to bottom in the house style; :meth:`finish` fits and prints it."""

    sheet: Any
    title: str
    sample: bool
    row: int = 1
    widths: dict[int, float] = field(default_factory=dict)
    caps: dict[int, float] = field(default_factory=dict)
    wrapped: list[tuple[int, int, int, str]] = field(default_factory=list)
    print_header: int | None = None
    used_columns: int = 1
    banner_row: int | None = None

    def __post_init__(self) -> None:
        put(self.sheet.cell(self.row, 1), self.title).font = TITLE_FONT
        self.sheet.row_dimensions[self.row].height = 21
        self.row += 1
        if self.sample:
            from tracker.export.model import SAMPLE_BANNER

            self.banner_row = self.row
            put(self.sheet.cell(self.row, 1), SAMPLE_BANNER).font = BANNER_FONT
            self.sheet.row_dimensions[self.row].height = 18
            self.row += 1
        self.row += 1  # a blank line before the content

    def skip(self, lines: int = 1) -> None:
        """Leave ``lines`` empty rows."""
        self.row += lines

    def paragraph(self, text: str, span: int, *, bold: bool = False) -> int:
        """``text`` wrapped across the first ``span`` columns (merged); returns its row."""
        row = self.row
        cell = put(self.sheet.cell(row, 1), text)
        cell.alignment = WRAP_TOP
        if bold:
            cell.font = LABEL_FONT
        if span > 1:
            self.sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=span)
        self.wrapped.append((row, 1, span, text))
        self.used_columns = max(self.used_columns, span)
        self.row += 1
        return row

    def pairs(self, items: Sequence[tuple[str, CellValue, Kind]]) -> None:
        """A block of ``label: value`` lines (label bold in column A, value in column B)."""
        for label, value, kind in items:
            label_cell = put(self.sheet.cell(self.row, 1), label)
            label_cell.font, label_cell.alignment = LABEL_FONT, Alignment(vertical="top")
            cell = put(self.sheet.cell(self.row, 2), value)
            cell.alignment = Alignment(horizontal="left", vertical="top")
            if kind in NUMBER_FORMATS:
                cell.number_format = NUMBER_FORMATS[kind]
            self._measure(1, Kind.TEXT, shown_length(label, Kind.TEXT))
            self.row += 1

    def table(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[CellValue]],
        *,
        primary: bool = True,
        name: str | None = None,
        freeze: bool = True,
        freeze_column: int = 1,
    ) -> tuple[int, int]:
        """A table with a bold filled header at the current row; returns (header, last) rows.

        The primary table of a sheet gets the sheet's autofilter, the frozen panes below its
        header (and left of ``freeze_column``) and the repeated print title; a further table
        on the same sheet becomes an Excel table ``name`` with its own filter, because a
        sheet has only one autofilter. ``freeze=False`` keeps panes set elsewhere (a table
        low on a sheet would freeze half the screen).
        """
        header = self.row
        for index, column in enumerate(columns, start=1):
            cell = put(self.sheet.cell(header, index), column.header)
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL_STYLE
            cell.alignment, cell.border = alignment(column.kind, header=True), HEADER_BORDER
            self._measure(
                index, column.kind, min(len(column.header), HEADER_WRAP_AT), column.max_width
            )
            self.wrapped.append((header, index, index, column.header))
        body_styles = [body_style(self.sheet.parent, column.kind) for column in columns]
        sheet = self.sheet
        for offset, values in enumerate(rows, start=1):
            if len(values) != len(columns):
                raise ValueError(
                    f"row {offset} has {len(values)} values for {len(columns)} columns"
                )
            row = header + offset
            for index, value in enumerate(values, start=1):
                # One named style per column (number format, alignment, border): one assignment
                # per cell instead of three.
                cell = sheet.cell(row=row, column=index)
                cell.style = body_styles[index - 1]
                put(cell, value)
        # Measured per column rather than per cell: a column's width is the maximum over its
        # cells, so measuring its longest value once gives the same width (the Method sheet
        # lists every source report).
        for index, column in enumerate(columns, start=1):
            values = [row[index - 1] for row in rows]
            if not values:
                continue
            # Each distinct value once: States, types and years repeat down the column.
            longest = max(shown_length(value, column.kind) for value in set(values))
            self._measure(index, column.kind, longest, column.max_width)
            if column.kind in (Kind.TEXT, Kind.LONG):
                self.wrapped.extend(
                    (header + offset, index, index, value)
                    for offset, value in enumerate(values, start=1)
                    if isinstance(value, str)
                )
        last = header + max(len(rows), 1)
        if not rows:
            put(self.sheet.cell(header + 1, 1), "(none)")
        ref = f"A{header}:{get_column_letter(len(columns))}{last}"
        if primary:
            self.sheet.auto_filter.ref = ref
            if freeze:
                self.sheet.freeze_panes = self.sheet.cell(header + 1, freeze_column).coordinate
                self.print_header = header
        else:
            self.sheet.add_table(Table(displayName=name or f"Table{header}", ref=ref))
        self.used_columns = max(self.used_columns, len(columns))
        self.row = last + 1
        return header, last

    def freeze_below(self, row: int) -> None:
        """Freeze the rows above ``row`` (a sheet whose table is not at the top)."""
        self.sheet.freeze_panes = self.sheet.cell(row, 1).coordinate

    def _measure(self, column: int, kind: Kind, length: int, cap: float | None = None) -> None:
        cap = cap or MAX_WIDTHS.get(kind, DEFAULT_MAX_WIDTH)
        self.caps[column] = max(self.caps.get(column, 0.0), cap)
        fitted = min(max(length + 2.0, MIN_WIDTH), self.caps[column])
        self.widths[column] = max(self.widths.get(column, MIN_WIDTH), fitted)

    def width(self, column: int) -> float:
        """The fitted width of ``column`` (characters)."""
        return self.widths.get(column, MIN_WIDTH)

    def finish(self, *, one_page: bool = False) -> None:
        """Fit the columns, size the wrapped rows, and set up printing.

        ``one_page`` fits the whole sheet on one printed page (the Summary), otherwise it is
        fitted to one page wide and runs on as long as it needs.
        """
        for column, width in self.widths.items():
            self.sheet.column_dimensions[get_column_letter(column)].width = round(width, 1)
        heights: dict[int, int] = {}
        # The same texts recur down a column (State names, report types), so each (text,
        # width) is wrapped once (the Method sheet lists every counted report).
        wraps: dict[tuple[str, float], int] = {}
        spans: dict[tuple[int, int], float] = {}
        for row, first, last, text in self.wrapped:
            span = spans.get((first, last))
            if span is None:
                span = spans[first, last] = sum(self.width(c) for c in range(first, last + 1))
            needed = wraps.get((text, span))
            if needed is None:
                needed = wraps[text, span] = lines_needed(text, span)
            heights[row] = max(heights.get(row, 1), needed)
        for row, lines in heights.items():
            if lines > 1:
                self.sheet.row_dimensions[row].height = LINE_HEIGHT * lines
        if self.banner_row is not None:
            for column in range(1, max(self.used_columns, 5) + 1):
                self.sheet.cell(self.banner_row, column).fill = BANNER_FILL_STYLE
        self._print_setup(one_page)

    def _print_setup(self, one_page: bool) -> None:
        sheet = self.sheet
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 1 if one_page else 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_margins.left = sheet.page_margins.right = 0.5
        sheet.page_margins.top = sheet.page_margins.bottom = 0.6
        if self.print_header is not None:
            sheet.print_title_rows = f"{self.print_header}:{self.print_header}"
        sheet.oddFooter.left.text = "CCM needs tracker — &A"
        sheet.oddFooter.right.text = "Page &P of &N"
        sheet.oddFooter.left.size = sheet.oddFooter.right.size = 8
