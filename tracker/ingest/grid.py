"""Sheets as plain grids of cell values, read once with calamine, merged cells filled.

calamine (Rust) is fast and never runs macros or formulas: a formula cell gives its cached value.
calamine does not say which cells hold formulas, so for a sheet whose XML holds any (the guard
noted it) the formulas are read from the XML (:func:`tracker.ingest.package.formulas`): the grid
keeps them by position, and a formula without a computed value (or with an error as its value)
becomes an :class:`Uncalculated` cell instead of the blank calamine gives, so it is never read
as empty. Each sheet is read in one call into a list of rows whose indexes are the real
(zero-based) sheet rows and columns, so A1 names can be computed from positions. A merged range
is read as if its
top-left value filled every cell of the range; the filled copies are remembered so that a label
merged over two rows is not seen twice.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.text import normalize, parts

from .package import Formula, Package, formulas, member_map, repack

# :func:`tracker.text.normalize` is cached itself (one cache for the process, shared with the
# value parsers and the layouts), so the reader calls it directly under its short name.
norm = normalize


def known_key(value: str, identities: Mapping[str, str]) -> str:
    """The normalised text of a cell, read in either language when it is written in two.

    ``identities`` maps the normalised texts the caller knows to what they name (a field, a
    column, a title). A cell written in two languages at once (``Date of submission / تاريخ
    التقديم``) whose halves all name the same thing is read as its first half; any other cell
    as its whole text. Only a text the caller does not know is split (the rare case).
    """
    key = norm(value)
    if key in identities or not (halves := parts(value)):
        return key
    keys = [norm(half) for half in halves]
    named = {identities.get(k) for k in keys}
    return keys[0] if len(named) == 1 and None not in named else key


def is_blank(value: object) -> bool:
    """True for an empty cell (calamine gives ``""``) or one holding only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def cells_blank(cells: list[Any] | tuple[Any, ...]) -> bool:
    """True when every value is blank (fast path: most rows have a truthy value early)."""
    for value in cells:
        if value and not (type(value) is str and value.isspace()):
            return False
        if value == 0 and value is not None and value != "":  # a real 0 (or False) is a value
            return False
    return True


@dataclass(frozen=True)
class Uncalculated:
    """A formula cell whose file holds no computed value (or holds an error): never a value."""

    formula: Formula

    def __str__(self) -> str:
        return f"={self.formula.text}"


@dataclass
class Grid:
    """One sheet's values: ``rows[r][c]`` with zero-based real positions.

    ``formulas`` holds the formula cells by position (empty for a sheet without formulas).
    """

    name: str
    rows: list[list[Any]]
    merged_copies: set[tuple[int, int]] = field(default_factory=set)
    formulas: dict[tuple[int, int], Formula] = field(default_factory=dict)

    def formula(self, row: int, col: int) -> Formula | None:
        """The formula of a cell, None for a plain value."""
        return self.formulas.get((row, col)) if self.formulas else None

    @property
    def height(self) -> int:
        """Number of rows (the last used row + 1)."""
        return len(self.rows)

    def value(self, row: int, col: int) -> Any:
        """The value at (row, col), ``""`` outside the used area."""
        if row < len(self.rows):
            cells = self.rows[row]
            if col < len(cells):
                return cells[col]
        return ""

    def text(self, row: int, col: int) -> str:
        """The normalised text of a string cell (``""`` for blanks and non-text values)."""
        value = self.value(row, col)
        return norm(value) if isinstance(value, str) else ""

    def row_is_blank(self, row: int) -> bool:
        """True when every cell of the row is blank."""
        return row >= len(self.rows) or cells_blank(self.rows[row])

    def filled(self) -> Iterator[tuple[int, int, Any]]:
        """Every non-blank cell as (row, col, value)."""
        for r, cells in enumerate(self.rows):
            for c, value in enumerate(cells):
                if not is_blank(value):
                    yield r, c, value


def _fill_merges(rows: list[list[Any]], ranges: Any) -> set[tuple[int, int]]:
    copies: set[tuple[int, int]] = set()
    for (r0, c0), (r1, c1) in ranges or ():
        if r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        for r in range(r0, r1 + 1):
            if r >= len(rows):
                rows.append([])
            cells = rows[r]
            if len(cells) <= c1:
                cells.extend([""] * (c1 + 1 - len(cells)))
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    cells[c] = value
                    copies.add((r, c))
    return copies


