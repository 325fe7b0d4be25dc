"""A file of assistance flows from another source → flow rows and issues (``assistance.md`` §2).

Monitor tables, IATI exports and the like, saved as CSV (UTF-8, a BOM allowed, comma or
semicolon separated) or as ``.xlsx`` / ``.xlsm`` (through the import's size and safety guard).
The table is layout ``ccm-a7/2``'s ``flow_file`` (data, like every table): its header row is the
first row holding all of Donor, Recipient, Year, Area, Amount, Currency, Type and Source (any of
their aliases, ``_`` and ``-`` read as spaces); a workbook's first sheet holding it is read, the
others are noted (``sheet-ignored``). Rows are read by the import's own table machinery
(:mod:`tracker.ingest.tables`, :mod:`tracker.ingest.records`) and made flows by
:mod:`tracker.ingest.flows`, so every value rule and message is the Article 7 workbook's.

Pointers: a workbook's cell as ``Sheet1!D7``; a CSV row as ``row 7, amount (D7)`` (the cell it
has once opened in a spreadsheet), with no sheet. A semicolon-separated CSV is read with the
decimal comma (``1 250,5``), as the spreadsheets that write it do; a comma-separated one with the
decimal point. Bad input never raises: it becomes issues, and a file with an error is rejected
whole. Storing the rows (``tracker assistance import``) is the loader's business.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker import clock
from tracker.codes import issue
from tracker.ingest.parsed import FactRowData
from tracker.issues import Issue, has_errors
from tracker.layouts import Layout, SheetSpec, TableSpec, get_layout

from .cells import Context
from .flows import FlowRules, flow_rows
from .grid import Grid, SheetError, Workbook
from .guard import DEFAULT_MAX_UNZIPPED_BYTES, inspect_workbook
from .records import read_rows
from .tables import scan_sheet

FLOW_LAYOUT = "ccm-a7/2"
_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0"
_CELL = re.compile(r"^([A-Z]+)(\d+)$")
_LANG = {",": "en", ";": "fr"}  # how numbers are written in a CSV with that separator


@dataclass
class ParsedFlowFile:
    """A flow file after reading and validation (``rows`` empty when it could not be read)."""

    path: str  # as named in messages
    file_name: str
    sha256: str
    size_bytes: int
    kind: str  # "csv" or "workbook"
    sheet: str | None = None  # the sheet read (None for a CSV)
    rows: list[FactRowData] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    content: bytes | None = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        """True when no issue rejects the file."""
        return not has_errors(self.issues)


def _table(layout: Layout) -> tuple[SheetSpec, TableSpec]:
    table = layout.flow_file
    assert table is not None, f"layout {layout.id} has no flow_file table"
    sheet = SheetSpec(
        key="flows",
        form=None,
        names={"en": table.name},
        aliases=(),
        fields=(),
        tables=(table,),
        records={},
    )
    return sheet, table


def _headers(table: TableSpec) -> str:
    return ", ".join(c.text("en") for c in table.required_headers)


def read_flow_file(
    path: Path,
    *,
    max_unzipped_bytes: int = DEFAULT_MAX_UNZIPPED_BYTES,
    display_path: str | None = None,
) -> ParsedFlowFile:
    """Read and validate one flow file; never raises for bad input."""
    path = Path(path)
    shown = display_path if display_path is not None else str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        parsed = ParsedFlowFile(shown, path.name, "", 0, "csv")
        parsed.issues.append(issue(shown, "unreadable-file", reason=exc.strerror or exc))
        return parsed
    sha256 = hashlib.sha256(data).hexdigest()
    if data.startswith(_ZIP):
        parsed = ParsedFlowFile(shown, path.name, sha256, len(data), "workbook")
        _read_workbook(data, parsed, max_unzipped_bytes)
    else:
        parsed = ParsedFlowFile(shown, path.name, sha256, len(data), "csv")
        _read_csv(data, path, parsed, max_unzipped_bytes)
    if parsed.ok:
        parsed.content = data
    return parsed


def _not_a_flow_file(parsed: ParsedFlowFile, variant: str, **params: Any) -> None:
    parsed.issues.append(issue(parsed.path, "not-a-flow-file", variant, **params))


def _read_csv(data: bytes, path: Path, parsed: ParsedFlowFile, limit: int) -> None:
    if data.startswith(_OLE2):
        _not_a_flow_file(parsed, "old-xls")
        return
    if len(data) > limit:
        size = f"{limit // (1024 * 1024)} MB"
        parsed.issues.append(issue(parsed.path, "too-large", "csv", limit=size))
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        byte = f"{data[exc.start]:02X}"
        parsed.issues.append(issue(parsed.path, "bad-encoding", byte=byte, line=line))
        return
    if "\x00" in text:
        _not_a_flow_file(parsed, "binary")
        return
    layout = get_layout(FLOW_LAYOUT)
    spec, table = _table(layout)
    grid, lang = _csv_grid(text, path.stem, spec, table)
    ctx = Context(parsed.path, layout, lang)
    _read_grid(grid, spec, table, ctx, parsed, sheet=None)
    parsed.issues.extend(_csv_pointers(i, table) for i in ctx.issues)


def _csv_grid(text: str, name: str, spec: SheetSpec, table: TableSpec) -> tuple[Grid, str]:
    """The CSV as a grid, split by the separator that finds the header row.

    Comma first, then semicolon; when neither finds the headers, the one the first line holds
    more of. A semicolon-separated file comes from a spreadsheet that writes the decimal comma:
    its numbers are read as French ones.
    """
    grids = {
        delimiter: Grid(name, list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)))
        for delimiter in (",", ";")
    }
    for delimiter, grid in grids.items():
        found = scan_sheet(grid, spec, Context("", get_layout(FLOW_LAYOUT))).tables
        if table.name in found:
            return grid, _LANG[delimiter]
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return grids[delimiter], _LANG[delimiter]


def _csv_pointers(found: Issue, table: TableSpec) -> Issue:
    """A CSV issue's cell as ``row 7, amount (D7)``, and no sheet."""
    if found.cell is None or (match := _CELL.match(found.cell)) is None:
        return dataclasses.replace(found, sheet=None)
    names = {c.name for c in table.columns}
    column = f", {found.field}" if found.field in names else ""
    return dataclasses.replace(found, sheet=None, cell=f"row {match[2]}{column} ({found.cell})")


