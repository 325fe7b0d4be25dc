"""Needs matched with reported support (``assistance.md`` §3): pure functions over plain rows.

For each article and each State of its numerator (the States that declared a need in the
window, from the needs statistics): **supported** when a counting flow has that State as
recipient and an area of the article; else **possibly supported** when one has area ``other``
or ``unspecified``; else **no reported support**. A flow is *in the window* when its year is in
[S, A] and its amount is not 0 (a blank amount counts); a *counting* flow is one in the window
that is not a pledge. Side and amount never matter; flows to ``Global`` or a region support no
State. The deciding flows are those of the rule that applied; their donors are counted, and
their amounts summed per (side, type, currency) — never added across any of them.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from tracker.assistance.rates import Rates
from tracker.assistance.restate import collapse_restatements
from tracker.assistance.rows import FlowRecord, NeedEvidence, Party, plain
from tracker.assistance.sentences import match_sentences
from tracker.enums import FlowArea, FlowSide, FlowType, RecipientKind
from tracker.wording import Style

ARTICLES: tuple[int, ...] = (3, 4, 5)
ARTICLE_AREAS: dict[int, tuple[FlowArea, ...]] = {
    3: (FlowArea.STOCKPILE_DESTRUCTION,),
    4: (FlowArea.CLEARANCE, FlowArea.RISK_REDUCTION_EDUCATION),
    5: (FlowArea.VICTIM_ASSISTANCE,),
}
BROAD_AREAS: tuple[FlowArea, ...] = (FlowArea.OTHER, FlowArea.UNSPECIFIED)
SIDES: tuple[FlowSide, ...] = tuple(FlowSide)
# Amount lines in this order: disbursed, committed, type not stated (a pledge never decides).
TYPE_ORDER: tuple[FlowType | None, ...] = (FlowType.DISBURSEMENT, FlowType.COMMITMENT, None)


class Status(enum.StrEnum):
    """What was reported for a State's need."""

    SUPPORTED = "supported"
    POSSIBLY_SUPPORTED = "possibly_supported"
    NO_REPORTED_SUPPORT = "no_reported_support"

    @property
    def words(self) -> str:
        """``supported``, ``possibly supported``, ``no reported support``."""
        return self.value.replace("_", " ")


@dataclass(frozen=True)
class AmountLine:
    """The exact sum of the deciding flows of one side, type and currency."""

    side: FlowSide
    flow_type: FlowType | None
    currency: str | None
    amount: Decimal
    flows: int

    def as_json(self) -> dict[str, object]:
        """``{"side", "type", "currency", "amount", "flows"}`` (amount a two-decimal string)."""
        return {
            "side": self.side.value,
            "type": None if self.flow_type is None else self.flow_type.value,
            "currency": self.currency,
            "amount": plain(self.amount),
            "flows": self.flows,
        }


@dataclass(frozen=True)
class ConvertedLine:
    """Σ amount × rate of the deciding flows of one side and type, in USD (half up per flow).

    ``not_converted``: flows of that side and type with an amount but no stated currency.
    """

    side: FlowSide
    flow_type: FlowType | None
    amount: Decimal
    flows: int
    not_converted: int = 0

    def as_json(self) -> dict[str, object]:
        """``{"side", "type", "amount"}`` (plus counts)."""
        data: dict[str, object] = {
            "side": self.side.value,
            "type": None if self.flow_type is None else self.flow_type.value,
            "amount": plain(self.amount),
            "flows": self.flows,
        }
        if self.not_converted:
            data["not_converted"] = self.not_converted
        return data


@dataclass(frozen=True)
class StateMatch:
    """One numerator State of one article: its status and the flows that decided it."""

    state: str
    status: Status
    deciding: tuple[FlowRecord, ...]
    need: NeedEvidence | None
    donors: tuple[Party, ...]
    amounts: tuple[AmountLine, ...]
    converted: tuple[ConvertedLine, ...] | None = None

    @property
    def donor_count(self) -> int:
        """How many distinct donors the deciding flows have."""
        return len(self.donors)


@dataclass(frozen=True)
class ArticleMatch:
    """One article: every numerator State's match, and the sentences."""

    article: int
    areas: tuple[FlowArea, ...]
    states: tuple[StateMatch, ...]
    sentences: tuple[str, ...]

    def with_status(self, status: Status) -> list[str]:
        """ISO3 codes of the States with ``status``, sorted."""
        return [s.state for s in self.states if s.status is status]

    @property
    def numerator(self) -> int:
        """States that declared a need (the statistics' numerator)."""
        return len(self.states)


@dataclass(frozen=True)
class MatchResult:
    """What ``tracker assistance match`` shows."""

    as_of: int
    since: int
    current_only: bool
    style: Style
    rates: Rates | None
    flows: tuple[FlowRecord, ...]  # every usable flow, restatements counted once
    flows_in_window: dict[str, int]  # side -> flows in [S, A] with an amount other than 0
    articles: tuple[ArticleMatch, ...]


def usable(flows: Iterable[FlowRecord], as_of: int) -> list[FlowRecord]:
    """Flows that exist as of ``as_of``, restated rows once.

    Article 7 rows of reports up to that year; current versions only and files not withdrawn
    are the read model's choice.
    """
    known = [
        f
        for f in flows
        if f.provenance.reporting_year is None or f.provenance.reporting_year <= as_of
    ]
    return collapse_restatements(known)


def in_window(flow: FlowRecord, since: int, as_of: int) -> bool:
    """Year in [S, A] and an amount that is not 0 (a blank amount counts)."""
    return since <= flow.year <= as_of and (flow.amount is None or flow.amount != 0)


