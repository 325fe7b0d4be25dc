"""A form's sheet (A–J) → fact rows of the report, generic over the layout data.

Key–value fields go to one row per fact table named in the sheet's ``records`` (with its
constants, e.g. ``article: 3`` for Form B); tables go to one row per data row. Every row carries
the real sheet name and its provenance cell: the first field's value cell for key–value records
(the status cell for article facts, the summary cell for form texts), the table's ``cell`` column
(Form I's ``Assistance needed``) or else the first cell of the row. Every row holds every model
column the layout fills, so the loader can insert a table's rows with one ``executemany``. A table
of assistance flows (``flow:`` in the layout) becomes flow rows through
:mod:`tracker.ingest.flows`.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from tracker.ingest.parsed import ParsedReport
from tracker.layouts import FieldSpec, SheetSpec, TableSpec

from .cells import INVALID, Context
from .flows import FlowRules, flow_rows
from .grid import Grid
from .records import model_columns, read_fields, read_rows, to_model
from .tables import SheetScan, scan_sheet


def sheet_has_data(
    grid: Grid, spec: SheetSpec, ctx: Context, foreign: tuple[TableSpec, ...] = ()
) -> tuple[SheetScan, bool]:
    """Scan a form sheet (layout issues go to ``ctx``) and say whether it holds any data.

    ``foreign``: tables of a newer layout to recognise but not read (see ``scan_sheet``).
    """
    scan = scan_sheet(grid, spec, ctx, foreign)
    return scan, scan.filled


def read_form(
    grid: Grid, spec: SheetSpec, scan: SheetScan, ctx: Context, report: ParsedReport | None
) -> None:
    """Read the form's values; valid rows are added to ``report`` (when there is one)."""
    columns = model_columns(ctx.layout)
    values = read_fields(grid, spec, scan, ctx)
    by_target = _record_fields(spec)
    for target, constants in spec.records.items():
        fields = by_target.get(target, ())
        if not fields:
            continue
        got = {f.name: values[f.name].value for f in fields}
        if any(v is INVALID for v in got.values()):
            continue
        if all(v is None for v in got.values()):
            continue  # nothing written: no record (a required field has its own issue)
        if any(values[f.name].value is None for f in fields if f.required):
            continue
        row: dict[str, Any] = dict(_empty_row(columns[target]))
        row.update(constants)
        to_model(got, fields, row)
        row["sheet"] = grid.name
        row["cell"] = next(values[f.name].cell for f in fields if values[f.name].cell)
        for f in fields:
            if f.cell_column and values[f.name].value is not None:
                row[f.cell_column] = values[f.name].cell
        if report is not None:
            report.rows(target).append(row)
    for table in spec.tables:
        found = scan.tables.get(table.name)
        if found is None or not found.complete:
            continue
        if table.flow is not None:
            rules = FlowRules(
                side=table.flow.side,
                reporter=report.state_iso3 if report is not None else None,
                year=report.reporting_year if report is not None else None,
                checked=table.flow.checked,
            )
            flows = flow_rows(read_rows(grid, found, ctx), found, grid.name, ctx, rules)
            if report is not None:
                report.rows(table.target).extend(flows)
            continue
        empty, singles, multis = _model_plan(table, columns[table.target])
        rows: list[dict[str, Any]] = []
        for values_row in read_rows(grid, found, ctx):
            row = dict(empty)
            for name, column in singles:
                row[column] = values_row[name]
            for field in multis:
                to_model(values_row, (field,), row)
            row["sheet"], row["cell"] = values_row["sheet"], values_row["cell"]
            rows.append(row)
        if report is not None and rows:  # a fact table is named in the report once it has rows
            report.rows(table.target).extend(rows)


@cache
def _empty_row(columns: tuple[str, ...]) -> dict[str, Any]:
    """A model row with every column None, made once per fact table (callers copy it)."""
    return dict.fromkeys(columns)


@cache
def _record_fields(spec: SheetSpec) -> dict[str, tuple[FieldSpec, ...]]:
    """The sheet's key–value fields by the fact table they go to (in the sheet's order)."""
    fields: dict[str, tuple[FieldSpec, ...]] = {}
    for field in spec.fields:
        fields[field.target] = (*fields.get(field.target, ()), field)
    return fields


@cache
def _model_plan(
    table: TableSpec, columns: tuple[str, ...]
) -> tuple[dict[str, Any], tuple[tuple[str, str], ...], tuple[FieldSpec, ...]]:
    """How a table's values become a model row (as :func:`to_model`, decided once per table).

    The empty row (every model column None), the one-column fields as (field, model column),
    and the fields that fill several columns (a recipient: State and "global").
    """
    singles = tuple((f.name, f.columns[0]) for f in table.columns if len(f.columns) == 1)
    multis = tuple(f for f in table.columns if len(f.columns) != 1)
    return dict.fromkeys(columns), singles, multis
