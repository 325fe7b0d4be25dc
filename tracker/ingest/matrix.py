"""The legacy matrix sheet: one annual report per row (spec "The matrix sheet").

A workbook whose first sheet has the matrix headers in row 1 is a matrix. Each non-blank row is
an annual report for ``Year`` (1 January – 31 December), channel ``matrix``, ``source_row`` the
sheet row. Status cells take the values of Forms B, F and H (blank: form not provided) and give
article facts whose cell is the status cell; need cells are yes/no (blank: no) and give one needs
row each, whose cell is the need cell. The column list is layout data (``matrix:``).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from tracker import clock
from tracker.enums import FORMS, Channel, FormStatus, ReportType
from tracker.ingest.parsed import FormEntry, ParsedReport
from tracker.issues import cell_name
from tracker.layouts import FieldSpec, Layout, MatrixColumn

from .cells import INVALID, Context, as_text, read_value
from .dates import date_problems
from .grid import Grid, Workbook, is_blank
from .records import model_columns


@cache
def _field(column: MatrixColumn) -> FieldSpec:
    return FieldSpec(
        name=column.name,
        type=column.type,
        columns=(column.name,),
        texts={"en": column.header},
        vocabulary=column.vocabulary,
        required=column.required,
        if_yes=column.if_yes,
        if_no=column.if_no,
    )


def find_matrix(book: Workbook, layout: Layout) -> str | None:
    """The name of the first sheet when its row 1 holds every matrix header, else None."""
    if layout.matrix is None or not book.sheet_names:
        return None
    grid = book.grid(book.sheet_names[0])
    if grid.height == 0:
        return None
    texts = {grid.text(0, c) for c in range(len(grid.rows[0]))}
    return book.sheet_names[0] if set(layout.matrix.header_lookup()) <= texts else None


def read_matrix(grid: Grid, layout: Layout, ctx: Context) -> list[ParsedReport]:
    """One report per non-blank row (rows with an unreadable State or Year give none)."""
    assert layout.matrix is not None
    lookup = layout.matrix.header_lookup()
    columns: dict[str, tuple[MatrixColumn, int]] = {}
    for col, value in enumerate(grid.rows[0]):
        column = lookup.get(grid.text(0, col)) if isinstance(value, str) else None
        if column is not None and column.name not in columns:
            columns[column.name] = (column, col)
        elif not is_blank(value):
            ctx.warning(
                "unknown-column",
                "matrix",
                headers=", ".join(c.header for c in layout.matrix.columns),
                sheet=grid.name,
                cell=cell_name(0, col),
                value=value,
            )
    facts = model_columns(layout)
    reports: list[ParsedReport] = []
    seen: dict[tuple[str, int], tuple[tuple[Any, ...], int]] = {}
    positions = sorted(col for _, col in columns.values())
    for row in range(1, grid.height):
        if grid.row_is_blank(row):
            continue
        values: dict[str, Any] = {}
        for name, (column, col) in columns.items():
            cell = cell_name(row, col)
            value = read_value(
                ctx,
                _field(column),
                grid.value(row, col),
                sheet=grid.name,
                cell=cell,
                formula=grid.formula(row, col),
            )
            if value is None and column.required:
                ctx.error(
                    "missing-required-value",
                    "matrix",
                    label=column.header,
                    at=cell,
                    sheet=grid.name,
                    cell=cell,
                    field=name,
                )
                value = INVALID
            values[name] = value
        if values["state"] is INVALID or values["year"] is INVALID:
            continue
        _check_dates(grid, row, values, columns, ctx)
        key = (values["state"], values["year"])
        content = tuple(grid.value(row, c) for c in positions)
        if key in seen:
            earlier, earlier_row = seen[key]
            same = content == earlier
            (ctx.warning if same else ctx.error)(
                "duplicate-row" if same else "duplicate-report",
                "matrix" if same else "",
                row=earlier_row + 1,
                sheet=grid.name,
                cell=cell_name(row, columns["state"][1]),
                field="state",
                value=" | ".join(as_text(v) for v in content),
            )
            continue
        seen[key] = (content, row)
        report = _report(grid, row, values, columns, facts)
        report.layout = layout.matrix.id
        reports.append(report)
    return reports


def _check_dates(
    grid: Grid,
    row: int,
    values: dict[str, Any],
    columns: dict[str, tuple[MatrixColumn, int]],
    ctx: Context,
) -> None:
    """The rules on dates that cannot be true, for a row's period (its Year) and submission.

    A problem with the period's end is shown on the Year cell, which sets it.
    """
    year, submitted = values["year"], values.get("submitted_on")
    problems = date_problems(
        period_from=dt.date(year, 1, 1),
        period_to=dt.date(year, 12, 31),
        submitted_on=None if submitted is INVALID else submitted,
        report_type=ReportType.ANNUAL,
        today=clock.today(),
    )
    for problem in problems:
        name = "year" if problem.field == "period_to" else problem.field
        col = columns[name][1]
        ctx.add(
            problem.code,
            problem.variant,
            **problem.params,
            sheet=grid.name,
            cell=cell_name(row, col),
            field=problem.field,
            value=grid.value(row, col),
        )


def _report(
    grid: Grid,
    row: int,
    values: dict[str, Any],
    columns: dict[str, tuple[MatrixColumn, int]],
    facts: dict[str, tuple[str, ...]],
) -> ParsedReport:
    year = values["year"]
    submitted = values.get("submitted_on")
    report = ParsedReport(
        state_iso3=values["state"],
        report_type=ReportType.ANNUAL,
        period_from=dt.date(year, 1, 1),
        period_to=dt.date(year, 12, 31),
        submitted_on=None if submitted is INVALID else submitted,
        channel=Channel.MATRIX,
        layout="",
        sheet=grid.name,
        cell=cell_name(row, columns["state"][1]),
        source_row=row + 1,
        submitted_cell=(
            cell_name(row, columns["submitted_on"][1]) if "submitted_on" in columns else None
        ),
    )
    status: dict[str, tuple[FormStatus, str | None]] = {}
    for name, (column, col) in columns.items():
        value, cell = values[name], cell_name(row, col)
        if column.article is not None and column.form:
            if value in (None, INVALID):
                continue
            fact = dict.fromkeys(facts["article_facts"])
            fact.update(article=column.article, status=value, sheet=grid.name, cell=cell)
            report.rows("article_facts").append(fact)
            status[column.form] = (FormStatus.CHANGED, cell)
        elif column.area is not None and column.form:
            if value is INVALID:
                continue
            need = dict.fromkeys(facts["needs"])
            need.update(area=column.area, needed=bool(value), sheet=grid.name, cell=cell)
            report.rows("needs").append(need)
            status.setdefault(column.form, (FormStatus.CHANGED, cell))
    for form in FORMS:
        form_status, where = status.get(form, (FormStatus.NOT_PROVIDED, None))
        report.forms.append(FormEntry(form, form_status, None, grid.name if where else None, where))
    return report
