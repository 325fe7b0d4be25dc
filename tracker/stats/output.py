"""The needs statistics as text, JSON and CSV (``spec/statistics.md``, Machine output).

All three render the same :class:`NeedsStatistics` value, so their numbers always agree.
"""

from __future__ import annotations

import csv
import io
import json

from tracker.membership import load_bundled_command
from tracker.stats.needs import ArticleStatistic, NeedsStatistics
from tracker.stats.rules import Evidence, ExclusionCode
from tracker.wording import text_table

CSV_COLUMNS = (
    "article",
    "areas",
    "denominator",
    "numerator",
    "denominator_states",
    "numerator_states",
    "sentence",
)
TABLE_HEADER = ("Article", "States with obligations", "Of which declared needs", "Share")


def _share(statistic: ArticleStatistic) -> str:
    share = statistic.share
    return "—" if share is None else f"{share * 100:.1f}%"


def statistic_json(statistic: ArticleStatistic, *, explain: bool = False) -> dict[str, object]:
    """One entry of ``statistics`` in the JSON output."""
    entry: dict[str, object] = {
        "article": statistic.article,
        "areas": [a.value for a in statistic.count.areas],
        "denominator": statistic.denominator,
        "numerator": statistic.numerator,
        "denominator_states": statistic.denominator_states,
        "numerator_states": statistic.numerator_states,
        "sentence": statistic.sentence,
    }
    if explain:
        count = statistic.count
        entry["provenance"] = {
            state: {
                "denominator": count.denominator_evidence[state].provenance.as_json(),
                "numerator": (
                    count.numerator_evidence[state].provenance.as_json()
                    if state in count.numerator_evidence
                    else None
                ),
            }
            for state in statistic.denominator_states
        }
    return entry


def as_json(stats: NeedsStatistics, *, explain: bool = False) -> dict[str, object]:
    """The whole JSON document (the spec's keys; ``style`` added)."""
    return {
        "as_of": stats.as_of,
        "since": stats.since,
        "current_only": stats.current_only,
        "style": stats.style.value,
        "statistics": [statistic_json(s, explain=explain) for s in stats.statistics],
        "excluded": [e.as_json() for e in stats.counts.excluded],
    }


def render_json(stats: NeedsStatistics, *, explain: bool = False) -> str:
    """``--format json``."""
    return json.dumps(as_json(stats, explain=explain), indent=2, ensure_ascii=False)


def render_csv(stats: NeedsStatistics) -> str:
    """``--format csv``: one row per article, lists joined with ``;``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for s in stats.statistics:
        writer.writerow(
            [
                s.article,
                ";".join(a.value for a in s.count.areas),
                s.denominator,
                s.numerator,
                ";".join(s.denominator_states),
                ";".join(s.numerator_states),
                s.sentence,
            ]
        )
    return out.getvalue()


def render_table(stats: NeedsStatistics) -> list[str]:
    """The small table under the sentences (figures always in digits)."""
    rows = [TABLE_HEADER] + [
        (str(s.article), str(s.denominator), str(s.numerator), _share(s)) for s in stats.statistics
    ]
    return text_table(rows)


def describe(evidence: Evidence) -> str:
    """Where a State's figure came from: the cell, the file, and any carry-forward."""
    p = evidence.provenance
    submitted = f"submitted {p.submitted.isoformat()}" if p.submitted else "no submission date"
    text = (
        f"{p.sheet}!{p.cell} in {p.file} "
        f"({p.reporting_year} {p.report_type.value} report, {submitted})"
    )
    if p.carried_from is not None:
        counted = evidence.report
        text += (
            f"; carried forward from {p.carried_from} into the {counted.reporting_year} "
            f"{counted.report_type.value} report ({counted.file_name})"
        )
    return text


def render_explain(stats: NeedsStatistics) -> list[str]:
    """``--explain`` in text: every counted State's cell, then the excluded reports."""
    window = f"{stats.since}–{stats.as_of}"
    lines = [f"Provenance (reports up to {stats.as_of}; needs declared in {window})"]
    for s in stats.statistics:
        count = s.count
        for label, evidence in (
            ("States with obligations", count.denominator_evidence),
            ("of which declared needs", count.numerator_evidence),
        ):
            lines.append("")
            lines.append(f"Article {s.article}, {label} ({len(evidence)}):")
            for state in sorted(evidence):
                lines.append(f"  {state} {stats.name(state)}: {describe(evidence[state])}")
            if not evidence:
                lines.append("  (none)")
    excluded = stats.counts.excluded
    lines.append("")
    lines.append(f"Reports left out ({len(excluded)}):")
    for e in excluded:
        ref = e.ref
        lines.append(
            f"  {ref.state_iso3} {ref.reporting_year} {ref.report_type.value} "
            f"({ref.file_name}): {e.reason}"
        )
    return lines


def missing_membership_warning(stats: NeedsStatistics) -> str | None:
    """The one warning of the text output when reports lacked a membership record."""
    missing = stats.counts.missing_membership
    if not missing:
        return None
    states = sorted(
        {e.ref.state_iso3 for e in stats.counts.excluded if e.code is ExclusionCode.NO_MEMBERSHIP}
    )
    reports = "report was" if missing == 1 else "reports were"
    return (
        f"warning: {missing} {reports} left out because their State has no membership record "
        f"({', '.join(states)}): load the full list of States Parties with "
        f"{load_bundled_command()}"
    )


def header_line(stats: NeedsStatistics) -> str:
    """What the figures count, the text output's first line (``spec/statistics.md``).

    ``As of 2025, needs declared in 2021–2025, current reports of States Parties:``; a window of
    one year is ``needs declared in 2025``; ``--current`` adds how obligations are read.
    """
    window = str(stats.as_of) if stats.since == stats.as_of else f"{stats.since}–{stats.as_of}"
    line = f"As of {stats.as_of}, needs declared in {window}, current reports of States Parties"
    if stats.current_only:
        line += ", obligations as their latest report states them"
    return line + ":"


def missing_year_warning(stats: NeedsStatistics, asked: int | None) -> str | None:
    """The warning when ``--as-of`` names a year the store holds no current report for.

    Without it, ``--as-of 2026`` before any 2026 report silently repeats 2025's figures.
    """
    if asked is None or stats.as_of_reported:
        return None
    return (
        f"warning: no report for {asked} in the store: the figures are those of earlier "
        "years' reports"
    )


def render_text(stats: NeedsStatistics, *, explain: bool = False) -> str:
    """``--format text``: what is counted, the sentences, the table, ``--explain``'s cells."""
    lines = [header_line(stats), *stats.sentences, "", *render_table(stats)]
    if explain:
        lines += ["", *render_explain(stats)]
    return "\n".join(lines)
