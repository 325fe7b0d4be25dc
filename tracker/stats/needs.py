"""The needs statistics as one value: counts, sentences, State names (pure, no I/O).

:func:`build_needs_statistics` is what every consumer shares (``tracker stats needs``, the donor
workbook, the demo), so the numbers and sentences can never differ between them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from tracker.stats.rules import ArticleCount, Member, NeedsCounts, ReportRow, count_needs
from tracker.stats.sentences import needs_sentence
from tracker.wording import Style


@dataclass(frozen=True)
class ArticleStatistic:
    """One article's "X of Y": the counts with evidence, and the sentence."""

    count: ArticleCount
    sentence: str

    @property
    def article(self) -> int:
        """3, 4 or 5."""
        return self.count.article

    @property
    def denominator(self) -> int:
        """Y: States that reported to have (or had) obligations under the article."""
        return self.count.denominator

    @property
    def numerator(self) -> int:
        """X: of those, States that declared assistance needs in the window."""
        return self.count.numerator

    @property
    def denominator_states(self) -> list[str]:
        """ISO3 codes of Y, sorted."""
        return self.count.denominator_states

    @property
    def numerator_states(self) -> list[str]:
        """ISO3 codes of X, sorted."""
        return self.count.numerator_states

    @property
    def share(self) -> float | None:
        """X / Y, or None when Y is zero."""
        return self.numerator / self.denominator if self.denominator else None


@dataclass(frozen=True)
class NeedsStatistics:
    """Everything ``tracker stats needs`` shows, in every format."""

    counts: NeedsCounts
    style: Style
    statistics: tuple[ArticleStatistic, ...]
    names: Mapping[str, str] = field(default_factory=dict)
    # False when the store holds no current report of the as-of year itself (the figures are
    # then those of earlier years' reports: the text output warns).
    as_of_reported: bool = True

    @property
    def as_of(self) -> int:
        """The as-of year A."""
        return self.counts.as_of

    @property
    def since(self) -> int:
        """The first year S of the needs window [S, A]."""
        return self.counts.since

    @property
    def current_only(self) -> bool:
        """True with ``--current`` (only States that still have obligations)."""
        return self.counts.current_only

    @property
    def sentences(self) -> list[str]:
        """The three sentences, Articles 3, 4 and 5 in that order."""
        return [s.sentence for s in self.statistics]

    def article(self, number: int) -> ArticleStatistic:
        """The statistic of Article ``number``."""
        return next(s for s in self.statistics if s.article == number)

    def name(self, iso3: str) -> str:
        """A State's English name (its code when unknown)."""
        return self.names.get(iso3, iso3)


def with_sentences(
    counts: NeedsCounts, style: Style = Style.WORDS, names: Mapping[str, str] | None = None
) -> NeedsStatistics:
    """Word the counts."""
    statistics = tuple(
        ArticleStatistic(
            a,
            needs_sentence(
                a.article,
                a.denominator,
                a.numerator,
                current_only=counts.current_only,
                style=style,
            ),
        )
        for a in counts.articles
    )
    return NeedsStatistics(counts, style, statistics, dict(names or {}))


def build_needs_statistics(
    reports: Iterable[ReportRow],
    members: Mapping[str, Member],
    *,
    as_of: int,
    since: int,
    current_only: bool = False,
    style: Style = Style.WORDS,
    names: Mapping[str, str] | None = None,
) -> NeedsStatistics:
    """Count and word the statistics from plain rows (see :func:`count_needs`)."""
    counts = count_needs(reports, members, as_of=as_of, since=since, current_only=current_only)
    return with_sentences(counts, style, names)
