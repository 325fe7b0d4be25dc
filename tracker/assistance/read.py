"""The read model's flows as the matching's rows (pure; ``assistance.md`` §3).

The store reader gives each report its own Form I flow rows and the imported flow files that
are not withdrawn; this module applies carry-forward (:func:`tracker.carry.effective_flows`, the
one walk) and turns every row into a :class:`~tracker.assistance.rows.FlowRecord` with its
provenance. Restatements are collapsed later, by :func:`tracker.assistance.match.usable`.
"""

from __future__ import annotations

from collections.abc import Iterable

from tracker.assistance.match import MatchResult
from tracker.assistance.rows import FlowRecord, Provenance
from tracker.carry import effective_flows
from tracker.enums import FlowArea, FlowSide, FlowType, RecipientKind
from tracker.indicators.assisted import AssistedRow
from tracker.readmodel import FlowData, FlowFileData, RawReport

_SIDES = {m.value: m for m in FlowSide}
_KINDS = {m.value: m for m in RecipientKind}
_AREAS = {m.value: m for m in FlowArea}
_TYPES = {m.value: m for m in FlowType}


def _record(flow: FlowData, reporter: str, provenance: Provenance) -> FlowRecord:
    return FlowRecord(
        side=_SIDES[flow.side],
        reporter=reporter,
        donor_iso3=flow.donor_iso3,
        donor_name=flow.donor_name,
        recipient_kind=_KINDS[flow.recipient_kind],
        recipient_iso3=flow.recipient_iso3,
        recipient_region=flow.recipient_region,
        area=_AREAS[flow.area],
        year=flow.year,
        amount=flow.amount,
        currency=flow.currency,
        flow_type=None if flow.flow_type is None else _TYPES[flow.flow_type],
        provenance=provenance,
        year_assumed=flow.year_assumed,
        channel=flow.channel,
        description=flow.description,
        source=flow.source,
    )


def report_flow_records(reports: Iterable[RawReport], as_of: int | None = None) -> list[FlowRecord]:
    """The Article 7 flows the current reports up to ``as_of`` show, carried rows once."""
    out = []
    for carried in effective_flows(reports, as_of):
        ref, flow = carried.origin.ref, carried.flow
        provenance = Provenance(
            file=ref.file_name,
            sha256=ref.sha256,
            cell=flow.cell,
            row=flow.row,
            sheet=flow.sheet,
            reporting_year=ref.reporting_year,
            report_type=ref.report_type.value,
            submitted=ref.submitted_on,
        )
        out.append(_record(flow, ref.state_iso3, provenance))
    return out


def file_flow_records(files: Iterable[FlowFileData]) -> list[FlowRecord]:
    """The flows of imported files (every file one reporter: the empty string)."""
    return [
        _record(flow, "", Provenance(f.file_name, f.sha256, flow.cell, flow.row, flow.sheet))
        for f in files
        for flow in f.flows
    ]


def flow_records(
    reports: Iterable[RawReport], files: Iterable[FlowFileData], as_of: int | None = None
) -> list[FlowRecord]:
    """Every flow of the read model: Article 7 rows (carried once), then imported rows."""
    return [*report_flow_records(reports, as_of), *file_flow_records(files)]


def assisted_rows(result: MatchResult) -> list[AssistedRow]:
    """The match as the ``assisted`` predicate's rows (:mod:`tracker.indicators.assisted`)."""
    return [
        AssistedRow(
            match.state,
            article.article,
            match.status.value,
            tuple(f.provenance.cited for f in match.deciding),
        )
        for article in result.articles
        for match in article.states
    ]
