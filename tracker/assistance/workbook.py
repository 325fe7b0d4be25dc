"""The match worded for the donor workbook (``assistance.md`` §5): plain rows for the sheets.

The export package lays out rows and never computes; this module turns a
:class:`~tracker.assistance.match.MatchResult` into the rows of *Needs and support* and
*Support reported*, the Summary's sentences and lines, and the Method's list of imported files.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from tracker.assistance.listing import select_flows, usd
from tracker.assistance.match import (
    ConvertedLine,
    MatchResult,
    StateMatch,
    in_window,
)
from tracker.assistance.rows import FlowRecord, money
from tracker.assistance.sentences import flows_line
from tracker.enums import FlowSide, FlowType
from tracker.export.model import FlowFileRow, FlowRow, SupportCells, SupportData, SupportRow

MAX_SOURCES = 20
TYPE_WORDS: dict[FlowType | None, str] = {
    FlowType.DISBURSEMENT: "Disbursed",
    FlowType.COMMITMENT: "Committed",
    None: "Type not stated",
}
REPORTED_BY = {
    FlowSide.DONOR_REPORT: "donor (Article 7)",
    FlowSide.RECIPIENT_REPORT: "recipient (Article 7)",
    FlowSide.OTHER_SOURCE: "other source",
}


def amount_cell(match: StateMatch, side: FlowSide) -> str:
    """``Disbursed: 500,000 EUR; 250,000 USD`` per type, ``= 810,000 USD (converted)`` after."""
    lines = []
    for flow_type, words in TYPE_WORDS.items():
        mine = [a for a in match.amounts if a.side is side and a.flow_type is flow_type]
        if not mine:
            continue
        amounts = "; ".join(
            f"{money(a.amount)} {a.currency or '(currency not stated)'}" for a in mine
        )
        line = f"{words}: {amounts}"
        converted: list[ConvertedLine] = [
            c for c in match.converted or () if c.side is side and c.flow_type is flow_type
        ]
        if converted:
            line += f" = {money(converted[0].amount)} USD (converted)"
        lines.append(line)
    return "\n".join(lines)


def _sources(match: StateMatch) -> str:
    lines = [] if match.need is None else [f"need: {match.need.cited}"]
    shown = match.deciding[:MAX_SOURCES]
    lines += [f"flow: {f.provenance.cited}" for f in shown]
    if len(match.deciding) > MAX_SOURCES:
        lines.append(f"… and {len(match.deciding) - MAX_SOURCES} more")
    return "\n".join(lines)


def support_cells(match: StateMatch) -> SupportCells:
    """One State under one article."""
    return SupportCells(
        status=match.status.words,
        donors="; ".join(d.name for d in match.donors),
        donor_count=match.donor_count,
        by_donors=amount_cell(match, FlowSide.DONOR_REPORT),
        by_state=amount_cell(match, FlowSide.RECIPIENT_REPORT),
        other_sources=amount_cell(match, FlowSide.OTHER_SOURCE),
        sources=_sources(match),
    )


def support_rows(result: MatchResult, names: Mapping[str, str]) -> tuple[SupportRow, ...]:
    """A row per State in any numerator, sorted by name."""
    per_state: dict[str, dict[int, SupportCells | None]] = {}
    for article in result.articles:
        for match in article.states:
            per_state.setdefault(match.state, {})[article.article] = support_cells(match)
    rows = [
        SupportRow(iso3, names.get(iso3, iso3), {n: cells.get(n) for n in (3, 4, 5)})
        for iso3, cells in per_state.items()
    ]
    return tuple(sorted(rows, key=lambda r: (r.name.casefold(), r.iso3)))


def decided(result: MatchResult) -> dict[int, list[str]]:
    """Per deciding flow (by identity), ``Art. 4 supported``-style labels (computed once)."""
    labels: dict[int, list[str]] = {}
    for article in result.articles:
        for match in article.states:
            for flow in match.deciding:
                labels.setdefault(id(flow), []).append(
                    f"Art. {article.article} {match.status.words}"
                )
    return labels


def counts_for(flow: FlowRecord, labels: Mapping[int, list[str]]) -> str:
    """``Art. 4 supported; Art. 5 possibly supported`` (a pledge: ``pledge, not counted``)."""
    if flow.flow_type is FlowType.PLEDGE:
        return "pledge, not counted"
    return "; ".join(labels.get(id(flow), ()))


def flow_rows(result: MatchResult) -> tuple[FlowRow, ...]:
    """Every flow in the window, sorted as ``assistance list``."""
    window = [f for f in result.flows if in_window(f, result.since, result.as_of)]
    labels = decided(result)
    rows = []
    for f in select_flows(window):
        p = f.provenance
        rows.append(
            FlowRow(
                year=f.year,
                donor=f.donor.name,
                donor_iso3=f.donor_iso3 or "",
                recipient=f.recipient_name,
                recipient_iso3=f.recipient_iso3 or "",
                area=f.area.value.replace("_", " "),
                flow_type="not stated" if f.flow_type is None else f.flow_type.value,
                amount=f.amount,
                currency=f.currency or "",
                amount_usd=usd(f, result.rates),
                channel=f.channel or "",
                description=f.description or "",
                reported_by=REPORTED_BY[f.side],
                source=f.source or "",
                file=p.file,
                sheet=p.sheet or "",
                cell=p.cell if p.sheet else f"row {p.row}",
                counts_for=counts_for(f, labels),
            )
        )
    return tuple(rows)


def flow_file_rows(result: MatchResult, samples: Collection[str]) -> tuple[FlowFileRow, ...]:
    """The imported files behind the flows, with how many of their rows are used."""
    found: dict[tuple[str, str], int] = {}
    for f in result.flows:
        if f.side is FlowSide.OTHER_SOURCE:
            key = (f.provenance.file, f.provenance.sha256)
            found[key] = found.get(key, 0) + 1
    return tuple(
        FlowFileRow(name, sha, count, sha in samples)
        for (name, sha), count in sorted(found.items())
    )


def _sample_flows(result: MatchResult, samples: Collection[str]) -> int:
    deciding: Iterable[FlowRecord] = (
        f for a in result.articles for m in a.states for f in m.deciding
    )
    return len({id(f) for f in deciding if f.provenance.sha256 in samples})


def support_data(
    result: MatchResult, names: Mapping[str, str], samples: Collection[str] = ()
) -> SupportData:
    """Everything the workbook shows of the match (``samples``: the bundled files' SHA-256s)."""
    rates = result.rates
    amounts = (
        "original currencies, never converted"
        if rates is None
        else f"converted to USD at {rates.file} (SHA-256 {rates.sha256[:12]})"
    )
    return SupportData(
        sentences=tuple(s for a in result.articles for s in a.sentences),
        counted=flows_line(result.flows_in_window, result.since, result.as_of),
        amounts=amounts,
        rows=support_rows(result, names),
        flows=flow_rows(result),
        per_side=dict(result.flows_in_window),
        files=flow_file_rows(result, samples),
        converted=rates is not None,
        sample_flows=_sample_flows(result, samples),
    )
