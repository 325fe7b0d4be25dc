"""Indicator results as text, JSON and CSV (``spec/indicators.md`` §7).

All three render the same :class:`~tracker.indicators.results.Run` (one as-of year) or
:class:`~tracker.indicators.results.Series` (``--years``), so their figures always agree. The
listing of ``tracker indicators list`` is here too.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from tracker.export.safety import is_formula_like
from tracker.indicators.model import Indicator
from tracker.indicators.results import IndicatorResult, Run, Series, Status
from tracker.indicators.sentences import NameBook, long_date

CSV_COLUMNS = (
    "as_of",
    "since",
    "on",
    "id",
    "plan",
    "actions",
    "theme",
    "label",
    "status",
    "unit",
    "denominator",
    "numerator",
    "value",
    "denominator_states",
    "numerator_states",
    "sentence",
)
TABLE_HEADER = ("ID", "Label", "Numerator", "Denominator", "Value")
LIST_COLUMNS = ("id", "plan", "actions", "theme", "unit", "title")


# --- JSON -------------------------------------------------------------------------------------


def result_json(result: IndicatorResult, *, explain: bool = False) -> dict[str, object]:
    """One entry of ``results``: the spec's keys in its order (``provenance`` with explain)."""
    indicator = result.indicator
    entry: dict[str, object] = {
        "id": indicator.id,
        "series_of": result.series_of,
        "plan": indicator.plan,
        "actions": list(indicator.actions),
        "theme": indicator.theme,
        "label": indicator.label,
        "title": indicator.title,
        "verbatim": indicator.verbatim,
        "note": indicator.note,
        "computable": indicator.computable,
        "status": result.status.value,
        "unit": indicator.unit.value if indicator.unit else None,
        "denominator": result.denominator,
        "numerator": result.numerator,
        "value": result.value,
        "denominator_states": list(result.denominator_states),
        "numerator_states": list(result.numerator_states),
        "sentence": result.sentence,
        "lang": result.lang,
        "replaces": indicator.replaces,
    }
    if explain:
        entry["provenance"] = {
            state: result.evidence[state].as_json()
            for state in result.denominator_states
            if state in result.evidence
        }
    return entry


def run_json(run: Run, *, explain: bool = False) -> dict[str, object]:
    """The JSON document of one as-of year."""
    return {
        "as_of": run.as_of,
        "since": run.since,
        "on": run.on.isoformat(),
        "style": run.style.value,
        "lang": run.lang,
        "catalogues": [{"key": c.key, "file": c.file, "sha256": c.sha256} for c in run.catalogues],
        "results": [result_json(r, explain=explain) for r in run.results],
        "excluded": [e.as_json() for e in run.excluded],
    }


def series_json(series: Series, *, explain: bool = False) -> dict[str, object]:
    """``{"years": [Y1, Y2], "style", "lang", "runs": [DOC, …]}``."""
    return {
        "years": [series.first, series.last],
        "style": series.style.value,
        "lang": series.lang,
        "runs": [run_json(r, explain=explain) for r in series.runs],
    }


def render_json(data: Run | Series, *, explain: bool = False) -> str:
    """``--format json``."""
    doc = (
        series_json(data, explain=explain)
        if isinstance(data, Series)
        else run_json(data, explain=explain)
    )
    return json.dumps(doc, indent=2, ensure_ascii=False)


# --- CSV --------------------------------------------------------------------------------------