def counts_as_support(flow: FlowRecord, since: int, as_of: int) -> bool:
    """In the window and not a pledge (a pledge is listed, never deciding)."""
    return in_window(flow, since, as_of) and flow.flow_type is not FlowType.PLEDGE


def status_of(
    state: str, article: int, to_state: Sequence[FlowRecord]
) -> tuple[Status, tuple[FlowRecord, ...]]:
    """A State's status for an article from its counting flows, and the deciding flows."""
    areas = ARTICLE_AREAS[article]
    direct = tuple(f for f in to_state if f.area in areas)
    if direct:
        return Status.SUPPORTED, direct
    broad = tuple(f for f in to_state if f.area in BROAD_AREAS)
    if broad:
        return Status.POSSIBLY_SUPPORTED, broad
    return Status.NO_REPORTED_SUPPORT, ()


def donors_of(flows: Iterable[FlowRecord]) -> tuple[Party, ...]:
    """Distinct donors (States by ISO3, organisations by normalised name), States first."""
    found: dict[tuple[str, str], Party] = {}
    for flow in flows:
        found.setdefault(flow.donor.key, flow.donor)
    return tuple(sorted(found.values(), key=Party.sort_key))


def _order(side: FlowSide, flow_type: FlowType | None) -> tuple[int, int]:
    return SIDES.index(side), TYPE_ORDER.index(flow_type) if flow_type in TYPE_ORDER else 9


def amounts_of(flows: Iterable[FlowRecord]) -> tuple[AmountLine, ...]:
    """Exact sums per (side, type, currency) of the flows that state an amount."""
    sums: dict[tuple[FlowSide, FlowType | None, str | None], list[Decimal]] = defaultdict(list)
    for flow in flows:
        if flow.amount is not None:
            currency = None if flow.currency is None else flow.currency.upper()
            sums[(flow.side, flow.flow_type, currency)].append(flow.amount)
    keys = sorted(sums, key=lambda k: (*_order(k[0], k[1]), k[2] is None, k[2] or ""))
    return tuple(
        AmountLine(s, t, c, sum(sums[(s, t, c)], Decimal(0)), len(sums[(s, t, c)]))
        for s, t, c in keys
    )


def converted_of(flows: Iterable[FlowRecord], rates: Rates) -> tuple[ConvertedLine, ...]:
    """Σ amount × rate per (side, type), each flow half up to cents; a missing rate raises."""
    sums: dict[tuple[FlowSide, FlowType | None], list[Decimal]] = defaultdict(list)
    skipped: dict[tuple[FlowSide, FlowType | None], int] = defaultdict(int)
    for flow in flows:
        if flow.amount is None:
            continue
        key = (flow.side, flow.flow_type)
        if flow.currency is None:
            skipped[key] += 1
            continue
        usd = flow.amount_usd(rates.rate(flow.currency, flow.year))
        assert usd is not None
        sums[key].append(usd)
    keys = sorted(set(sums) | set(skipped), key=lambda k: _order(*k))
    return tuple(
        ConvertedLine(s, t, sum(sums[(s, t)], Decimal(0)), len(sums[(s, t)]), skipped[(s, t)])
        for s, t in keys
    )


def match_assistance(
    flows: Iterable[FlowRecord],
    numerators: Mapping[int, Mapping[str, NeedEvidence | None]],
    *,
    as_of: int,
    since: int,
    current_only: bool = False,
    style: Style = Style.WORDS,
    rates: Rates | None = None,
) -> MatchResult:
    """Match every numerator State of articles 3, 4 and 5 with the flows reported to it.

    ``numerators``: per article, the numerator States of ``tracker stats needs`` (same
    ``--as-of``, ``--since``, ``--current``) with where their need was read. ``rates``: convert
    the deciding flows' amounts (a missing rate raises :class:`~tracker.assistance.rates.
    RatesError`).
    """
    every = usable(flows, as_of)
    window = [f for f in every if in_window(f, since, as_of)]
    per_side = {side.value: sum(1 for f in window if f.side is side) for side in SIDES}
    to_state: dict[str, list[FlowRecord]] = defaultdict(list)
    for flow in window:
        if (
            flow.recipient_kind is RecipientKind.STATE
            and flow.recipient_iso3
            and flow.flow_type is not FlowType.PLEDGE
        ):
            to_state[flow.recipient_iso3].append(flow)
    articles = []
    for article in ARTICLES:
        states = []
        for state, need in sorted(numerators.get(article, {}).items()):
            status, deciding = status_of(state, article, to_state.get(state, ()))
            states.append(
                StateMatch(
                    state=state,
                    status=status,
                    deciding=deciding,
                    need=need,
                    donors=donors_of(deciding),
                    amounts=amounts_of(deciding),
                    converted=None if rates is None else converted_of(deciding, rates),
                )
            )
        unsupported = [s.state for s in states if s.status is Status.NO_REPORTED_SUPPORT]
        sentences = match_sentences(
            article,
            numerator=len(states),
            supported=sum(1 for s in states if s.status is Status.SUPPORTED),
            possibly=sum(1 for s in states if s.status is Status.POSSIBLY_SUPPORTED),
            unsupported=unsupported,
            since=since,
            as_of=as_of,
            style=style,
        )
        articles.append(
            ArticleMatch(article, ARTICLE_AREAS[article], tuple(states), tuple(sentences))
        )
    return MatchResult(
        as_of=as_of,
        since=since,
        current_only=current_only,
        style=style,
        rates=rates,
        flows=tuple(every),
        flows_in_window=per_side,
        articles=tuple(articles),
    )
