"""The donor workbook's detail sheets: one per article, Reporting, and Method.

Each writer takes the gathered :class:`DonorData` and lays it out through a
:class:`SheetWriter`; nothing here computes a figure.
"""

from __future__ import annotations

from typing import Any

from tracker.export.model import THEMES, DonorData
from tracker.export.safety import CellValue
from tracker.export.styles import Column, Kind, SheetWriter

ARTICLE_COLUMNS = (
    Column("State", Kind.TEXT, 28),
    Column("ISO3", Kind.CODE),
    Column("Status (has/had)", Kind.TEXT),
    Column("Completed on", Kind.DATE),
    Column("Deadline", Kind.DATE),
    Column("Extension until", Kind.DATE),
    Column("Need declared", Kind.TEXT),
    Column("Description", Kind.LONG, 50),
    Column("Latest report year", Kind.YEAR),
)
REPORTING_COLUMNS = (
    Column("State", Kind.TEXT, 28),
    Column("ISO3", Kind.CODE),
    Column("Due", Kind.DATE),
    Column("Submitted", Kind.DATE),
    Column("Status", Kind.TEXT),
    Column("Days late", Kind.COUNT),
)
OVERDUE_COLUMNS = (
    Column("State", Kind.TEXT, 28),
    Column("ISO3", Kind.CODE),
    Column("Initial due", Kind.DATE),
    Column("Days overdue", Kind.COUNT),
)
EXCLUDED_COLUMNS = (  # File first, as in the source reports below it
    Column("File", Kind.CODE),
    Column("ISO3", Kind.CODE),
    Column("Reporting year", Kind.YEAR),
    Column("Report type", Kind.TEXT),
    Column("Reason", Kind.TEXT),
)
SOURCE_COLUMNS = (
    Column("File", Kind.CODE),
    Column("SHA-256 (first 12)", Kind.CODE),
    Column("State", Kind.TEXT, 28),
    Column("ISO3", Kind.CODE),
    Column("Reporting year", Kind.YEAR),
    Column("Report type", Kind.TEXT),
    Column("Submitted on", Kind.DATE),
)
SHA_PREFIX = 12
FLOW_FILE_COLUMNS = (
    Column("File", Kind.CODE),
    Column("SHA-256 (first 12)", Kind.CODE),
    Column("Rows counted", Kind.COUNT),
    Column("Sample data", Kind.TEXT),
)


def support_rules(data: DonorData) -> list[str]:
    """The matching rules in words (``spec/assistance.md`` §3)."""
    a, s = data.as_of, data.since
    return [
        "Support reported: flows of assistance from Form I of the current Article 7 reports "
        f"up to {a} (provided, reported by donors; received, reported by recipients; a Form I "
        '"unchanged" carries its rows, counted once) and from imported files of other sources '
        f"(a withdrawn file never counts). A flow counts when its year is in {s}–{a}, its "
        "amount is not 0 (a blank amount counts) and it is not a pledge.",
        "Supported: a counting flow to the State for an area of the article (Article 3 "
        "stockpile destruction; Article 4 clearance or risk reduction education; Article 5 "
        "victim assistance). Possibly supported: only flows for other or unspecified areas. "
        "Flows to Global or a region support no State. The same row restated in a later "
        "report of the same reporter counts once. Matching counts States, not money: amounts "
        "are summed per side, type and currency and never added across them.",
    ]


def day_text(data: DonorData) -> str:
    """The ``--on`` day in words: ``31 December 2026``."""
    return f"{data.on.day} {data.on:%B %Y}"


def write_article_sheet(sheet: Any, data: DonorData, article: int) -> None:
    """One row per State of the article's denominator, under the article's sentence."""
    writer = SheetWriter(sheet, f"Article {article} — {THEMES[article]}", data.sample)
    sentence = next(
        (s for row, s in zip(data.summary, data.sentences, strict=False) if row.article == article),
        "",
    )
    span = len(ARTICLE_COLUMNS) - 1
    writer.paragraph(sentence, span)
    writer.paragraph(
        "One row per State party counted as having (or having had) obligations under this "
        f'article, as of {data.as_of}. "Need declared": a need in this article\'s areas in a '
        f"report for {data.since}–{data.as_of}. Deadlines judged on {day_text(data)}; blank "
        "where unknown."
        + (
            " Victim assistance has no treaty deadline and no completion: those columns stay blank."
            if article == 5
            else ""
        ),
        span,
    )
    writer.skip()
    rows: list[list[CellValue]] = [
        [
            r.name,
            r.iso3,
            r.status,
            r.completed_on,
            r.deadline,
            r.extension_until,
            "yes" if r.need_declared else "no",
            r.description,
            r.latest_year,
        ]
        for r in data.articles.get(article, ())
    ]
    writer.table(ARTICLE_COLUMNS, rows, freeze_column=3)
    writer.finish()


def write_reporting_sheet(sheet: Any, data: DonorData) -> None:
    """The expected annual reports of the as-of year, then the overdue initial reports."""
    reporting = data.reporting
    writer = SheetWriter(
        sheet, f"Reporting — annual Article 7 reports for {reporting.year}", data.sample
    )
    span = len(REPORTING_COLUMNS)
    for sentence in reporting.sentences:
        writer.paragraph(sentence, span)
    writer.paragraph(
        f"Judged on {day_text(data)}: reports submitted after that day are not taken into account.",
        span,
    )
    writer.skip()
    rows: list[list[CellValue]] = [
        [r.name, r.iso3, r.due, r.submitted, r.status, r.days_late] for r in reporting.rows
    ]
    writer.table(REPORTING_COLUMNS, rows, freeze_column=3)
    writer.skip()
    writer.paragraph(f"Initial reports overdue on {day_text(data)}", span, bold=True)
    overdue: list[list[CellValue]] = [
        [o.name, o.iso3, o.due, o.days_overdue] for o in reporting.overdue_initial
    ]
    writer.table(OVERDUE_COLUMNS, overdue, primary=False, name="OverdueInitialReports")
    writer.finish()