def guard(value: object) -> object:
    """A text that a spreadsheet would run as a formula gets a leading quote (as the workbook)."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def _csv(rows: Sequence[Sequence[object]], header: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else guard(v) for v in row])
    return out.getvalue()


def _csv_row(run: Run, result: IndicatorResult) -> list[object]:
    indicator = result.indicator
    return [
        run.as_of,
        run.since,
        run.on.isoformat(),
        indicator.id,
        indicator.plan,
        ";".join(indicator.actions),
        indicator.theme,
        indicator.label,
        result.status.value,
        indicator.unit.value if indicator.unit else None,
        result.denominator,
        result.numerator,
        result.value,
        ";".join(result.denominator_states),
        ";".join(result.numerator_states),
        result.sentence,
    ]


def render_csv(data: Run | Series) -> str:
    """``--format csv``: a row per (year, indicator), lists joined with ``;``."""
    runs = data.runs if isinstance(data, Series) else (data,)
    return _csv([_csv_row(run, r) for run in runs for r in run.results], CSV_COLUMNS)


# --- text -------------------------------------------------------------------------------------


def opening(run: Run) -> str:
    """``As of 2024, needs declared in 2021–2024, current reports of States Parties; …``."""
    window = str(run.as_of) if run.since == run.as_of else f"{run.since}–{run.as_of}"
    return (
        f"As of {run.as_of}, needs declared in {window}, current reports of States Parties; "
        f"reporting and deadlines judged on {long_date(run.on)}:"
    )


def result_line(result: IndicatorResult) -> str:
    """``id: sentence`` (or what stands instead of the sentence)."""
    if result.status is Status.COMPUTED and result.sentence is not None:
        return f"{result.id}: {result.sentence}"
    return f"{result.id}: {result.status_text()}"


def table(header: Sequence[str], rows: Sequence[Sequence[str]], left: int = 2) -> list[str]:
    """A plain table: the first ``left`` columns to the left, the figures to the right."""
    all_rows = [tuple(header), *(tuple(r) for r in rows)]
    widths = [max(len(row[i]) for row in all_rows) for i in range(len(header))]
    lines = []
    for index, row in enumerate(all_rows):
        cells = [
            cell.ljust(width) if (column < left or index == 0) else cell.rjust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append(" | ".join(cells).rstrip())
        if index == 0:
            lines.append("-+-".join("-" * w for w in widths))
    return lines


def _figure(value: int | None) -> str:
    return "—" if value is None else str(value)


def run_table(run: Run) -> list[str]:
    """``ID | Label | Numerator | Denominator | Value`` (``40%``, ``—`` for null)."""
    rows = [
        (r.id, r.indicator.label, _figure(r.numerator), _figure(r.denominator), r.value_text())
        for r in run.results
    ]
    return table(TABLE_HEADER, rows)


def series_table(series: Series) -> list[str]:
    """``ID | Label | Y1 | … | Y2``: the value of each indicator in each year."""
    years = [str(run.as_of) for run in series.runs]
    rows: list[tuple[str, ...]] = []
    if series.runs:
        for index, first in enumerate(series.runs[0].results):
            asked = first.series_of or first.id
            label = first.indicator.label
            values = [run.results[index].value_text() for run in series.runs]
            rows.append((asked, label, *values))
    return table(("ID", "Label", *years), rows)


def explain_lines(run: Run, names: NameBook | None = None) -> list[str]:
    """Each indicator's States with the evidence, then the reports left out."""
    book = names or NameBook()
    lines: list[str] = []
    for result in run.results:
        lines.append("")
        if result.denominator is None:
            lines.append(f"{result.id} ({result.indicator.label}): {result.status_text()}")
            continue
        lines.append(
            f"{result.id} ({result.indicator.label}): {result.denominator} in the denominator, "
            f"{result.numerator} in the numerator"
        )
        if not result.denominator_states:
            lines.append("  (none)")
        for state in result.denominator_states:
            evidence = result.evidence.get(state)
            lines.append(f"  {state} {book.name(state)}")
            if evidence is None:
                continue
            numerator = evidence.numerator.as_text() if evidence.numerator else "not in it"
            lines.append(f"    denominator: {evidence.denominator.as_text()}")
            lines.append(f"    numerator: {numerator}")
    lines.append("")
    lines.append(f"Reports left out ({len(run.excluded)}):")
    for e in run.excluded:
        lines.append(f"  {e.state} {e.reporting_year} {e.report_type} ({e.file}): {e.reason}")
    return lines


def render_text(data: Run | Series, *, explain: bool = False, names: NameBook | None = None) -> str:
    """``--format text``: the opening line, a line per indicator, then the table.

    A series prints only its table of values; ``--explain`` adds the States with evidence.
    """
    if isinstance(data, Series):
        lines = series_table(data)
        if explain:
            for run in data.runs:
                lines += ["", opening(run), *explain_lines(run, names)]
        return "\n".join(lines)
    lines = [opening(data), *(result_line(r) for r in data.results), "", *run_table(data)]
    if explain:
        lines += explain_lines(data, names)
    return "\n".join(lines)


# --- tracker indicators list ------------------------------------------------------------------


def _unit(indicator: Indicator) -> str:
    return indicator.unit.value if indicator.unit else "not computable"


def list_rows(indicators: Sequence[Indicator]) -> list[tuple[str, str, str, str, str, str]]:
    """id, plan key, actions, theme, unit or ``not computable``, title (+ " (ISU wording)")."""
    return [
        (
            i.id,
            i.catalogue,
            ", ".join(i.actions) or "—",
            i.theme,
            _unit(i),
            i.shown_title(),
        )
        for i in indicators
    ]


def render_list(indicators: Sequence[Indicator], fmt: str) -> str:
    """``tracker indicators list`` in text (never cut), JSON or CSV."""
    if fmt == "json":
        doc = [
            {
                "id": i.id,
                "catalogue": i.catalogue,
                "plan": i.plan,
                "actions": list(i.actions),
                "theme": i.theme,
                "label": i.label,
                "title": i.title,
                "verbatim": i.verbatim,
                "note": i.note,
                "computable": i.computable,
                "unit": i.unit.value if i.unit else None,
                "replaces": i.replaces,
                "in_words": i.in_words(),
            }
            for i in indicators
        ]
        return json.dumps({"indicators": doc}, indent=2, ensure_ascii=False) + "\n"
    rows = list_rows(indicators)
    if fmt == "csv":
        return _csv(rows, LIST_COLUMNS)
    header = ("ID", "Plan", "Actions", "Theme", "Unit", "Title")
    return "\n".join(table(header, rows, left=len(header))) + "\n"
