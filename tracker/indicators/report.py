"""The progress-report draft in Word (``spec/indicators.md`` §8).

A title page, then a chapter per theme of the plan that has indicators (the plan's section
order; core's indicators first, then the plan's), each with its sentences, name lists, a table and
one chart, then the Method. What goes where is decided by pure functions (:func:`chapters`,
:func:`title_lines`, :func:`method_lines`), tested without Word; :func:`write_report` lays it out
with python-docx (the default template), imported there only.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tracker.errors import UsageError
from tracker.indicators.charts import ChartSpec, chapter_chart, draw
from tracker.indicators.model import ISU_WORDING, NOT_COMPUTABLE, Indicator, ReportList
from tracker.indicators.results import IndicatorResult, Run, Series, Status
from tracker.indicators.sentences import NameBook, long_date, name_list
from tracker.plans.schema import Plan
from tracker.plans.windows import plan_for_year

SAMPLE_LINE = "SAMPLE DATA — illustrative, not official figures"
SAMPLE_RED = "C00000"
CHART_WIDTH_CM = 15.0
TABLE_HEADER = ("Indicator", "Numerator", "Denominator", "Value")
TABLE_WIDTHS_CM = (7.4, 2.9, 3.3, 1.8)


@dataclass(frozen=True)
class Chapter:
    """One chapter: a theme of the plan, its cells of the comparison, its indicators."""

    theme: str
    cell_texts: tuple[str, ...]
    indicator_ids: tuple[str, ...]


def governing_plan(plans: Sequence[Plan], as_of: int, wanted: Plan | None = None) -> Plan:
    """``wanted``, else the plan governing ``as_of`` (none: exit 2 with the remedy)."""
    if wanted is not None:
        return wanted
    plan = plan_for_year(plans, as_of)
    if plan is None:
        raise UsageError(f"no action plan governs {as_of}: name one with --plan")
    return plan


def chapters(plan: Plan, indicators: Sequence[Indicator]) -> tuple[list[Chapter], list[str]]:
    """The chapters with indicators, in section order, and the plan's themes without any.

    ``indicators`` are core's and the plan's in load order (core first); each goes to the
    chapter of its theme.
    """
    themes: dict[str, list[str]] = {}
    for section in plan.sections:
        themes.setdefault(section.theme, []).append(section.cell_text)
    found: list[Chapter] = []
    empty: list[str] = []
    for theme, cells in themes.items():
        ids = tuple(i.id for i in indicators if i.theme == theme)
        if ids:
            found.append(Chapter(theme, tuple(cells), ids))
        else:
            empty.append(theme)
    return found, empty


def _window(run: Run) -> str:
    return str(run.as_of) if run.since == run.as_of else f"{run.since}–{run.as_of}"


def title_lines(run: Run, plan: Plan) -> list[str]:
    """The title page's lines (the sample line is added by the writer, in red)."""
    generated = run.generated.strftime("%Y-%m-%d %H:%M UTC") if run.generated else "(no timestamp)"
    return [
        "Convention on Cluster Munitions",
        f"Progress in implementing the {plan.name} — draft",
        f"Figures from Article 7 reports up to {run.as_of} (needs declared {_window(run)}); "
        f"reporting and deadlines judged on {long_date(run.on)}.",
        f"Generated {generated} by the CCM needs tracker {run.version}.",
    ]


def indicator_paragraphs(
    result: IndicatorResult, lang: str = "en", names: NameBook | None = None
) -> list[str]:
    """What a chapter says of one indicator: the sentence, and its list of States."""
    indicator = result.indicator
    if result.status is Status.NOT_COMPUTABLE:
        wording = ISU_WORDING if indicator.verbatim is False else ""
        return [f"{indicator.title}{wording} — {NOT_COMPUTABLE}."]
    if result.sentence is None:
        return [result.status_text()[:1].upper() + result.status_text()[1:] + "."]
    lines = [result.sentence]
    if indicator.report_list is not ReportList.NONE:
        states = (
            result.numerator_states
            if indicator.report_list is ReportList.NUMERATOR
            else result.denominator_states
        )
        listed = name_list(states, result.lang, names) or "none"
        lines.append(f"{indicator.label}: {listed}.")
    return lines


def table_rows(results: Sequence[IndicatorResult]) -> list[tuple[str, str, str, str]]:
    """``Indicator | Numerator | Denominator | Value`` for the computable indicators."""
    return [
        (
            r.indicator.label,
            "—" if r.numerator is None else str(r.numerator),
            "—" if r.denominator is None else str(r.denominator),
            r.value_text(),
        )
        for r in results
        if r.indicator.computable
    ]


def method_lines(
    run: Run, plan: Plan, empty_themes: Sequence[str], unplaced: Sequence[str]
) -> list[str]:
    """The Method section's paragraphs."""
    lines = [
        f"As-of year: {run.as_of}. Needs declared in reports for {_window(run)}. Reporting and "
        f"deadlines judged on {long_date(run.on)}.",
        "Counted reports: the current version of each Article 7 report for reporting years up "
        f"to {run.as_of}, from States that were States parties on 31 December of the report's "
        f"year and of {run.as_of}; unchanged forms count with the data they carry forward.",
        "Catalogues: "
        + "; ".join(f"{c.key} ({c.file}, SHA-256 {c.sha256[:12]})" for c in run.catalogues)
        + ".",
        f"Chapters: the themes of the {plan.name} that have indicators, in the plan's order.",
    ]
    if empty_themes:
        lines.append("Chapters without indicators: " + ", ".join(empty_themes) + ".")
    if unplaced:
        lines.append(
            "Indicators whose theme is not a chapter of this plan (not shown above): "
            + ", ".join(unplaced)
            + "."
        )
    reports = len(run.sources)
    left_out = len(run.excluded)
    lines.append(
        f"Reports counted: {reports}. Reports left out: {left_out}"
        + (
            " ("
            + "; ".join(
                f"{e.state} {e.reporting_year} {e.report_type}: {e.reason}" for e in run.excluded
            )
            + ")"
            if left_out
            else ""
        )
        + "."
    )
    return lines


