"""Finding a sheet's key–value labels and tables, and the layout problems around them.

One pass over a sheet's grid classifies every row: a key–value label (column A, value in column
B), a table title, a table's header row (the first row holding all the table's required headers,
in any order and column), its data rows (until the first entirely blank row), rows after that
gap (warning ``rows-after-gap``), or an unknown label (warning ``unknown-label``). Nothing on a
sheet is dropped without an issue. Values are not read here: :mod:`tracker.ingest.forms` does
that with the rows this module found.

*Foreign* tables (those a layout extending this one adds, looked for when the cover's Layout
cell is blank) are found like the sheet's own, so that their rows are never read as another
table's and never reported as unknown labels, but they are not read: the reader says why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, partial
from operator import itemgetter
from typing import Any

from tracker.issues import cell_name
from tracker.layouts import SheetSpec, TableSpec

from .cells import Context, as_text
from .grid import Grid, cells_blank, is_blank, known_key, norm


@dataclass
class FoundTable:
    """A table located on a sheet: its header row, column positions and (unique) data rows."""

    spec: TableSpec
    header_row: int
    columns: dict[str, int]  # column name -> sheet column index
    rows: list[int] = field(default_factory=list)
    complete: bool = True  # False when a required header is missing (rows are not read)
    end: int = 0  # the row that ended the data (blank, label or another table's header)

    @property
    def first_col(self) -> int:
        """The leftmost column of the table (its rows' provenance cell by default)."""
        return min(self.columns.values())


@dataclass
class SheetScan:
    """What one pass found on a sheet."""

    labels: dict[str, int] = field(default_factory=dict)  # field name -> row
    tables: dict[str, FoundTable] = field(default_factory=dict)
    filled: bool = False  # any key–value value or table row: the sheet holds data
    foreign: list[FoundTable] = field(default_factory=list)  # found but not read


def _row_texts(
    cells: list[Any], key: Callable[[str], str], known: frozenset[str]
) -> dict[str, int]:
    """Each header text of a row → its first column, in column order (``key`` normalises).

    Only the texts that are some table's header (``known``) are kept: no other text can make a
    row a header row or name a column, and most rows (data rows) then give an empty dict.
    """
    texts: dict[str, int] = {}
    for col, value in enumerate(cells):
        if isinstance(value, str) and value:
            text = key(value)
            if text in known and text not in texts:
                texts[text] = col
    return texts


def _columns(texts: dict[str, int], table: TableSpec) -> dict[str, int]:
    """The table's columns found among a row's texts (column name → sheet column).

    ``texts`` is in column order (:func:`_row_texts`): a column named twice is the leftmost.
    """
    found: dict[str, int] = {}
    for text, col in texts.items():
        name = table.header_lookup.get(text)
        if name is not None and name not in found:
            found[name] = col
    return found


def _picker(cols: list[int]) -> Callable[[list[Any]], tuple[Any, ...]]:
    """A row's values in ``cols`` as a tuple (``itemgetter`` gives a bare value for one column)."""
    if len(cols) == 1:
        col = cols[0]
        return lambda cells: (cells[col],)
    return itemgetter(*cols)


def _missing(table: TableSpec, columns: dict[str, int]) -> list[str]:
    """Names of required headers absent from ``columns`` (one-of groups count as one)."""
    missing = [c.name for c in table.columns if c.header_required and c.name not in columns]
    if table.require_one_of and not any(n in columns for n in table.require_one_of):
        missing.append("|".join(table.require_one_of))
    return missing


def _required(tables: tuple[TableSpec, ...]) -> dict[TableSpec, frozenset[str]]:
    """Per table, the names of its required columns."""
    return {t: frozenset(c.name for c in t.required_headers) for t in tables}


@cache
def _sheet_headers(spec: SheetSpec) -> tuple[dict[TableSpec, frozenset[str]], frozenset[str]]:
    """Per table, its required column names; and every header text of the sheet's tables.

    A row holding none of the header texts is never a header row (the common, cheap case).
    """
    return _required(spec.tables), frozenset(h for t in spec.tables for h in t.header_lookup)


@cache
def _identities(spec: SheetSpec) -> tuple[dict[str, str], dict[str, str]]:
    """What each known text of a sheet names: column-A texts (labels, titles), and headers.

    Two halves of a text written in two languages are one text when they name the same thing
    (:func:`~tracker.ingest.grid.known_key`): a label its field, a title its table, a header its
    column (by its English text, which is the same column in every table of the sheet).
    """
    column_a = {text: f"field:{name}" for text, name in spec.label_lookup.items()}
    for table in spec.tables:
        for title in (*table.title.values(), *table.title_aliases):
            column_a.setdefault(known_key(title, {}), f"table:{table.name}")
    headers = {
        text: f"column:{column.text('en')}"
        for table in spec.tables
        for column in table.columns
        for text in column.matches()
    }
    return column_a, headers


class _Scanner:
    def __init__(
        self,
        grid: Grid,
        spec: SheetSpec,
        ctx: Context,
        bilingual: bool,
        foreign: tuple[TableSpec, ...] = (),
    ) -> None:
        self.grid, self.spec, self.ctx, self.foreign = grid, spec, ctx, foreign
        self.scan = SheetScan()
        self.claimed: set[int] = set()
        self.label_rows: set[int] = set()  # rows whose column A is a label or a title (run)
        # Texts are normalised whole on a first look; on a second one (see scan_sheet), a text
        # written in two languages at once is read as its known half.
        column_a, headers = _identities(spec)
        label: Callable[[str], str] = partial(known_key, identities=column_a) if bilingual else norm
        self._key: Callable[[str], str] = (
            partial(known_key, identities=headers) if bilingual else norm
        )
        self.col_a = [
            label(cells[0]) if cells and type(cells[0]) is str and cells[0] else ""
            for cells in grid.rows
        ]
        for r, c in grid.merged_copies:  # a merged label counts once, in its first cell
            if c == 0:
                self.col_a[r] = ""
        self._texts: dict[int, dict[str, int]] = {}
        self._tables = (*spec.tables, *foreign)  # the sheet's own first: they win a row
        self._required, self._header_texts = _sheet_headers(spec)
        self._foreign_titles: frozenset[str] = frozenset()
        if foreign:
            self._required = {**self._required, **_required(foreign)}
            self._header_texts |= {h for t in foreign for h in t.header_lookup}
            self._foreign_titles = frozenset(
                norm(t) for tb in foreign for t in (*tb.title.values(), *tb.title_aliases)
            )

    def texts(self, row: int) -> dict[str, int]:
        """The row's header texts, normalised, → their first column (computed once per row)."""
        texts = self._texts.get(row)
        if texts is None:
            texts = _row_texts(self.grid.rows[row], self._key, self._header_texts)
            self._texts[row] = texts
        return texts

    def header_text(self, row: int, col: int) -> str:
        """The normalised text of a header cell (its known half, in two languages)."""
        value = self.grid.value(row, col)
        return self._key(value) if isinstance(value, str) else ""

    def row_columns(self, row: int, table: TableSpec) -> dict[str, int]:
        """The table's headers present in ``row``."""
        return _columns(self.texts(row), table)

    def is_label(self, row: int) -> bool:
        return row in self.label_rows

    def header_of(self, row: int, table: TableSpec) -> dict[str, int] | None:
        texts = self.texts(row)
        if not texts:  # no header text at all: the common, cheap case
            return None
        columns = _columns(texts, table)
        return columns if self._required[table] <= columns.keys() else None

    def stops_data(self, row: int, table: TableSpec) -> bool:
        """True when ``row`` (a row of the sheet) ends the data of ``table``.

        Asked of every data row: a blank row, a label or a title ends it; so does another
        table's header, looked for only in a row holding a header text.
        """
        if cells_blank(self.grid.rows[row]) or row in self.label_rows:
            return True
        return (
            len(self._tables) > 1
            and bool(self.texts(row))
            and any(self.header_of(row, t) for t in self._tables if t is not table)
        )

    def run(self) -> SheetScan:
        labels, titles = self.spec.label_lookup, self.spec.title_lookup
        for row, text in enumerate(self.col_a):
            name = labels.get(text)
            if name is not None:
                if name in self.scan.labels:
                    self.ctx.warning(
                        "duplicate-label",
                        row=self.scan.labels[name] + 1,
                        sheet=self.grid.name,
                        cell=cell_name(row, 0),
                        field=name,
                        value=self.grid.value(row, 0),
                    )
                else:
                    self.scan.labels[name] = row
                    self.scan.filled |= not is_blank(self.grid.value(row, 1))
                self.claimed.add(row)
                self.label_rows.add(row)
            elif text in titles:
                self.claimed.add(row)
                self.label_rows.add(row)
            elif text in self._foreign_titles:
                self.claimed.add(row)
        self._find_tables()
        self._find_partial_tables()
        for table in self.scan.tables.values():
            self._after_gap(table)
            self._unknown_columns(table)
        self._unknown_labels()
        return self.scan

    def _find_tables(self) -> None:
        pending = list(self._tables)
        claimed, height = self.claimed, self.grid.height
        row = 0
        while row < height and pending:
            if row not in claimed and self.texts(row):
                for table in list(pending):
                    columns = self.header_of(row, table)
                    if columns is None:
                        continue
                    is_foreign = any(table is t for t in self.foreign)
                    if is_foreign and row in self.claimed:
                        continue  # a header row of the sheet's own table is never foreign
                    pending.remove(table)
                    found = FoundTable(table, row, columns)
                    self.claimed.add(row)
                    if is_foreign:
                        self.scan.foreign.append(found)
                        self._data_rows(found)
                        break
                    self.scan.tables[table.name] = found
                    self._data_rows(found)
                    missing = _missing(table, columns)
                    if missing:
                        self._missing_column(found, missing)
            row += 1

    def _find_partial_tables(self) -> None:
        """A row with several headers of a table that was not found: its header is missing."""
        for table in self.spec.tables:
            if table.name in self.scan.tables:
                continue
            others = {h for t in self.spec.tables if t is not table for h in t.header_lookup}
            for row in range(self.grid.height):
                if row in self.claimed or self.is_label(row):
                    continue
                columns = self.row_columns(row, table)
                texts = {self.header_text(row, col) for col in columns.values()}
                if len(columns) >= 2 and texts - others:
                    found = FoundTable(table, row, columns)
                    self.scan.tables[table.name] = found
                    self.claimed.add(row)
                    self._data_rows(found)
                    self._missing_column(found, _missing(table, columns))
                    break

    def _missing_column(self, found: FoundTable, missing: list[str]) -> None:
        found.complete = False
        lang = self.ctx.lang
        names = [
            " or ".join(repr(found.spec.column(n).text(lang)) for n in group.split("|"))
            for group in missing
        ]
        self.ctx.error(
            "missing-column",
            names=", ".join(names),
            row=found.header_row + 1,
            sheet=self.grid.name,
            cell=cell_name(found.header_row, found.first_col),
            field=found.spec.name,
            value=", ".join(names).replace("'", ""),
        )

    def _data_rows(self, found: FoundTable) -> None:
        cols = sorted(found.columns.values())
        pick = _picker(cols)
        rows, claimed, height = self.grid.rows, self.claimed, self.grid.height
        seen: dict[tuple[object, ...], int] = {}
        row = found.header_row + 1
        while row < height and not self.stops_data(row, found.spec):
            claimed.add(row)
            cells = rows[row]
            if len(cells) > cols[-1]:
                key = pick(cells)
            else:  # a row shorter than the header's (a grid calamine did not make): blanks
                key = tuple([cells[c] if c < len(cells) else "" for c in cols])
            if cells_blank(key):
                row += 1
                continue
            if key in seen:
                self.ctx.warning(
                    "duplicate-row",
                    row=seen[key] + 1,
                    sheet=self.grid.name,
                    cell=cell_name(row, found.first_col),
                    field=found.spec.name,
                    value=" | ".join(as_text(v) for v in key),
                )
            else:
                seen[key] = row
                found.rows.append(row)
            row += 1
        self.scan.filled |= bool(found.rows)
        found.end = row

    def _after_gap(self, found: FoundTable) -> None:
        row = found.end
        if row >= self.grid.height or not self.grid.row_is_blank(row):
            return
        cols = list(found.columns.values())
        while row < self.grid.height and row not in self.claimed and not self.is_label(row):
            if any(not is_blank(self.grid.value(row, c)) for c in cols):
                self.ctx.warning(
                    "rows-after-gap",
                    row=found.header_row + 1,
                    sheet=self.grid.name,
                    cell=cell_name(row, found.first_col),
                    field=found.spec.name,
                    value=" | ".join(as_text(self.grid.value(row, c)) for c in sorted(cols)),
                )
                self.claimed.add(row)
            row += 1

    def _unknown_columns(self, found: FoundTable) -> None:
        row = found.header_row
        known = set(found.columns.values())
        for other in self.scan.tables.values():
            if other.header_row == row:
                known |= set(other.columns.values())
        copies = self.grid.merged_copies
        for col, value in enumerate(self.grid.rows[row]):
            if col not in known and not is_blank(value) and (row, col) not in copies:
                self.ctx.warning(
                    "unknown-column",
                    headers=", ".join(c.text(self.ctx.lang) for c in found.spec.columns),
                    sheet=self.grid.name,
                    cell=cell_name(row, col),
                    field=found.spec.name,
                    value=value,
                )

    def _unknown_labels(self) -> None:
        claimed, copies = self.claimed, self.grid.merged_copies
        for row, cells in enumerate(self.grid.rows):
            if row in claimed or (row, 0) in copies:
                continue
            value = cells[0] if cells else ""
            if not is_blank(value):
                labels = ", ".join(repr(f.text(self.ctx.lang)) for f in self.spec.fields)
                self.ctx.warning(
                    "unknown-label",
                    labels=labels or "the table headers",
                    sheet=self.grid.name,
                    cell=cell_name(row, 0),
                    value=value,
                )


# Issues of a first look that a text written in two languages at once may have caused.
_SECOND_LOOK = frozenset({"unknown-label", "unknown-column", "missing-column"})


def scan_sheet(
    grid: Grid, spec: SheetSpec, ctx: Context, foreign: tuple[TableSpec, ...] = ()
) -> SheetScan:
    """Labels and tables of ``grid`` read as the layout's ``spec``; layout issues go to ``ctx``.

    A first look normalises every text whole. When it leaves a table unfound or a label, a
    header or a column unknown, the sheet is looked at again reading texts written in two
    languages at once (``Date of submission / تاريخ التقديم``) by either half, and that look
    counts: splitting is only paid for on the sheets that may need it, not on every cell of
    every file. ``foreign`` tables are found (``scan.foreign``) but not read (see the module
    docstring).
    """
    first = Context(ctx.file, ctx.layout, ctx.lang)
    scan = _Scanner(grid, spec, first, bilingual=False, foreign=foreign).run()
    if len(scan.tables) < len(spec.tables) or any(i.code in _SECOND_LOOK for i in first.issues):
        first = Context(ctx.file, ctx.layout, ctx.lang)
        scan = _Scanner(grid, spec, first, bilingual=True, foreign=foreign).run()
    ctx.issues.extend(first.issues)
    return scan