def _is_panic(exc: BaseException) -> bool:
    """True for a Rust panic inside calamine (``pyo3_runtime.PanicException``).

    A panic derives from BaseException, not Exception, and its class cannot be imported: it is
    recognised by name. Seen on a date-formatted cell holding a huge negative number (-1e20),
    found by tests/test_fuzz_reader.py; without this it ended the whole import with a traceback.
    """
    return type(exc).__name__ == "PanicException"


class SheetError(Exception):
    """A sheet calamine cannot read (damaged XML, missing shared strings…)."""

    def __init__(self, sheet: str, reason: str) -> None:
        super().__init__(f"{sheet}: {reason}")
        self.sheet = sheet
        self.reason = reason


def _mark_uncalculated(rows: list[list[Any]], found: dict[tuple[int, int], Formula]) -> None:
    """Put an :class:`Uncalculated` where a formula has no usable value (calamine gave blank)."""
    for (r, c), formula in found.items():
        if formula.calculated and formula.error is None:
            continue
        while len(rows) <= r:
            rows.append([])
        cells = rows[r]
        if len(cells) <= c:
            cells.extend([""] * (c + 1 - len(cells)))
        cells[c] = Uncalculated(formula)


class Workbook:
    """A workbook opened with calamine; sheets are read on demand, each once.

    ``package`` (from the guard) is given when the package needs a look beyond calamine:
    formulas, or a zip calamine cannot read as it is (then an equivalent one is made in memory).
    """

    def __init__(self, source: Path | bytes, package: Package | None = None) -> None:
        """Open the workbook at a path, or from its bytes already read."""
        from python_calamine import CalamineError, CalamineWorkbook

        self._sheet_error = CalamineError  # what calamine raises for a sheet it cannot read
        self.package = package
        self._source = source
        if package is not None and package.needs_repack:
            source = repack(source if isinstance(source, bytes) else str(source), package)
        if isinstance(source, bytes):
            self._book = CalamineWorkbook.from_filelike(io.BytesIO(source))
        else:
            self._book = CalamineWorkbook.from_path(str(source))
        self.sheet_names: list[str] = list(self._book.sheet_names)
        self._grids: dict[str, Grid] = {}

    def _formulas(self, name: str) -> dict[tuple[int, int], Formula]:
        """The formula cells of a sheet (read from its XML only when the guard saw formulas)."""
        package = self.package
        sheet = package.sheet(name) if package is not None else None
        if package is None or sheet is None or sheet.part not in package.formula_parts:
            return {}
        import zipfile

        from .package import transcode

        source = self._source
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as zf:
            data = zf.read(member_map(zf)[sheet.part])
        try:
            return formulas(transcode(data), recalculate_on_load=package.recalculate_on_load)
        except Exception as exc:  # XML calamine read but ElementTree refuses
            raise SheetError(name, f"its formulas cannot be read ({exc})") from exc

    def grid(self, name: str) -> Grid:
        """The sheet called ``name`` as a :class:`Grid` (read and cached on first use)."""
        if name not in self._grids:
            try:
                sheet = self._book.get_sheet_by_name(name)
                rows: list[list[Any]] = sheet.to_python(skip_empty_area=False)
                ranges = sheet.merged_cell_ranges
            except self._sheet_error as exc:
                raise SheetError(name, str(exc)) from exc
            except BaseException as exc:
                if not _is_panic(exc):
                    raise
                raise SheetError(name, f"calamine could not convert a cell ({exc})") from exc
            found = self._formulas(name) if self.package is not None else {}
            if found:
                _mark_uncalculated(rows, found)
            copies = _fill_merges(rows, ranges)
            if copies or found:  # merges and formulas may lengthen rows: keep it rectangular
                width = max(map(len, rows), default=0)
                for cells in rows:
                    if len(cells) < width:
                        cells.extend([""] * (width - len(cells)))
            self._grids[name] = Grid(name, rows, copies, found)
        return self._grids[name]

    def close(self) -> None:
        """Release the file."""
        self._book.close()