def _read_workbook(data: bytes, parsed: ParsedFlowFile, limit: int) -> None:
    guard = inspect_workbook(io.BytesIO(data), parsed.path, max_unzipped_bytes=limit)
    for found in guard.issues:
        # not-a-flow-file has every template of not-a-workbook: same variant, same parameters.
        if found.code == "not-a-workbook":
            found = dataclasses.replace(found, code="not-a-flow-file")
        parsed.issues.append(found)
    if guard.issues:
        return
    layout = get_layout(FLOW_LAYOUT)
    spec, table = _table(layout)
    try:
        book = Workbook(data, guard.package)
    except Exception as exc:  # calamine's errors for a file it cannot open
        _not_a_flow_file(parsed, "unopenable", reason=exc)
        return
    try:
        chosen: str | None = None
        for name in book.sheet_names:
            grid = book.grid(name)
            if chosen is None and table.name in scan_sheet(grid, spec, Context("", layout)).tables:
                chosen = parsed.sheet = name
                ctx = Context(parsed.path, layout)
                _read_grid(grid, spec, table, ctx, parsed, sheet=name)
                parsed.issues.extend(ctx.issues)
        if chosen is None:
            _no_header(parsed, table)
        for name in book.sheet_names:
            if (
                name != chosen
                and chosen is not None
                and any(True for _ in book.grid(name).filled())
            ):
                parsed.issues.append(
                    issue(parsed.path, "sheet-ignored", "flow-file", sheet=name, chosen=chosen)
                )
    except SheetError as exc:
        parsed.issues.append(
            issue(parsed.path, "damaged-workbook", sheet=exc.sheet, reason=exc.reason)
        )
    finally:
        book.close()


def _no_header(parsed: ParsedFlowFile, table: TableSpec) -> None:
    _not_a_flow_file(parsed, "no-header", headers=_headers(table))


def _read_grid(
    grid: Grid,
    spec: SheetSpec,
    table: TableSpec,
    ctx: Context,
    parsed: ParsedFlowFile,
    *,
    sheet: str | None,
) -> None:
    scan = scan_sheet(grid, spec, ctx)
    found = scan.tables.get(table.name)
    if found is None:
        _no_header(parsed, table)
        return
    if not found.complete:
        return  # missing-column says which header is missing
    if not found.rows:
        ctx.error("no-rows", sheet=grid.name)
        return
    assert table.flow is not None
    rules = FlowRules(
        side=table.flow.side, reporter=None, year=clock.today().year, future_only=True
    )
    values: list[dict[str, Any]] = read_rows(grid, found, ctx)
    parsed.rows = flow_rows(values, found, sheet, ctx, rules)
