"""Carry-forward of unchanged forms, resolved when figures are computed (pure, no I/O).

A form marked ``unchanged (last reported Y)`` means the data of the State's report for year Y
still holds: the current annual report for Y, else the initial report for Y, following chains
of ``unchanged``. Until that report is in the store the form counts as not provided. Nothing is
copied at import; every figure keeps the cell it really came from.

:func:`walk` is the one walk of a chain: :meth:`CarryForward.source_of` (what a form shows) and
the store reader's choice of which reports' needs to read (:func:`chain_origins`) both follow
it. :class:`EffectiveReport` resolves a report's articles and needs the first time they are
read, so the statistics resolve only the forms of the reports that decide a count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal

from tracker.enums import FORMS, FormStatus, NeedArea, ObligationStatus, ReportType
from tracker.readmodel import ARTICLE_FORMS, NEEDS_FORM, FormInfo, RawReport, ReportRef


@dataclass(frozen=True)
class Provenance:
    """Where a figure came from: the report, the sheet and cell, and a carried-from year."""

    file: str
    reporting_year: int
    report_type: ReportType
    submitted: dt.date | None
    sheet: str
    cell: str
    carried_from: int | None = None
    # The stored file and its row (0 for a form workbook; a matrix file's row) of the report
    # the cell is in, so a page can link to that very report; not part of the JSON shape, and
    # not compared (a figure's source is its file, sheet and cell).
    sha256: str = field(default="", compare=False)
    source_row: int = field(default=0, compare=False)

    def as_json(self) -> dict[str, object]:
        """The ``provenance`` entry shape of ``tracker stats needs --explain``."""
        return {
            "file": self.file,
            "reporting_year": self.reporting_year,
            "report_type": self.report_type.value,
            "submitted": self.submitted.isoformat() if self.submitted else None,
            "sheet": self.sheet,
            "cell": self.cell,
            "carried_from": self.carried_from,
        }


@dataclass(frozen=True)
class ArticleStatus:
    """An article's effective status in a report after carry-forward."""

    article: int
    status: ObligationStatus
    provenance: Provenance
    completed_on: dt.date | None = None
    deadline: dt.date | None = None
    extension_until: dt.date | None = None
    recorded_victims: int | None = None
    # Where the deadline and the extension were read (the status's sheet, these cells; None:
    # not recorded, e.g. a report stored before the cells were kept).
    deadline_cell: str | None = None
    extension_cell: str | None = None

    def date_provenance(self, cell: str | None) -> Provenance:
        """The provenance of a date of this fact read from ``cell`` (same report and sheet).

        ``cell`` None (not recorded) gives an empty cell, never the status's cell: a source
        that names the wrong cell is worse than one that names only the sheet.
        """
        return replace(self.provenance, cell=cell or "")


@dataclass(frozen=True)
class Need:
    """An effective declared need of a report (its own, or carried forward)."""

    area: NeedArea
    provenance: Provenance
    description: str | None = None
    estimated_cost: Decimal | None = None
    currency: str | None = None


@dataclass(frozen=True)
class Walk:
    """Where a chain of ``unchanged`` forms led from one report.

    ``visited``: every report on the chain, the first one included; ``source``: the report whose
    data the form shows (None: the form was not provided, or the chain ends nowhere or loops);
    ``carried_from``: the year carried from (None: the report's own data).
    """

    visited: tuple[RawReport, ...]
    source: RawReport | None
    carried_from: int | None = None


Finder = Callable[[str, int], RawReport | None]
"""The report a form marked ``unchanged (last reported Y)`` of a State points at, by (State, Y)."""


def walk(report: RawReport, form: str, find: Finder) -> Walk:
    """Follow ``form`` of ``report`` along its chain of ``unchanged`` to the data it shows.

    A form ``changed`` or ``not applicable`` shows its own report's data; ``not provided`` (or
    unchanged without a year) shows none; ``unchanged (last reported Y)`` shows what ``find``
    gives for (State, Y) shows, unless that is nowhere or already on the chain.
    """
    visited = [report]
    current, carried_from = report, None
    while True:
        status, last = current.status_of(form)
        if status is FormStatus.CHANGED or status is FormStatus.NOT_APPLICABLE:
            return Walk(tuple(visited), current, carried_from)
        if status is FormStatus.NOT_PROVIDED or last is None:
            return Walk(tuple(visited), None)
        target = find(current.ref.state_iso3, last)
        if target is None or any(target is seen for seen in visited):
            return Walk(tuple(visited), None)
        visited.append(target)
        current, carried_from = target, last


def finder(reports: Iterable[RawReport]) -> Finder:
    """The target of a chain among ``reports``, by the rule.

    The current annual report of the named year, else the current initial one; superseded and
    withdrawn versions are never targets.
    """
    by_key: dict[tuple[str, int, ReportType], RawReport] = {
        (r.ref.state_iso3, r.ref.reporting_year, r.ref.report_type): r
        for r in reports
        if r.ref.is_current and not r.ref.is_withdrawn
    }

    def find(state: str, year: int) -> RawReport | None:
        return by_key.get((state, year, ReportType.ANNUAL)) or by_key.get(
            (state, year, ReportType.INITIAL)
        )

    return find


