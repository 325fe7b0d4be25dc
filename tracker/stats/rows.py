"""The rows the counting rules read, and a lazy view that resolves carry-forward on demand.

The rules need, per report, its reference, its Article 3/4/5 statuses after carry-forward and
its declared needs. :class:`tracker.carry.EffectiveReport` has them all resolved up front;
:class:`LazyReport` resolves one article (or the needs) only when the rules ask for it, with
the same :class:`tracker.carry.CarryForward`, so the semantics are identical. The rules stop
at the first report that decides, so on a large store most forms are never resolved at all.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Protocol

from tracker.carry import ARTICLE_FORMS, ArticleStatus, CarryForward, Need, RawReport, ReportRef


class ReportRow(Protocol):
    """What the counting rules read of a report (``EffectiveReport`` and ``LazyReport``)."""

    @property
    def ref(self) -> ReportRef:
        """The stored version: State, reporting year, type, file, current or not."""

    @property
    def articles(self) -> Mapping[int, ArticleStatus | None]:
        """Article 3/4/5 status after carry-forward (None: the form was not provided)."""

    @property
    def needs(self) -> Sequence[Need]:
        """Declared needs after carry-forward."""


class _LazyArticles(Mapping[int, ArticleStatus | None]):
    """Article statuses of one report, each resolved the first time it is read."""

    __slots__ = ("_cache", "_raw", "_resolver")

    def __init__(self, resolver: CarryForward, raw: RawReport) -> None:
        self._resolver, self._raw = resolver, raw
        self._cache: dict[int, ArticleStatus | None] = {}

    def __getitem__(self, article: int) -> ArticleStatus | None:
        if article not in ARTICLE_FORMS:
            raise KeyError(article)
        if article not in self._cache:
            self._cache[article] = self._resolver.article(self._raw, article)
        return self._cache[article]

    def __iter__(self) -> Iterator[int]:
        return iter(ARTICLE_FORMS)

    def __len__(self) -> int:
        return len(ARTICLE_FORMS)


class LazyReport:
    """A current report whose statuses and needs are resolved when first read."""

    __slots__ = ("_articles", "_needs", "_raw", "_resolver", "ref")

    def __init__(self, raw: RawReport, resolver: CarryForward) -> None:
        self.ref = raw.ref
        self._raw, self._resolver = raw, resolver
        self._articles: _LazyArticles | None = None
        self._needs: tuple[Need, ...] | None = None

    @property
    def articles(self) -> Mapping[int, ArticleStatus | None]:
        """Article 3/4/5 statuses after carry-forward, each resolved when first read."""
        if self._articles is None:
            self._articles = _LazyArticles(self._resolver, self._raw)
        return self._articles

    @property
    def needs(self) -> tuple[Need, ...]:
        """Declared needs after carry-forward (resolved once)."""
        if self._needs is None:
            self._needs = self._resolver.needs(self._raw)
        return self._needs


def lazy_reports(raw: Sequence[RawReport]) -> list[LazyReport]:
    """Every current, not withdrawn report as a lazy view (like ``carry.resolve_all``)."""
    resolver = CarryForward(list(raw))
    return [LazyReport(r, resolver) for r in raw if r.ref.is_current and not r.ref.is_withdrawn]