def chapter_chart_spec(chapter: Chapter, run: Run, series: Series | None) -> ChartSpec | None:
    """The chart of a chapter (None when nothing in it can be drawn)."""
    return chapter_chart(chapter.theme, run.as_of, run, series, chapter.indicator_ids)


# --- Word (python-docx, imported here only) ---------------------------------------------------


def _sample_run(paragraph: Any, size: float | None = None) -> None:
    from docx.shared import Pt, RGBColor

    text = paragraph.add_run(SAMPLE_LINE)
    text.bold = True
    text.font.color.rgb = RGBColor.from_string(SAMPLE_RED)
    if size:
        text.font.size = Pt(size)


def write_report(
    run: Run,
    plan: Plan,
    path: Path,
    *,
    series: Series | None = None,
    names: NameBook | None = None,
) -> Path:
    """Write the draft for ``run`` (core's and the plan's indicators) to ``path`` (.docx)."""
    import docx
    from docx.enum.text import WD_BREAK
    from docx.shared import Cm

    document = docx.Document()
    section = document.sections[0]  # A4, as the ISU prints (the template is US Letter)
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin = section.bottom_margin = Cm(2.0)
    props = document.core_properties
    props.title = f"Progress in implementing the {plan.name} — draft"
    props.author = props.last_modified_by = "CCM needs tracker (ISU-CCM)"
    props.subject = f"Indicators as of {run.as_of}"
    props.keywords = "CCM; Article 7; indicators; progress report"
    props.comments = "Draft generated from Article 7 reports; check before use."
    props.revision = 1
    if run.generated is not None:
        stamp = run.generated.replace(tzinfo=None)
        props.created = props.modified = stamp
    if run.sample:
        _sample_run(document.sections[0].header.paragraphs[0], 9)

    lines = title_lines(run, plan)
    document.add_paragraph(lines[0], style="Title")
    document.add_paragraph(lines[1], style="Subtitle")
    for line in lines[2:]:
        document.add_paragraph(line)
    if run.sample:
        _sample_run(document.add_paragraph())
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    results = {r.id: r for r in run.results}
    found, empty = chapters(plan, [r.indicator for r in run.results])
    placed = {i for c in found for i in c.indicator_ids}
    unplaced = [r.id for r in run.results if r.id not in placed]
    with tempfile.TemporaryDirectory(prefix="ccm-report-") as tmp:
        figures = 0
        for chapter in found:
            figures = _chapter(document, chapter, results, run, series, names, Path(tmp), figures)
    document.add_heading("Method", level=1)
    for line in method_lines(run, plan, empty, unplaced):
        document.add_paragraph(line)
    document.add_heading("Each indicator in words", level=2)
    for result in run.results:
        paragraph = document.add_paragraph(style="List Bullet")
        paragraph.add_run(f"{result.id} ({result.indicator.label}): ").bold = True
        paragraph.add_run(result.indicator.in_words())

    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def _chapter(
    document: Any,
    chapter: Chapter,
    results: dict[str, IndicatorResult],
    run: Run,
    series: Series | None,
    names: NameBook | None,
    tmp: Path,
    figures: int,
) -> int:
    """Write one chapter; returns the number of figures so far."""
    from docx.shared import Cm

    document.add_heading(chapter.theme, level=1)
    cells = document.add_paragraph()
    cells.add_run("; ".join(chapter.cell_texts)).italic = True
    cells.paragraph_format.keep_with_next = True  # a heading never ends a page alone
    chosen = [results[i] for i in chapter.indicator_ids]
    for result in chosen:
        for line in indicator_paragraphs(result, run.lang, names):
            document.add_paragraph(line)
    rows = table_rows(chosen)
    if rows:
        table = document.add_table(rows=1, cols=len(TABLE_HEADER))
        table.style = "Light List Accent 1"
        for cell, text in zip(table.rows[0].cells, TABLE_HEADER, strict=True):
            cell.text = text
        for row in rows:
            cells = table.add_row().cells
            for index, (cell, text) in enumerate(zip(cells, row, strict=True)):
                cell.text = text
                if index:
                    cell.paragraphs[0].alignment = 2  # right: figures line up
        for index in range(1, len(TABLE_HEADER)):
            table.rows[0].cells[index].paragraphs[0].alignment = 2
        table.autofit = False
        for index, column in enumerate(table.columns):
            column.width = Cm(TABLE_WIDTHS_CM[index])
        for row_cells in table.rows:
            for index, cell in enumerate(row_cells.cells):
                cell.width = Cm(TABLE_WIDTHS_CM[index])
        document.add_paragraph()
    spec = chapter_chart_spec(chapter, run, series)
    if spec is None:
        return figures
    figures += 1
    image = draw(spec, tmp / f"figure-{figures}.png")
    document.add_picture(str(image), width=Cm(CHART_WIDTH_CM))
    document.paragraphs[-1].paragraph_format.keep_with_next = True  # the caption stays with it
    document.add_paragraph(f"Figure {figures}: {chapter.theme}, {run.as_of}", style="Caption")
    return figures
