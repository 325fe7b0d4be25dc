"""The cover sheet: the report's identity and each form's status, with the spec's rules.

Identity: State, report type, period (to ≥ from), date of submission (a warning when blank),
contact fields and the layout. Form statuses come from the ``Form | Status | Last reported``
table and are checked against the report (``unchanged`` needs an earlier reporting year and is
not allowed in an initial report; Form A is never "not applicable") and against the form sheets
present in the workbook (a filled sheet with a blank status counts as changed; ``changed``
without a sheet counts as not provided).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from tracker import clock
from tracker.enums import Channel, FormStatus, ReportType
from tracker.ingest.parsed import FormEntry, ParsedReport
from tracker.issues import cell_name

from .cells import INVALID, Context
from .dates import date_problems
from .grid import Grid
from .records import Value, read_fields, read_rows
from .tables import FoundTable, scan_sheet

# Reporting years the store accepts (its plausibility check on reports.reporting_year).
FIRST_YEAR, LAST_YEAR = 1990, 2200


@dataclass
class FormRow:
    """One row of the cover's form table."""

    status: Any  # a form_status code, None (blank) or INVALID
    last_reported: Any
    cell: str  # the status cell
    last_cell: str  # the Last reported cell


@dataclass
class Cover:
    """What the cover says, before it is checked against the form sheets."""

    sheet: str
    fields: dict[str, Value]
    forms: dict[str, FormRow] = field(default_factory=dict)

    def get(self, name: str) -> Any:
        """A field's value (None when blank or absent, INVALID when unreadable)."""
        return self.fields[name].value


@dataclass
class FormSheet:
    """A form's sheet as found in the workbook."""

    name: str  # the real sheet name
    filled: bool


def read_cover(grid: Grid, ctx: Context) -> Cover:
    """The cover's fields and form table (issues for what cannot be read go to ``ctx``)."""
    spec = ctx.layout.cover
    scan = scan_sheet(grid, spec, ctx)
    cover = Cover(grid.name, read_fields(grid, spec, scan, ctx))
    if cover.get("submitted_on") is None:
        ctx.warning(
            "missing-submission-date",
            sheet=grid.name,
            cell=cover.fields["submitted_on"].cell,
            field="submitted_on",
        )
    _check_dates(cover, ctx)
    for table in spec.tables:
        found = scan.tables.get(table.name)
        if found is None:
            ctx.warning(
                "missing-table",
                sheet=grid.name,
                field=table.name,
            )
        elif found.complete:
            _read_form_rows(grid, cover, found, ctx)
    return cover


def _known(value: Any) -> Any:
    """A value that was read (None for blank or unreadable)."""
    return None if value is INVALID else value


def _check_dates(cover: Cover, ctx: Context) -> None:
    """``bad-period``, then the rules on dates that cannot be true (one code per date cell)."""
    start, end = _known(cover.get("period_from")), _known(cover.get("period_to"))
    end_cell = cover.fields["period_to"].cell
    out_of_range = end is not None and not FIRST_YEAR <= end.year <= LAST_YEAR
    backwards = end is not None and start is not None and end < start
    if out_of_range:
        ctx.error(
            "bad-period",
            "year",
            year=end.year,
            first=FIRST_YEAR,
            last=LAST_YEAR,
            sheet=cover.sheet,
            cell=end_cell,
            field="period_to",
            value=end,
        )
    elif backwards:
        ctx.error(
            "bad-period",
            sheet=cover.sheet,
            cell=end_cell,
            field="period_to",
            value=end,
        )
    kind = _known(cover.get("report_type"))
    problems = date_problems(
        period_from=start,
        period_to=None if out_of_range or backwards else end,  # its cell has bad-period
        submitted_on=_known(cover.get("submitted_on")),
        report_type=ReportType(kind) if kind else None,
        today=clock.today(),
    )
    for problem in problems:
        found = cover.fields[problem.field]
        ctx.add(
            problem.code,
            problem.variant,
            **problem.params,
            sheet=cover.sheet,
            cell=found.cell,
            field=problem.field,
            value=found.raw,
        )


def _read_form_rows(grid: Grid, cover: Cover, found: FoundTable, ctx: Context) -> None:
    for row in read_rows(grid, found, ctx):
        letter = row["form"]
        cell = cell_name(row["_row"], found.columns["status"])
        last_cell = cell_name(row["_row"], found.columns["last_reported"])
        if letter in cover.forms:
            ctx.error(
                "duplicate-form",
                letter=letter,
                sheet=grid.name,
                cell=row["cell"],
                field="form",
                value=letter,
            )
            continue
        cover.forms[letter] = FormRow(row["status"], row["last_reported"], cell, last_cell)


