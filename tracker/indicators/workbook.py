"""``tracker indicators compute --format xlsx``: the workbook (``spec/indicators.md`` §7).

Sheets ``Indicators`` (a row per year and indicator, percentages as fractions in ``0%``),
``States`` (per denominator State the evidence of ``--explain``) and ``Method`` (the rules, the
catalogues with their SHA-256 prefix, each indicator in words, the reports left out and counted),
finished as the donor workbook through the same :class:`~tracker.export.styles.SheetWriter`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from tracker.export.safety import CellValue, put
from tracker.export.styles import BANNER_FONT, Column, Kind, SheetWriter
from tracker.indicators.model import Unit
from tracker.indicators.results import IndicatorResult, Run, Series
from tracker.indicators.sentences import NameBook, long_date

TITLE = "Convention on Cluster Munitions — indicators"
SAMPLE_BANNER = "SAMPLE DATA — illustrative, not official figures"
CREATOR = "CCM needs tracker (ISU-CCM)"
SHA_PREFIX = 12
SHEETS = ("Indicators", "States", "Method")

INDICATOR_COLUMNS = (
    Column("As of", Kind.YEAR),
    Column("Window", Kind.TEXT, 11),
    Column("Judged on", Kind.DATE),
    Column("ID", Kind.CODE, 34),
    Column("Plan", Kind.TEXT, 22),
    Column("Actions", Kind.TEXT, 10),
    Column("Theme", Kind.TEXT, 24),
    Column("Label", Kind.TEXT, 26),
    Column("Indicator", Kind.LONG, 40),
    Column("ISU wording", Kind.TEXT, 9),
    Column("Status", Kind.TEXT, 14),
    Column("Numerator", Kind.COUNT),
    Column("Denominator", Kind.COUNT),
    Column("Value", Kind.WHOLE_PERCENT),
    Column("Sentence", Kind.LONG, 60),
)
STATE_COLUMNS = (
    Column("As of", Kind.YEAR),
    Column("ID", Kind.CODE, 34),
    Column("State", Kind.TEXT, 24),
    Column("ISO3", Kind.CODE),
    Column("In numerator", Kind.TEXT, 10),
    Column("Denominator source", Kind.LONG, 50),
    Column("Numerator source", Kind.LONG, 50),
)
CATALOGUE_COLUMNS = (
    Column("Key", Kind.CODE),
    Column("File", Kind.CODE),
    Column("SHA-256 (first 12)", Kind.CODE),
)
WORDS_COLUMNS = (
    Column("ID", Kind.CODE, 34),
    Column("Label", Kind.TEXT, 26),
    Column("Unit", Kind.TEXT, 14),
    Column("In words", Kind.LONG, 90),
)
EXCLUDED_COLUMNS = (
    Column("File", Kind.CODE),
    Column("ISO3", Kind.CODE),
    Column("Reporting year", Kind.YEAR),
    Column("Report type", Kind.TEXT),
    Column("Reason", Kind.TEXT),
)
SOURCE_COLUMNS = (
    Column("File", Kind.CODE),
    Column("SHA-256 (first 12)", Kind.CODE),
    Column("ISO3", Kind.CODE),
    Column("Reporting year", Kind.YEAR),
    Column("Report type", Kind.TEXT),
    Column("Submitted on", Kind.DATE),
)
COUNT_FORMAT = "#,##0"


def _writer(sheet: Any, title: str, sample: bool) -> SheetWriter:
    """A :class:`SheetWriter` with the sample-data banner under the title when ``sample``.

    The banner is written here rather than by ``SheetWriter(sample=True)``, which takes the
    donor workbook's banner from a module that loads the database models; the same rows, font
    and fill result (title, banner, a blank line, the content).
    """
    writer = SheetWriter(sheet, title, False)
    if sample:
        banner = writer.row - 1
        put(sheet.cell(banner, 1), SAMPLE_BANNER).font = BANNER_FONT
        sheet.row_dimensions[banner].height = 18
        writer.banner_row = banner
        writer.row += 1
    return writer


def _runs(data: Run | Series) -> tuple[Run, ...]:
    return data.runs if isinstance(data, Series) else (data,)


def _window(run: Run) -> str:
    return f"{run.since}–{run.as_of}"


def _value(result: IndicatorResult) -> CellValue:
    if result.value is None:
        return None
    return result.value / 100 if result.unit is Unit.PERCENTAGE else result.value


def _indicators(book: Any, data: Run | Series, sample: bool) -> None:
    sheet = book.active
    sheet.title = SHEETS[0]
    runs = _runs(data)
    years = f"{runs[0].as_of}" if len(runs) == 1 else f"{runs[0].as_of}–{runs[-1].as_of}"
    writer = _writer(sheet, f"Indicators, as of {years}", sample)
    writer.paragraph(
        "One row per indicator and as-of year. Numerator and denominator are counts of States "
        "parties; the value is the numerator (count) or its share of the denominator "
        "(percentage, rounded half up). The States sheet gives the report cell or record "
        "behind every State; the Method sheet says how each indicator is counted.",
        9,
    )
    writer.skip()
    rows: list[list[CellValue]] = []
    kinds: list[Unit | None] = []
    for run in runs:
        for r in run.results:
            i = r.indicator
            rows.append(
                [
                    run.as_of,
                    _window(run),
                    run.on,
                    i.id,
                    i.plan or "",
                    ", ".join(i.actions),
                    i.theme,
                    i.label,
                    i.title,
                    "yes" if i.verbatim is False else "",
                    r.status.value,
                    r.numerator,
                    r.denominator,
                    _value(r),
                    r.sentence if r.sentence is not None else r.status_text(),
                ]
            )
            kinds.append(r.unit)
    header, _ = writer.table(INDICATOR_COLUMNS, rows, freeze_column=5)
    value_column = len(INDICATOR_COLUMNS) - 1
    for offset, unit in enumerate(kinds, start=1):
        if unit is not Unit.PERCENTAGE:  # a count's value is a count, not a share
            sheet.cell(header + offset, value_column).number_format = COUNT_FORMAT
    writer.finish()


def _states(book: Any, data: Run | Series, sample: bool, names: NameBook) -> None:
    writer = _writer(book.create_sheet(SHEETS[1]), "States behind each indicator", sample)
    writer.paragraph(
        "One row per State in an indicator's denominator: whether it is in the numerator, and "
        "the report cell (or membership record, decision, or absence) that put it in each.",
        6,
    )
    writer.skip()
    rows: list[list[CellValue]] = []
    for run in _runs(data):
        for r in run.results:
            for state in r.denominator_states:
                evidence = r.evidence.get(state)
                rows.append(
                    [
                        run.as_of,
                        r.id,
                        names.name(state),
                        state,
                        "yes" if state in r.numerator_states else "no",
                        evidence.denominator.as_text() if evidence else "",
                        evidence.numerator.as_text() if evidence and evidence.numerator else "",
                    ]
                )
    writer.table(STATE_COLUMNS, rows, freeze_column=5)
    writer.finish()


RULES = (
    "Reports counted (obligations, completion, needs, forms, layouts): the current version of "
    "each Article 7 report (a superseded or withdrawn version never counts) for reporting "
    "years up to the as-of year, from a State that was a State party on 31 December of the "
    "report's year and still is on 31 December of the as-of year. A form marked \u201cunchanged "
    "(last reported Y)\u201d counts with the data of the report for Y. Needs count in reports of "
    "the window.",
    "Reporting and deadlines are judged on the day given: versions submitted after it are "
    "ignored, withdrawn versions never count, and only extension decisions taken by then "
    "count. An annual report for year Y is due on 30 April Y+1; an initial report 180 days "
    "after entry into force.",
    "Each indicator counts the States of its population (the denominator) and, of those, the "
    "States that satisfy its condition (the numerator); percentages are whole numbers rounded "
    "half up. The rules are those of the needs statistics and of reporting compliance; the "
    "catalogue files name them and never redefine them.",
    "Every figure in this workbook is a value computed by the tracker: no cell holds a formula. "
    "Text that could be read as a formula is stored as text.",
)


def _method(book: Any, data: Run | Series, sample: bool) -> None:
    runs = _runs(data)
    run = runs[-1]
    writer = _writer(book.create_sheet(SHEETS[2]), "Method — how these figures were made", sample)
    writer.freeze_below(writer.row)
    span = len(WORDS_COLUMNS)
    years = f"{runs[0].as_of}–{runs[-1].as_of}" if len(runs) > 1 else str(run.as_of)
    writer.pairs(
        [
            ("As-of year" if len(runs) == 1 else "As-of years", years, Kind.TEXT),
            ("Needs window", _window(run), Kind.TEXT),
            ("Reporting judged on", run.on, Kind.DATE),
            (
                "Generated (UTC)",
                run.generated.replace(tzinfo=None) if run.generated else None,
                Kind.DATETIME,
            ),
            ("Tracker version", run.version, Kind.TEXT),
            ("Database", run.database or "(not recorded)", Kind.TEXT),
            ("Language", run.lang, Kind.TEXT),
        ]
    )
    if sample:
        writer.paragraph(
            "Some counted reports are sample data: the figures are illustrative.", span, bold=True
        )
    writer.skip()
    writer.paragraph("Rules applied", span, bold=True)
    for rule in RULES:
        writer.paragraph(rule, span)
    writer.skip()
    writer.paragraph(f"Catalogues ({len(run.catalogues)})", span, bold=True)
    writer.table(
        CATALOGUE_COLUMNS,
        [[c.key, c.file, c.sha256[:SHA_PREFIX]] for c in run.catalogues],
        primary=False,
        name="Catalogues",
    )
    writer.skip()
    writer.paragraph("Each indicator in words", span, bold=True)
    words: list[list[CellValue]] = [
        [
            r.id,
            r.indicator.label,
            r.indicator.unit.value if r.indicator.unit else "not computable",
            r.indicator.in_words(),
        ]
        for r in run.results
    ]
    writer.table(WORDS_COLUMNS, words, primary=False, name="IndicatorsInWords")
    writer.skip()
    writer.paragraph(f"Reports left out ({len(run.excluded)})", span, bold=True)
    excluded: list[list[CellValue]] = [
        [e.file, e.state, e.reporting_year, e.report_type, e.reason] for e in run.excluded
    ]
    writer.table(EXCLUDED_COLUMNS, excluded, primary=False, name="ReportsLeftOut")
    writer.skip()
    writer.paragraph(f"Source reports counted ({len(run.sources)})", span, bold=True)
    sources: list[list[CellValue]] = [
        [s.file, s.sha256[:SHA_PREFIX], s.state, s.reporting_year, s.report_type, s.submitted]
        for s in run.sources
    ]
    writer.table(SOURCE_COLUMNS, sources, freeze=False)
    writer.finish()


def build_workbook(data: Run | Series, names: NameBook | None = None) -> Any:
    """The workbook of ``data`` (an openpyxl ``Workbook``, not saved)."""
    from openpyxl import Workbook

    runs = _runs(data)
    sample = any(r.sample for r in runs)
    book = Workbook()
    _indicators(book, data, sample)
    _states(book, data, sample, names or NameBook())
    _method(book, data, sample)
    props = book.properties
    props.title = TITLE
    props.subject = f"Indicators as of {runs[-1].as_of}, judged on {long_date(runs[-1].on)}"
    props.creator = props.lastModifiedBy = CREATOR
    props.keywords = "CCM; Article 7; indicators; action plan"
    props.description = "Values computed by the CCM needs tracker; no formulas."
    generated = runs[-1].generated or dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    props.created = props.modified = generated.replace(tzinfo=None)
    return book


def write_workbook(data: Run | Series, path: Path, names: NameBook | None = None) -> None:
    """Build and save the workbook to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    build_workbook(data, names).save(path)
