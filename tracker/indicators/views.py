"""The statistics and the compliance sentences as views of the core indicators (pure).

``spec/indicators.md`` §7, Views: ``tracker stats needs`` is ``core.needs.art3/4/5`` (with
``--current`` the ``.current`` three) computed by the engine and rendered by ``statistics.md``'s
outputs; the compliance sentences of ``tracker reports status`` are those of
``core.reporting.on_time`` (absent while not yet due) and ``core.reporting.received``. The
shipped catalogues are the definitions: a changed core sentence changes both commands.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache

from tracker.enums import NeedArea
from tracker.indicators.catalogue import Loaded, load_catalogues
from tracker.indicators.engine import Evaluation, compute
from tracker.indicators.model import Indicator
from tracker.indicators.results import CellEvidence, Evidence, IndicatorResult, Status
from tracker.indicators.vocabulary import predicates_of
from tracker.stats.needs import ArticleStatistic, NeedsStatistics
from tracker.stats.rules import ARTICLES, ArticleCount, NeedsCounts
from tracker.stats.rules import Evidence as CountedEvidence
from tracker.wording import Style

REPORTING_IDS = ("core.reporting.on_time", "core.reporting.received")


@cache
def shipped() -> Loaded:
    """The shipped catalogues (loaded once per process; they hold the views' definitions)."""
    return load_catalogues().require_valid()


def _indicator(indicator_id: str) -> Indicator:
    indicator = shipped().get(indicator_id)
    if indicator is None:  # the shipped catalogue is checked by a test
        raise LookupError(f"the shipped core catalogue has no {indicator_id}")
    return indicator


def needs_ids(current_only: bool) -> tuple[str, ...]:
    """``core.needs.art3/4/5``, or their ``.current`` three."""
    suffix = ".current" if current_only else ""
    return tuple(f"core.needs.art{a}{suffix}" for a in ARTICLES)


def _counted(evidence: Evidence | None) -> CountedEvidence:
    if not isinstance(evidence, CellEvidence) or evidence.counted is None:
        raise TypeError("a needs indicator's evidence is always a counted report's cell")
    return evidence.counted


def _areas(indicator: Indicator) -> tuple[NeedArea, ...]:
    """The areas of the indicator's ``declared_need`` (the statistics' ``areas``)."""
    if indicator.condition is not None:
        for predicate in predicates_of(indicator.condition):
            if predicate.name == "declared_need":
                return tuple(NeedArea(a) for a in predicate.get("areas"))
    raise TypeError(f"{indicator.id} declares no need areas")


def _count(article: int, indicator: Indicator, result: IndicatorResult) -> ArticleCount:
    return ArticleCount(
        article,
        _areas(indicator),
        {s: _counted(e.denominator) for s, e in result.evidence.items()},
        {s: _counted(e.numerator) for s, e in result.evidence.items() if e.numerator is not None},
    )


def needs_view(
    evaluation: Evaluation,
    *,
    current_only: bool = False,
    style: Style = Style.WORDS,
    names: Mapping[str, str] | None = None,
) -> NeedsStatistics:
    """``tracker stats needs``: the three needs indicators as the statistics' value."""
    counts: list[ArticleCount] = []
    statistics: list[ArticleStatistic] = []
    for article, indicator_id in zip(ARTICLES, needs_ids(current_only), strict=True):
        indicator = _indicator(indicator_id)
        result = compute(indicator, evaluation, style=style)
        count = _count(article, indicator, result)
        counts.append(count)
        statistics.append(ArticleStatistic(count, result.sentence or ""))
    needs = NeedsCounts(
        evaluation.as_of,
        evaluation.since,
        current_only,
        tuple(counts),
        tuple(evaluation.exclusions),
        evaluation.counted,
    )
    return NeedsStatistics(needs, style, tuple(statistics), dict(names or {}))


def reporting_sentences(evaluation: Evaluation) -> list[str]:
    """``tracker reports status``'s sentences: on time (once due), then received.

    With nothing expected both say "No State party was expected …": it is written once.
    """
    sentences: list[str] = []
    for indicator_id in REPORTING_IDS:
        result = compute(_indicator(indicator_id), evaluation)
        if result.status is Status.COMPUTED and result.sentence not in sentences:
            sentences.append(result.sentence or "")
    return sentences


__all__: Sequence[str] = ("needs_view", "reporting_sentences", "shipped")
