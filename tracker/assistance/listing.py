"""``tracker assistance list``: the flows, filtered and sorted, in text, JSON and CSV (§4).

Every flow is listed (no window), restatements once, sorted by year, recipient, donor, side,
file and row. A FLOW is the JSON object of §4; CSV has its keys with the provenance flattened.
Filters are resolved from what a person types (a State in any language, ``Global``, a region,
an organisation, an area's code or label) by the functions here, which raise the errors the
commands turn into exit codes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from tracker.assistance.formats import to_json
from tracker.assistance.rates import Rates
from tracker.assistance.rows import FlowRecord, Party, money, plain, state_name
from tracker.enums import FlowArea, FlowSide, RecipientKind
from tracker.errors import UnknownStateError, UsageError
from tracker.export.safety import to_csv
from tracker.text import normalize

SIDE_WORDS = {
    FlowSide.DONOR_REPORT: "donor (Article 7)",
    FlowSide.RECIPIENT_REPORT: "recipient (Article 7)",
    FlowSide.OTHER_SOURCE: "other source",
}
TEXT_HEADER = ("Year", "Donor", "Recipient", "Area", "Type", "Amount", "Side", "Source")
PROVENANCE_KEYS = (
    "file",
    "sha256",
    "reporting_year",
    "report_type",
    "submitted",
    "sheet",
    "cell",
    "row",
)
FLOW_KEYS = (
    "side",
    "donor",
    "donor_name",
    "recipient",
    "recipient_name",
    "recipient_kind",
    "area",
    "year",
    "year_assumed",
    "amount",
    "currency",
    "type",
    "amount_usd",
    "channel",
    "description",
    "source",
    "also_in",
)


@dataclass(frozen=True)
class RecipientFilter:
    """A recipient to list: a State (ISO3), ``Global``, or a region (M49 code)."""

    kind: RecipientKind
    code: str | None = None

    def matches(self, flow: FlowRecord) -> bool:
        """True when ``flow`` goes to this recipient."""
        if flow.recipient_kind is not self.kind:
            return False
        if self.kind is RecipientKind.STATE:
            return flow.recipient_iso3 == self.code
        return self.kind is RecipientKind.GLOBAL or flow.recipient_region == self.code


def recipient_filter(written: str) -> RecipientFilter:
    """``--recipient``: a State, ``Global`` (Mondial, Mundial, worldwide) or a region.

    An unknown name raises :class:`UnknownStateError` (exit 1) with the closest names.
    """
    from tracker.codes import message
    from tracker.layouts import get_layout
    from tracker.reference import resolve_state
    from tracker.regions import find_region, unknown_recipient

    if get_layout("ccm-a7/2").vocabularies["flow_recipient"].code(written) == "global":
        return RecipientFilter(RecipientKind.GLOBAL)
    iso3 = resolve_state(written)
    if iso3 is not None:
        return RecipientFilter(RecipientKind.STATE, iso3)
    region = find_region(written)
    if region is not None:
        return RecipientFilter(RecipientKind.REGION, region.code)
    variant, params = unknown_recipient(written)
    raise UnknownStateError(message("unknown-recipient", variant, **params))


def donor_filter(written: str) -> tuple[str, str]:
    """``--donor``: a State the resolver knows, else an organisation (its normalised name)."""
    from tracker.reference import resolve_state

    iso3 = resolve_state(written)
    return Party(iso3, written).key if iso3 else Party(None, written).key


def area_filter(written: str) -> FlowArea:
    """``--area``: a ``flow_area`` code or label (any language); else :class:`UsageError`."""
    from tracker.layouts import get_layout

    code = get_layout("ccm-a7/2").vocabularies["flow_area"].code(written)
    if code is None:
        allowed = ", ".join(a.value for a in FlowArea)
        raise UsageError(f"--area takes an area code or label ({allowed}), not {written!r}")
    return FlowArea(code)


def sort_key(flow: FlowRecord) -> tuple[object, ...]:
    """Year, recipient, donor, side, file, row."""
    p = flow.provenance
    return (
        flow.year,
        normalize(flow.recipient_name),
        normalize(flow.donor.name),
        list(FlowSide).index(flow.side),
        p.file,
        p.row,
    )


def select_flows(
    flows: Iterable[FlowRecord],
    *,
    recipient: RecipientFilter | None = None,
    donor: tuple[str, str] | None = None,
    year: int | None = None,
    area: FlowArea | None = None,
    side: FlowSide | None = None,
) -> list[FlowRecord]:
    """The flows that pass every filter given, sorted as the listing shows them."""
    chosen = [
        f
        for f in flows
        if (recipient is None or recipient.matches(f))
        and (donor is None or f.donor.key == donor)
        and (year is None or f.year == year)
        and (area is None or f.area is area)
        and (side is None or f.side is side)
    ]
    return sorted(chosen, key=sort_key)


def usd(flow: FlowRecord, rates: Rates | None) -> Decimal | None:
    """The flow's amount in USD at ``rates`` (None without rates, amount or currency)."""
    if rates is None or flow.amount is None or flow.currency is None:
        return None
    return flow.amount_usd(rates.rate(flow.currency, flow.year))