def chain_origins(reports: Iterable[RawReport], starts: Iterable[RawReport], form: str) -> set[int]:
    """Ids of the reports whose ``form`` data the ``starts`` can show (themselves included).

    The store reader reads the needs of these reports only: a report no start's chain reaches
    can never put a need in a count. ``reports`` may lack their needs yet: a report without a
    cover row for the form then ends its chain, as it would with no data.
    """
    find = finder(reports)
    return {seen.ref.report_id for start in starts for seen in walk(start, form, find).visited}


def _provenance(report: RawReport, sheet: str, cell: str, carried_from: int | None) -> Provenance:
    ref = report.ref
    return Provenance(
        file=ref.file_name,
        reporting_year=ref.reporting_year,
        report_type=ref.report_type,
        submitted=ref.submitted_on,
        sheet=sheet,
        cell=cell,
        carried_from=carried_from,
        sha256=ref.sha256,
        source_row=ref.source_row,
    )


class CarryForward:
    """Resolves forms of reports against the current versions of the same State's reports."""

    def __init__(self, reports: Iterable[RawReport]) -> None:
        self._find = finder(reports)

    def source_of(self, report: RawReport, form: str) -> tuple[RawReport, int | None] | None:
        """The report whose data the form shows, and the year carried from (None: its own).

        Returns None when the form was not provided, or its chain of ``unchanged`` ends
        nowhere (the referenced report is not in the store, or the chain loops).
        """
        found = walk(report, form, self._find)
        return None if found.source is None else (found.source, found.carried_from)

    def resolve(self, report: RawReport) -> EffectiveReport:
        """The report as the figures see it (statuses and needs resolved when first read)."""
        return EffectiveReport(report, self)

    def needs(self, report: RawReport) -> tuple[Need, ...]:
        """The report's effective declared needs (its own, or carried forward)."""
        source = self.source_of(report, NEEDS_FORM)
        if source is None:
            return ()
        origin, carried = source
        return tuple(
            Need(
                area=n.area,
                provenance=_provenance(origin, n.sheet, n.cell, carried),
                description=n.description,
                estimated_cost=n.estimated_cost,
                currency=n.currency,
            )
            for n in origin.needs
        )

    def article(self, report: RawReport, article: int) -> ArticleStatus | None:
        """One article's effective status in the report (None: form not provided)."""
        form = ARTICLE_FORMS[article]
        source = self.source_of(report, form)
        if source is None:
            return None
        origin, carried = source
        status, _ = origin.status_of(form)
        fact = origin.articles.get(article)
        if status is FormStatus.NOT_APPLICABLE or fact is None:
            if status is not FormStatus.NOT_APPLICABLE:
                return None  # marked changed but nothing read: not provided
            info = origin.forms.get(form, FormInfo(status))
            return ArticleStatus(
                article, ObligationStatus.NONE, _provenance(origin, info.sheet, info.cell, carried)
            )
        return ArticleStatus(
            article=article,
            status=fact.status,
            provenance=_provenance(origin, fact.sheet, fact.cell, carried),
            completed_on=fact.completed_on,
            deadline=fact.deadline,
            extension_until=fact.extension_until,
            recorded_victims=fact.recorded_victims,
            deadline_cell=fact.deadline_cell,
            extension_cell=fact.extension_cell,
        )


class _Articles(Mapping[int, "ArticleStatus | None"]):
    """Article 3/4/5 statuses of one report, each resolved the first time it is read."""

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


class EffectiveReport:
    """A report as the figures see it: statuses and needs after carry-forward.

    ``articles[a]`` is None when the form was not provided (so an earlier report decides); a
    form marked not applicable gives status ``none``. Each is resolved when first read.
    """

    __slots__ = ("_articles", "_needs", "_raw", "_resolver", "ref")

    def __init__(self, raw: RawReport, resolver: CarryForward) -> None:
        self.ref: ReportRef = raw.ref
        self._raw, self._resolver = raw, resolver
        self._articles: _Articles | None = None
        self._needs: tuple[Need, ...] | None = None

    @property
    def articles(self) -> Mapping[int, ArticleStatus | None]:
        """Article 3/4/5 statuses after carry-forward."""
        if self._articles is None:
            self._articles = _Articles(self._resolver, self._raw)
        return self._articles

    @property
    def needs(self) -> tuple[Need, ...]:
        """Declared needs after carry-forward (resolved once)."""
        if self._needs is None:
            self._needs = self._resolver.needs(self._raw)
        return self._needs

    @property
    def form_status(self) -> dict[str, FormStatus]:
        """What the cover says of each form A–J (data without a cover row: changed)."""
        return {form: self._raw.status_of(form)[0] for form in FORMS}


def resolve_all(reports: Iterable[RawReport]) -> list[EffectiveReport]:
    """Every current, not withdrawn report resolved against the others."""
    reports = list(reports)
    resolver = CarryForward(reports)
    return [resolver.resolve(r) for r in reports if r.ref.is_current and not r.ref.is_withdrawn]