def rules(data: DonorData) -> list[str]:
    """The rules applied, in words (``spec/statistics.md`` and ``spec/compliance.md``)."""
    a, s = data.as_of, data.since
    return [
        "Reports counted: the current version of each Article 7 report (a superseded or "
        f"withdrawn version never counts) for reporting years up to {a}, from a State that was "
        f"a State party on 31 December of the report's year and still is on 31 December {a}. "
        'A form marked "unchanged (last reported Y)" counts with the data of the report for Y.',
        "States with obligations: Article 3, States that reported holding cluster munition "
        "stockpiles or having completed their destruction; Article 4, States that reported "
        "contaminated areas or having completed clearance; Article 5, States that reported "
        "cluster munition victims. At least one counted report suffices.",
        "Of which declared needs: those States that declared a need for assistance (Form I, "
        f'"Assistance needed" = yes) in a counted report for {s}–{a}, in stockpile '
        "destruction (Article 3), clearance and/or risk reduction education (Article 4), or "
        "victim assistance (Article 5). Shares are of the States with obligations.",
        "Needs by State: for each area, the descriptions of the State's latest report in the "
        "window that declares a need in it. Costs in US dollars are added up; costs in other "
        'currencies are listed as written and never converted. "Source" is the file and cell '
        "of the latest need.",
        f"Deadlines (Articles 3 and 4), as known on {day_text(data)}: only reports received "
        "and extension decisions taken by then count. The latest extension decision of a "
        "Meeting of States Parties or Review Conference, unless a report submitted after it "
        "gives a later extension; else the latest extension granted that the State reported; "
        "else the deadline given in its latest report; else entry into force plus 8 years "
        "(Article 3) or 10 years (Article 4). No deadline for a State that reported no "
        'obligation under the article. "Latest report year" is the year of the State\'s latest '
        "counted report.",
        f"Reporting: every State party for which the Convention was in force on 1 January "
        f"{data.reporting.year} owes an annual report for that year, due on 30 April "
        f"{data.reporting.year + 1}; the earliest submission of any version counts. Judged on "
        f"{day_text(data)}. An initial report is due 180 days after entry into force.",
        "Every figure in this workbook is a value computed by the tracker: no cell holds a "
        "formula. Text copied from reports that could be read as a formula is stored as text.",
    ]


def write_method_sheet(sheet: Any, data: DonorData) -> None:
    """The rules, the options, where the data came from, what was left out and why."""
    writer = SheetWriter(sheet, "Method — how these figures were made", data.sample)
    writer.freeze_below(writer.row)
    span = len(SOURCE_COLUMNS)
    writer.pairs(
        [
            ("As-of year", data.as_of, Kind.YEAR),
            ("Needs window", f"{data.since}–{data.as_of}", Kind.TEXT),
            ("Reporting judged on", data.on, Kind.DATE),
            ("Generated (UTC)", data.generated, Kind.DATETIME),
            ("Tracker version", data.version, Kind.TEXT),
            ("Database", data.database or "(not recorded)", Kind.TEXT),
        ]
    )
    if data.sample:
        writer.paragraph(
            f"{len(data.sample_files)} of the {data.reports_counted} counted reports are "
            "sample data (listed in imports/samples/MANIFEST): the figures are illustrative.",
            span,
            bold=True,
        )
    writer.skip()
    writer.paragraph("Rules applied", span, bold=True)
    for rule in rules(data):
        writer.paragraph(rule, span)
    support = data.support
    if support is not None:
        writer.skip()
        writer.paragraph("Needs and reported support", span, bold=True)
        for rule in support_rules(data):
            writer.paragraph(rule, span)
        writer.paragraph(f"{support.counted}. Amounts: {support.amounts}.", span)
        if support.sample_flows:
            writer.paragraph(
                f"SAMPLE DATA: {support.sample_flows} of the flows that decide a status come "
                "from a file listed in imports/assistance/MANIFEST (illustrative).",
                span,
                bold=True,
            )
        writer.paragraph(f"Imported flow files ({len(support.files)})", span, bold=True)
        files: list[list[CellValue]] = [
            [f.file_name, f.sha256[:SHA_PREFIX], f.rows, "yes" if f.sample else "no"]
            for f in support.files
        ]
        writer.table(FLOW_FILE_COLUMNS, files, primary=False, name="FlowFiles")
    writer.skip()
    writer.paragraph(f"Reports left out of the statistics ({len(data.excluded)})", span, bold=True)
    excluded: list[list[CellValue]] = [
        [e.file_name, e.iso3, e.reporting_year, e.report_type, e.reason] for e in data.excluded
    ]
    writer.table(EXCLUDED_COLUMNS, excluded, primary=False, name="ReportsLeftOut")
    writer.skip()
    writer.paragraph(f"Source reports counted ({data.reports_counted})", span, bold=True)
    sources: list[list[CellValue]] = [
        [
            s.file_name,
            s.sha256[:SHA_PREFIX],
            s.name,
            s.iso3,
            s.reporting_year,
            s.report_type,
            s.submitted_on,
        ]
        for s in data.sources
    ]
    writer.table(SOURCE_COLUMNS, sources, freeze=False)
    writer.finish()
