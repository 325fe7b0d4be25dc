"""The donor workbook's content, laid out from results computed elsewhere (pure, no I/O).

The export never counts: it receives the statistics with their evidence (what ``tracker stats
needs`` prints), the needs by State (:mod:`tracker.stats.by_state`), the reporting status and the
deadlines (what ``tracker reports status`` and ``tracker state show`` print), all computed by
:mod:`tracker.services.export` from one read of the store. This module only picks, for the
States those counted, the values to show (which description, which source cell), words them,
and says whether any counted report is sample data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from tracker.carry import Need
from tracker.compliance.deadlines import StateDeadlines
from tracker.compliance.status import ReportingStatus
from tracker.export.model import (
    THEMES,
    ArticleRow,
    DonorData,
    ExcludedRow,
    NeedRow,
    SourceRow,
    SummaryRow,
    by_name,
)
from tracker.export.reporting import ArticleDeadlines, deadline_rows, reporting_rows
from tracker.stats.by_state import StateNeeds
from tracker.stats.needs import NeedsStatistics
from tracker.stats.rules import AREAS, ReportRow


@dataclass(frozen=True)
class DonorResults:
    """What the donor workbook shows, computed: the export lays it out and counts nothing."""

    stats: NeedsStatistics
    needs: Sequence[StateNeeds]
    reporting: ReportingStatus
    deadlines: Mapping[str, StateDeadlines]
    names: Mapping[str, str]
    on: dt.date
    generated: dt.datetime
    database: str = ""
    version: str = ""
    samples: frozenset[str] = frozenset()  # SHA-256 digests of the bundled sample files


def describe_needs(needs: Iterable[Need]) -> str:
    """The descriptions of ``needs`` joined by ``; `` (``yes`` when none was given)."""
    texts: list[str] = []
    for need in needs:
        # Kept as written (no strip): a leading tab or "=" is made harmless by the writer.
        text = need.description or ""
        if text.strip() and text not in texts:
            texts.append(text)
    return "; ".join(texts) if texts else "yes"


def format_cost(amount: Decimal, currency: str | None) -> str:
    """A cost as written, with thousands separators: ``120,000 EUR`` (never converted)."""
    figure = f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
    return f"{figure} {currency.upper()}" if currency else f"{figure} (currency not given)"


def _source(need: Need) -> str:
    """``file!cell`` of a need (the cell with its sheet, as ``--explain`` names it)."""
    p = need.provenance
    text = f"{p.file}!{p.sheet}!{p.cell}"
    if p.carried_from is not None:
        text += f" (carried from {p.carried_from})"
    return text


def need_note(needs: StateNeeds) -> str:
    """Why some of a State's needs are not in the Summary's figures ("" when all are)."""
    if not needs.uncounted:
        return ""
    return "Not in the Summary's figures: " + "; ".join(needs.uncounted) + "."


def need_row(needs: StateNeeds, name: str) -> NeedRow:
    """The "Needs by State" row of one State."""
    return NeedRow(
        iso3=needs.iso3,
        name=name,
        areas={area: describe_needs(rows) for area, rows in needs.areas.items()},
        usd_cost=needs.usd_cost,
        other_costs="; ".join(format_cost(c.amount, c.currency) for c in needs.other_costs),
        latest_year=needs.latest.reporting_year,
        source=_source(needs.source),
        note=need_note(needs),
    )


def article_rows(
    stats: NeedsStatistics,
    article: int,
    counted: Mapping[str, Sequence[ReportRow]],
    deadlines: Mapping[str, ArticleDeadlines],
    names: Mapping[str, str],
) -> tuple[ArticleRow, ...]:
    """One row per State of the article's denominator, as the statistics counted it."""
    count = stats.article(article).count
    rows = []
    for iso3 in count.denominator_states:
        reports = {r.ref.report_id: r for r in counted[iso3]}
        evidence = count.denominator_evidence[iso3]
        status = reports[evidence.report.report_id].articles[article]
        need = count.numerator_evidence.get(iso3)
        description = ""
        if need is not None:
            needs = reports[need.report.report_id].needs
            description = describe_needs(n for n in needs if n.area in AREAS[article])
        dates = deadlines.get(iso3, ArticleDeadlines())
        rows.append(
            ArticleRow(
                iso3=iso3,
                name=names.get(iso3, iso3),
                status=status.status.value if status else "",
                completed_on=status.completed_on if status else None,
                deadline=dates.deadline,
                extension_until=dates.extension_until,
                need_declared=need is not None,
                description=description,
                latest_year=counted[iso3][-1].ref.reporting_year,
            )
        )
    return tuple(sorted(rows, key=lambda r: by_name(r.name, r.iso3)))


def donor_data(results: DonorResults) -> DonorData:
    """Everything the donor workbook shows, as plain values for the sheet writers."""
    stats, names = results.stats, results.names
    counted = stats.counts.counted
    deadlines = deadline_rows(results.deadlines)
    articles = {
        article: article_rows(stats, article, counted, deadlines.get(article, {}), names)
        for article in THEMES
    }
    sources = sorted(
        (r.ref for reports in counted.values() for r in reports),
        key=lambda ref: (ref.state_iso3, ref.reporting_year, ref.report_type.value, ref.file_name),
    )
    sample_files = tuple(ref.file_name for ref in sources if ref.sha256.lower() in results.samples)
    needs = [need_row(n, names.get(n.iso3, n.iso3)) for n in results.needs]
    return DonorData(
        as_of=stats.as_of,
        since=stats.since,
        on=results.on,
        generated=results.generated,
        sentences=tuple(stats.sentences),
        summary=tuple(
            SummaryRow(s.article, THEMES[s.article], s.denominator, s.numerator)
            for s in stats.statistics
        ),
        needs=tuple(sorted(needs, key=lambda r: by_name(r.name, r.iso3))),
        articles=articles,
        reporting=reporting_rows(results.reporting, names),
        excluded=tuple(
            ExcludedRow(
                e.ref.state_iso3,
                e.ref.reporting_year,
                e.ref.report_type.value,
                e.ref.file_name,
                e.reason,
            )
            for e in stats.counts.excluded
        ),
        sources=tuple(
            SourceRow(
                ref.file_name,
                ref.sha256,
                ref.state_iso3,
                names.get(ref.state_iso3, ref.state_iso3),
                ref.reporting_year,
                ref.report_type.value,
                ref.submitted_on,
            )
            for ref in sources
        ),
        database=results.database,
        version=results.version,
        sample=bool(sample_files),
        sample_files=sample_files,
    )
