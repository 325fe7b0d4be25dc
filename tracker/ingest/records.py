"""Reading the values of a scanned sheet: key–value fields and table rows, with their cells.

:mod:`tracker.ingest.tables` found where things are; this module reads them with
:mod:`tracker.ingest.cells` and applies the layout's "required" rules. Values that could not be
read are :data:`~tracker.ingest.cells.INVALID` (their issue is already recorded); callers drop
the row or record that holds them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from tracker.issues import cell_name
from tracker.layouts import FieldSpec, Layout, SheetSpec
from tracker.values import ValueProblem

from .cells import INVALID, READERS, Context, formula_issue, read_value, record_problem
from .grid import Grid, Uncalculated
from .tables import FoundTable, SheetScan


@dataclass
class Value:
    """A read value and the cell it came from (None when its label is not on the sheet)."""

    value: Any
    cell: str | None
    raw: Any = None  # the cell's content as found (shown in issues about the value)


def _missing(
    ctx: Context, spec: FieldSpec, sheet: str, cell: str | None, why: str = "", **params: object
) -> None:
    """``missing-required-value``; ``why``: "" (always required), "when" or "one-of"."""
    variant = why if cell else (f"{why}-label" if why else "label")
    ctx.error(
        "missing-required-value",
        variant,
        label=spec.text(ctx.lang),
        at=cell,
        sheet=sheet,
        cell=cell,
        field=spec.name,
        **params,
    )


def read_fields(grid: Grid, spec: SheetSpec, scan: SheetScan, ctx: Context) -> dict[str, Value]:
    """Every key–value field of the sheet (value None when blank or absent)."""
    values: dict[str, Value] = {}
    for field in spec.fields:
        row = scan.labels.get(field.name)
        if row is None:
            values[field.name] = Value(None, None)
            continue
        cell = cell_name(row, 1)
        raw = grid.value(row, 1)
        formula = grid.formulas.get((row, 1)) if grid.formulas else None
        value = read_value(ctx, field, raw, sheet=grid.name, cell=cell, formula=formula)
        values[field.name] = Value(value, cell, raw)
    for field in spec.fields:
        got = values[field.name]
        if got.value is not None:
            continue
        if field.required:
            _missing(ctx, field, grid.name, got.cell)
        for other, code in field.required_if.items():
            if values[other].value == code:
                _missing(ctx, field, grid.name, got.cell, "when", other=other, choice=code)
    return values


def read_rows(grid: Grid, found: FoundTable, ctx: Context) -> list[dict[str, Any]]:
    """The valid data rows of a table as ``{column name: value}`` plus ``sheet`` and ``cell``.

    ``_row`` is the row's zero-based sheet row (rules on whole rows name other cells of it).

    A row with an unreadable value or a blank required value is left out (after its issue).
    """
    table = found.spec
    cell_col = found.columns.get(table.cell or "", found.first_col)
    # What to do for each column is decided once per table, not per cell: this loop reads some
    # 300 cells per workbook, so it calls the type's reader directly (see ``read_value``).
    present = [
        (column, col, READERS[column.type])
        for column in table.columns
        if (col := found.columns.get(column.name)) is not None
    ]
    absent = {column.name: None for column in table.columns if column.name not in found.columns}
    currencies = [(c, c.currency) for c in table.columns if c.currency]  # amount, its currency
    out: list[dict[str, Any]] = []
    formulas = grid.formulas
    for row in found.rows:
        cells = grid.rows[row]
        width = len(cells)
        values: dict[str, Any] = dict(absent)
        bad = False
        for column, col, reader in present:
            raw = cells[col] if col < width else ""
            value: Any = None
            if formulas and ((row, col) in formulas or type(raw) is Uncalculated):
                formula = formulas.get((row, col))  # None in a merge's copy of the cell
                if not formula_issue(ctx, column, raw, formula, sheet=grid.name, cell=(row, col)):
                    values[column.name] = INVALID
                    bad = True
                    continue
            if not (raw is None or (type(raw) is str and (not raw or raw.isspace()))):
                try:
                    value = reader(ctx, column, raw)
                except ValueProblem as problem:
                    record_problem(ctx, problem, column, raw, sheet=grid.name, cell=(row, col))
                    value = INVALID
                    bad = True
            if value is None:
                if column.tick:
                    value = False
                elif column.required:
                    _missing(ctx, column, grid.name, cell_name(row, col))
                    bad = True
            values[column.name] = value
        if table.require_one_of and all(values[n] is None for n in table.require_one_of):
            first = table.column(table.require_one_of[0])
            col = found.columns.get(first.name, found.first_col)
            names = " or ".join(table.column(n).text(ctx.lang) for n in table.require_one_of)
            _missing(ctx, first, grid.name, cell_name(row, col), "one-of", others=names)
            bad = True
        for column, currency_name in currencies:
            value = values[column.name]
            # Identity tests: ``in (None, INVALID)`` would compare a Decimal with each, which
            # asks the numbers ABCs whether they are Rational (ten times as slow).
            if value is not None and value is not INVALID and not values[currency_name]:
                currency = table.column(currency_name)
                col = found.columns.get(currency.name, found.columns[column.name])
                ctx.error(
                    "missing-currency",
                    column=column.text(ctx.lang),
                    currency=currency.text(ctx.lang),
                    sheet=grid.name,
                    cell=cell_name(row, col),
                    field=currency.name,
                )
                bad = True
        if not bad:
            values["sheet"] = grid.name
            values["cell"] = cell_name(row, cell_col)
            values["_row"] = row
            out.append(values)
    return out


@cache
def model_columns(layout: Layout) -> dict[str, tuple[str, ...]]:
    """Fact table → every model column the layout fills (each row carries all, for executemany)."""
    columns: dict[str, list[str]] = {}

    def add(target: str, names: tuple[str, ...] | list[str]) -> None:
        bucket = columns.setdefault(target, [])
        bucket.extend(n for n in names if n not in bucket)

    for sheet in layout.sheets:
        for target, constants in sheet.records.items():
            add(target, list(constants))
        for field in sheet.fields:
            add(field.target, field.columns)
            if field.cell_column:
                add(field.target, [field.cell_column])
        for table in sheet.tables:
            for column in table.columns:
                add(table.target, column.columns)
    return {k: tuple(v) for k, v in columns.items()}


def to_model(
    values: dict[str, Any], fields: tuple[FieldSpec, ...], row: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Field values → model columns (a multi-column field, like a recipient, fills several).

    The columns are set in ``row`` when it is given (a model row being filled), else in a new
    dict; either is returned.
    """
    row = {} if row is None else row
    for field in fields:
        value = values.get(field.name)
        if len(field.columns) == 1:
            row[field.columns[0]] = value
        else:
            parts = value if isinstance(value, tuple) else (None,) * len(field.columns)
            row.update(zip(field.columns, parts, strict=True))
    return row