def flow_json(flow: FlowRecord, rates: Rates | None = None) -> dict[str, object]:
    """A FLOW (``assistance.md`` §4)."""
    donor = flow.donor
    return {
        "side": flow.side.value,
        "donor": donor.iso3,
        "donor_name": donor.name,
        "recipient": flow.recipient_iso3,
        "recipient_name": flow.recipient_name,
        "recipient_kind": flow.recipient_kind.value,
        "recipient_region": flow.recipient_region,
        "area": flow.area.value,
        "year": flow.year,
        "year_assumed": flow.year_assumed,
        "amount": plain(flow.amount),
        "currency": flow.currency,
        "type": None if flow.flow_type is None else flow.flow_type.value,
        "amount_usd": plain(usd(flow, rates)),
        "channel": flow.channel,
        "description": flow.description,
        "source": flow.source,
        "also_in": [p.as_json() for p in flow.also_in],
        "provenance": flow.provenance.as_json(),
    }


def amount_text(flow: FlowRecord) -> str:
    """``1,250,000 EUR`` (blank without an amount; a missing currency said so)."""
    if flow.amount is None:
        return ""
    return f"{money(flow.amount)} {flow.currency or '(currency not stated)'}"


def type_text(flow: FlowRecord) -> str:
    """``disbursement``, ``commitment``, ``pledge`` or ``not stated``."""
    return "not stated" if flow.flow_type is None else flow.flow_type.value


def render_list_json(flows: Sequence[FlowRecord], rates: Rates | None = None) -> str:
    """``{"count": n, "flows": [FLOW, …]}``."""
    return to_json({"count": len(flows), "flows": [flow_json(f, rates) for f in flows]})


def render_list_csv(flows: Sequence[FlowRecord], rates: Rates | None = None) -> str:
    """A row per flow: the FLOW keys, ``also_in`` as cited places, then the provenance's keys."""
    rows = []
    for flow in flows:
        data = flow_json(flow, rates)
        provenance = data.pop("provenance")
        assert isinstance(provenance, dict)
        data["also_in"] = ";".join(p.cited for p in flow.also_in)
        rows.append([data[k] for k in FLOW_KEYS] + [provenance[k] for k in PROVENANCE_KEYS])
    return to_csv((*FLOW_KEYS, *PROVENANCE_KEYS), rows)


def render_list_text(flows: Sequence[FlowRecord], rates: Rates | None = None) -> str:
    """The table ``Year | Donor | Recipient | Area | Type | Amount | Side | Source``."""
    rows = [TEXT_HEADER]
    for flow in flows:
        amount = amount_text(flow)
        converted = usd(flow, rates)
        if converted is not None and rates is not None:
            amount += f" = {money(converted)} USD (converted)"
        rows.append(
            (
                str(flow.year) + (" (assumed)" if flow.year_assumed else ""),
                flow.donor.name,
                flow.recipient_name,
                flow.area.value.replace("_", " "),
                type_text(flow),
                amount,
                SIDE_WORDS[flow.side],
                flow.provenance.cited,
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(TEXT_HEADER))]
    lines = []
    for index, row in enumerate(rows):
        lines.append(" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        if index == 0:
            lines.append("-+-".join("-" * w for w in widths))
    if len(rows) == 1:
        lines.append("(no flows)")
    if rates is not None:
        lines.append(f"Amounts in USD converted at {rates.file}.")
    return "\n".join(lines) + "\n"


def state_label(iso3: str) -> str:
    """``LAO Lao People's Democratic Republic`` (for explanations)."""
    return f"{iso3} {state_name(iso3)}"
