"""The donor workbook (``spec/donor-workbook.md``): sheets in order, properties, saving.

:func:`build_donor_workbook` lays out an already computed :class:`DonorData` and
:func:`save_donor_workbook` writes it; :func:`tracker.services.export.write_donor_workbook` is
the use case (``tracker export donors``, the demo) that computes the figures and calls them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tracker.export.chart import add_needs_chart
from tracker.export.model import NEED_COLUMNS, TITLE, DonorData
from tracker.export.safety import CellValue
from tracker.export.sheets import (
    write_article_sheet,
    write_method_sheet,
    write_reporting_sheet,
)
from tracker.export.styles import Column, Kind, SheetWriter

SHEETS = (
    "Summary",
    "Needs by State",
    "Article 3",
    "Article 4",
    "Article 5",
    "Reporting",
    "Method",
)
SUMMARY_COLUMNS = (
    Column("Article", Kind.ARTICLE),
    Column("Theme", Kind.TEXT, 40),
    Column("States with obligations", Kind.COUNT),
    Column("Of which declared needs", Kind.COUNT),
    Column("Share", Kind.PERCENT),
)
NEEDS_COLUMNS = (
    Column("State", Kind.TEXT, 28),
    Column("ISO3", Kind.CODE),
    *(Column(heading, Kind.LONG, 30) for heading in NEED_COLUMNS.values()),
    Column("Estimated cost (USD)", Kind.AMOUNT),
    Column("Other costs", Kind.TEXT, 24),
    Column("Latest report year", Kind.YEAR),
    Column("Source", Kind.LONG, 40),
    Column("Note", Kind.LONG, 40),
)
CREATOR = "CCM needs tracker (ISU-CCM)"


def window(data: DonorData) -> str:
    """The needs window in words: ``2021–2025``."""
    return f"{data.since}–{data.as_of}"


def _summary(book: Any, data: DonorData) -> None:
    sheet = book.active
    sheet.title = SHEETS[0]
    writer = SheetWriter(sheet, TITLE, data.sample)
    writer.freeze_below(writer.row)
    writer.pairs(
        [
            ("As-of year", data.as_of, Kind.YEAR),
            ("Needs declared in", f"reports for {window(data)}", Kind.TEXT),
            ("Reporting judged on", data.on, Kind.DATE),
            ("Generated (UTC)", data.generated, Kind.DATETIME),
            ("Reports counted", data.reports_counted, Kind.COUNT),
            ("Reports left out", len(data.excluded), Kind.COUNT),
        ]
    )
    writer.skip()
    for sentence in data.sentences:
        writer.paragraph(sentence, len(SUMMARY_COLUMNS))
    writer.skip()
    rows: list[list[CellValue]] = [
        [r.article, r.theme, r.denominator, r.numerator, r.share] for r in data.summary
    ]
    header, last = writer.table(SUMMARY_COLUMNS, rows, primary=True, freeze=False)
    writer.skip()
    writer.paragraph(
        "Shares are of the States parties with obligations. All figures are computed by the "
        "tracker from the States parties' Article 7 reports; the Method sheet gives the rules "
        "and the reports behind them.",
        len(SUMMARY_COLUMNS),
    )
    writer.skip()
    writer.finish(one_page=True)
    add_needs_chart(
        sheet,
        header_row=header,
        last_row=last,
        category_column=2,
        first_series_column=3,
        anchor=f"A{writer.row}",
    )


def _needs(book: Any, data: DonorData) -> None:
    writer = SheetWriter(
        book.create_sheet(SHEETS[1]),
        f"Declared assistance needs by State, {window(data)}",
        data.sample,
    )
    writer.paragraph(
        "One row per State party that declared a need for assistance in a report for "
        f"{window(data)}. Each area shows the descriptions from the State's latest report "
        'declaring it ("yes" when it gave none). Costs in US dollars are added up; costs in '
        "other currencies are listed as the State wrote them, never converted. A need counts "
        "in the Summary only under an article the State reported obligations for; the Note "
        "says when a need is outside every such article.",
        len(NEEDS_COLUMNS) - 2,
    )
    writer.skip()
    rows: list[list[CellValue]] = [
        [
            r.name,
            r.iso3,
            *(r.areas.get(area, "") for area in NEED_COLUMNS),
            r.usd_cost,
            r.other_costs,
            r.latest_year,
            r.source,
            r.note,
        ]
        for r in data.needs
    ]
    writer.table(NEEDS_COLUMNS, rows, freeze_column=3)
    writer.finish()


def build_donor_workbook(data: DonorData) -> Any:
    """The donor workbook of ``data`` (an openpyxl ``Workbook``, not saved)."""
    from openpyxl import Workbook

    book = Workbook()
    _summary(book, data)
    _needs(book, data)
    for article in (3, 4, 5):
        write_article_sheet(book.create_sheet(f"Article {article}"), data, article)
    write_reporting_sheet(book.create_sheet(SHEETS[5]), data)
    write_method_sheet(book.create_sheet(SHEETS[6]), data)
    props = book.properties
    props.title = TITLE
    props.subject = f"Declared assistance needs, as of {data.as_of} (needs {window(data)})"
    props.creator = CREATOR
    props.lastModifiedBy = CREATOR
    props.keywords = "CCM; Article 7; assistance needs; donors"
    props.description = "Values computed by the CCM needs tracker; no formulas."
    props.created = props.modified = data.generated
    return book


def save_donor_workbook(data: DonorData, path: Path) -> None:
    """Build the workbook of ``data`` and save it to ``path`` (its folder made if needed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    build_donor_workbook(data).save(path)