def build_report(cover: Cover, ctx: Context) -> ParsedReport | None:
    """The report's identity from the cover, or None when it cannot be known (issues recorded)."""
    needed = ("state", "report_type", "period_from", "period_to")
    if any(cover.get(n) in (None, INVALID) for n in needed):
        return None
    start, end = cover.get("period_from"), cover.get("period_to")
    if end < start or not FIRST_YEAR <= end.year <= LAST_YEAR:
        return None
    submitted = cover.get("submitted_on")

    def text(name: str) -> str | None:
        value = cover.get(name)
        return None if value in (None, INVALID) else str(value)

    return ParsedReport(
        state_iso3=cover.get("state"),
        report_type=ReportType(cover.get("report_type")),
        period_from=start,
        period_to=end,
        submitted_on=None if submitted is INVALID else submitted,
        channel=Channel.WORKBOOK,
        layout=ctx.layout.id,
        language=ctx.lang,
        organisation=text("organisation"),
        contact_name=text("contact_name"),
        email=text("email"),
        telephone=text("telephone"),
        sheet=cover.sheet,
        cell=cover.fields["state"].cell,
        submitted_cell=cover.fields["submitted_on"].cell,
    )


def resolve_forms(
    cover: Cover,
    report: ParsedReport | None,
    sheets: dict[str, FormSheet],
    ctx: Context,
    misnamed: Collection[str] = (),
) -> tuple[list[FormEntry], list[str]]:
    """Each form's status under the spec's rules, and the forms whose sheets are to be read.

    ``misnamed`` forms have a sheet under another name (already an error): no ``missing-sheet``.
    """
    entries: list[FormEntry] = []
    to_read: list[str] = []
    for spec in ctx.layout.forms:
        letter = spec.form or ""
        row = cover.forms.get(letter)
        status = row.status if row else None
        sheet = sheets.get(letter)
        where = {"sheet": cover.sheet, "cell": row.cell if row else None, "field": "status"}
        final = FormStatus.NOT_PROVIDED
        last = None
        if status == "not_applicable" and not spec.not_applicable_allowed:
            ctx.error(
                "not-applicable-not-allowed",
                letter=letter,
                value="not applicable",
                **where,
            )
        elif status == "unchanged":
            last = _check_unchanged(letter, row, report, ctx, where)
            final = FormStatus.UNCHANGED
        elif status == "not_applicable":
            final = FormStatus.NOT_APPLICABLE
        elif status == "changed" and sheet is None:
            if letter not in misnamed:
                ctx.warning(
                    "missing-sheet",
                    letter=letter,
                    sheet_name=spec.name(ctx.lang),
                    value="changed",
                    **where,
                )
        elif status == "changed" or (status is None and sheet is not None and sheet.filled):
            final = FormStatus.CHANGED
            if status is None and sheet is not None:
                ctx.info(
                    "status-inferred",
                    letter=letter,
                    **where,
                )
        if final in (FormStatus.UNCHANGED, FormStatus.NOT_APPLICABLE) and sheet and sheet.filled:
            ctx.info(
                "sheet-ignored",
                letter=letter,
                status=final.value.replace("_", " "),
                sheet=sheet.name,
            )
        if row and row.last_reported not in (None, INVALID) and final is not FormStatus.UNCHANGED:
            ctx.info(
                "last-reported-ignored",
                letter=letter,
                sheet=cover.sheet,
                cell=row.last_cell,
                field="last_reported",
                value=row.last_reported,
            )
        if final is FormStatus.UNCHANGED and last is None:
            final = FormStatus.NOT_PROVIDED  # rejected above; keep the entry consistent
        if final is FormStatus.CHANGED and sheet is not None:
            to_read.append(letter)
        entries.append(FormEntry(letter, final, last, cover.sheet, row.cell if row else None))
    return entries, to_read


def _check_unchanged(
    letter: str, row: FormRow | None, report: ParsedReport | None, ctx: Context, where: Any
) -> int | None:
    assert row is not None
    if report is not None and report.report_type is ReportType.INITIAL:
        ctx.error(
            "unchanged-in-initial",
            letter=letter,
            value="unchanged",
            **where,
        )
        return None
    last = row.last_reported
    where = {**where, "cell": row.last_cell, "field": "last_reported"}
    if last is None:
        ctx.error(
            "bad-last-reported",
            "blank",
            letter=letter,
            **where,
        )
        return None
    if last is INVALID:
        return None
    if report is not None and last >= report.reporting_year:
        ctx.error(
            "bad-last-reported",
            letter=letter,
            last=last,
            year=report.reporting_year,
            value=last,
            **where,
        )
        return None
    return int(last)
