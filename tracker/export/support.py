"""The donor workbook's *Needs and support* and *Support reported* sheets (``assistance.md`` §5).

Both lay out an already computed :class:`~tracker.export.model.SupportData` (the match of the
needs with reported support, worded by :mod:`tracker.assistance.workbook`); nothing here
computes a figure. Text from reports and flow files goes through :func:`~tracker.export.
safety.put` like every other cell, so it never runs as a formula.
"""

from __future__ import annotations

from typing import Any

from tracker.export.model import NEED_COLUMNS, DonorData, NeedRow, SupportData
from tracker.export.safety import CellValue
from tracker.export.styles import Column, Kind, SheetWriter
from tracker.stats.rules import AREAS

ARTICLES = (3, 4, 5)


def support_columns() -> tuple[Column, ...]:
    """``State | ISO3``, then eight columns per article."""
    columns = [Column("State", Kind.TEXT, 28), Column("ISO3", Kind.CODE)]
    for n in ARTICLES:
        columns += [
            Column(f"Art. {n} need", Kind.LONG, 36),
            Column(f"Art. {n} status", Kind.TEXT, 14),
            Column(f"Art. {n} donors", Kind.LONG, 28),
            Column(f"Art. {n} donor count", Kind.COUNT),
            Column(f"Art. {n} reported by donors", Kind.LONG, 30),
            Column(f"Art. {n} reported by the State", Kind.LONG, 30),
            Column(f"Art. {n} other sources", Kind.LONG, 30),
            Column(f"Art. {n} sources", Kind.LONG, 44),
        ]
    return tuple(columns)


def flow_columns(converted: bool) -> tuple[Column, ...]:
    """The columns of *Support reported* (the USD column only with a rates file)."""
    usd = (Column("Amount (USD, converted)", Kind.AMOUNT),) if converted else ()
    return (
        Column("Year", Kind.YEAR),
        Column("Donor", Kind.TEXT, 24),
        Column("Donor ISO3", Kind.CODE),
        Column("Recipient", Kind.TEXT, 24),
        Column("Recipient ISO3", Kind.CODE),
        Column("Area", Kind.TEXT, 22),
        Column("Type", Kind.TEXT),
        Column("Amount", Kind.AMOUNT),
        Column("Currency", Kind.CODE),
        *usd,
        Column("Channel", Kind.TEXT, 24),
        Column("Description", Kind.LONG, 36),
        Column("Reported by", Kind.TEXT),
        Column("Source", Kind.TEXT, 24),
        Column("File", Kind.CODE),
        Column("Sheet", Kind.CODE),
        Column("Cell", Kind.CODE),
        Column("Counts for", Kind.LONG, 30),
    )


def need_text(row: NeedRow | None, article: int) -> str:
    """The State's needs of the article as *Needs by State* words them (Article 4: area first)."""
    if row is None:
        return ""
    parts = []
    for area in AREAS[article]:
        text = row.areas.get(area, "")
        if text:
            parts.append(f"{NEED_COLUMNS[area]}: {text}" if article == 4 else text)
    return "\n".join(parts)


def write_needs_and_support(sheet: Any, data: DonorData, support: SupportData) -> None:
    """A row per State in any numerator, by name; blank where it is not in that numerator."""
    window = f"{data.since}–{data.as_of}"
    writer = SheetWriter(sheet, f"Needs and reported support, {window}", data.sample)
    columns = support_columns()
    writer.paragraph(
        "One row per State party that declared a need in a report for "
        f"{window}, with the support reported to it for the same years: supported (a flow "
        "for an area of the article), possibly supported (a flow for other or unspecified "
        "areas only) or no reported support. Amounts are summed per side, type and currency, "
        "never added across them: a donor and its recipient may report the same money. "
        f"Amounts: {support.amounts}.",
        12,
    )
    writer.skip()
    needs = {r.iso3: r for r in data.needs}
    rows: list[list[CellValue]] = []
    for state in support.rows:
        values: list[CellValue] = [state.name, state.iso3]
        for n in ARTICLES:
            cells = state.articles.get(n)
            if cells is None:
                values += ["", "", "", None, "", "", "", ""]
                continue
            values += [
                need_text(needs.get(state.iso3), n),
                cells.status,
                cells.donors,
                cells.donor_count,
                cells.by_donors,
                cells.by_state,
                cells.other_sources,
                cells.sources,
            ]
        rows.append(values)
    writer.table(columns, rows, freeze_column=3)
    writer.finish()  # one page wide, as every sheet (donor-workbook.md): small print, 26 columns


def write_support_reported(sheet: Any, data: DonorData, support: SupportData) -> None:
    """Every flow in the window, sorted as ``tracker assistance list``."""
    window = f"{data.since}–{data.as_of}"
    writer = SheetWriter(sheet, f"Support reported, {window}", data.sample)
    columns = flow_columns(support.converted)
    writer.paragraph(
        f"Every flow of {window} with an amount other than 0 (or none stated): provided "
        "(Article 7 reports of donors), received (Article 7 reports of recipients) and from "
        "other sources (imported files). A pledge is listed but never counted. "
        f"{support.counted}.",
        12,
    )
    writer.skip()
    rows: list[list[CellValue]] = []
    for f in support.flows:
        usd: list[CellValue] = [f.amount_usd] if support.converted else []
        rows.append(
            [
                f.year,
                f.donor,
                f.donor_iso3,
                f.recipient,
                f.recipient_iso3,
                f.area,
                f.flow_type,
                f.amount,
                f.currency,
                *usd,
                f.channel,
                f.description,
                f.reported_by,
                f.source,
                f.file,
                f.sheet,
                f.cell,
                f.counts_for,
            ]
        )
    writer.table(columns, rows, freeze_column=2)
    writer.finish()
