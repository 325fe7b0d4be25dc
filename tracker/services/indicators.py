"""Indicators from the store: one read of the read model, then the pure engine.

``spec/indicators.md`` §2–§4. :func:`indicators_projection` says what the chosen indicators'
predicates need (the counted reports for the report-content ones; versions, memberships and
decisions for the others), :func:`tracker.services.store.read_store` reads it once, and
:func:`compute_run` / :func:`compute_series` evaluate every indicator for one as-of year or for
each year of a series from those rows (:mod:`tracker.indicators.engine`). Services never commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from tracker import clock
from tracker.clock import default_on
from tracker.errors import TrackerError, UsageError
from tracker.gc import collector_paused
from tracker.indicators.assisted import AssistedIndex
from tracker.indicators.catalogue import Loaded
from tracker.indicators.engine import Evaluation, compute
from tracker.indicators.model import Indicator
from tracker.indicators.results import (
    CatalogueRef,
    IndicatorResult,
    Run,
    Series,
    SourceReport,
    not_in_plan_period,
)
from tracker.indicators.sentences import NameBook
from tracker.indicators.vocabulary import predicates_of
from tracker.plans.schema import Plan
from tracker.readmodel import ReportRef, Rows
from tracker.services.stats import NO_REPORTS, NeedsWindow, check_window, default_since
from tracker.services.store import Needs, Projection, read_store
from tracker.stats.rules import AREAS
from tracker.wording import Style

MAX_SERIES_YEARS = 30
_COUNTED_AREAS = frozenset(a.value for areas in AREAS.values() for a in areas)
_REPORTING = frozenset(
    {
        "annual_report_received",
        "annual_report_on_time",
        "initial_report_due",
        "initial_report_received",
        "initial_report_overdue",
    }
)
_DEADLINES = frozenset({"deadline_passed", "deadline_approaching", "extension_granted"})


@dataclass(frozen=True)
class Options:
    """What ``tracker indicators compute`` was asked (before the store gives the defaults)."""

    as_of: int | None = None
    since: int | None = None
    on: dt.date | None = None
    style: Style = Style.WORDS
    lang: str = "en"
    database: str = ""


def check_options(style: Style, lang: str) -> None:
    """``--style words`` with French or Spanish is wrong usage (exit 2).

    Counts are written in words in English only.
    """
    if lang != "en" and style is Style.WORDS:
        raise UsageError(
            f"--style words writes counts in English words only: with --lang {lang} use "
            "--style digits (the default for fr and es)"
        )


def parse_years(text: str) -> tuple[int, int]:
    """``--years 2021-2025`` (at most 30 years, the first not after the last; exit 2)."""
    first, sep, last = text.replace("–", "-").partition("-")
    if not sep or not first.strip().isdigit() or not last.strip().isdigit():
        raise UsageError(f"--years takes two years such as 2021-2025, not {text!r}")
    a, b = int(first), int(last)
    if a > b:
        raise UsageError(f"--years {text}: the first year is after the last")
    if b - a + 1 > MAX_SERIES_YEARS:
        raise UsageError(
            f"--years {text} covers {b - a + 1} years: a series takes at most {MAX_SERIES_YEARS}"
        )
    if a < 1990 or b > 2200:
        raise UsageError(f"--years {text}: give reporting years such as 2021-2025")
    return a, b


def indicators_projection(
    indicators: Sequence[Indicator],
    window: NeedsWindow | _Years | None = None,
    known_on: dt.date | Callable[[], dt.date] | None = None,
) -> Projection:
    """What the indicators' predicates read (and nothing more)."""
    names: set[str] = set()
    areas: set[str] = set()
    for indicator in indicators:
        for expression in (indicator.population, indicator.condition):
            if expression is None:
                continue
            for predicate in predicates_of(expression):
                names.add(predicate.name)
                if predicate.name == "declared_need":
                    areas.update(predicate.get("areas"))
    deadlines = bool(names & _DEADLINES)
    needs = Needs.NONE
    if "declared_need" in names:
        needs = Needs.COUNTED if areas <= _COUNTED_AREAS else Needs.ALL
    elif "assisted" in names:  # the match's numerators are the counts' (counted areas)
        needs = Needs.COUNTED
    return Projection(
        dates=deadlines,
        needs=needs,
        # Called with the current versions even when no need is read: it defaults A and S and
        # finds an empty store.
        window=window,
        known_on=known_on if deadlines else None,
        members=True,
        names=True,
        decisions=deadlines,
        submissions=bool(names & _REPORTING),
        every_form="form_provided" in names,
        flows="assisted" in names,
    )


class _Years:
    """The needs window of a series' read: the first and last year any year looks at.

    Called with the current versions, it also finds an empty store.
    """

    def __init__(self, first: int, last: int) -> None:
        self.first, self.last = first, last

    def __call__(self, refs: Sequence[ReportRef]) -> tuple[int, int]:
        if not refs:
            raise TrackerError(NO_REPORTS)
        return self.first, self.last


def _names(rows: Rows) -> NameBook:
    return NameBook({"en": dict(rows.names)})


def _is_sample(rows: Rows) -> bool:
    from tracker.samples import sample_hashes

    digests = sample_hashes()
    return any(r.ref.sha256.lower() in digests for r in rows.reports)


def _sources(evaluation: Evaluation) -> tuple[SourceReport, ...]:
    refs = sorted(
        (r.ref for reports in evaluation.counted.values() for r in reports),
        key=lambda ref: (ref.state_iso3, ref.reporting_year, ref.report_type.value),
    )
    return tuple(
        SourceReport(
            ref.file_name,
            ref.sha256,
            ref.state_iso3,
            ref.reporting_year,
            ref.report_type.value,
            ref.submitted_on,
        )
        for ref in refs
    )


def _results(
    indicators: Sequence[Indicator],
    evaluation: Evaluation,
    options: Options,
    names: NameBook,
) -> tuple[IndicatorResult, ...]:
    return tuple(
        compute(i, evaluation, lang=options.lang, style=options.style, names=names)
        for i in indicators
    )


def _run(
    loaded: Loaded,
    evaluation: Evaluation,
    results: tuple[IndicatorResult, ...],
    options: Options,
    rows: Rows,
    *,
    sources: bool,
) -> Run:
    from tracker import __version__

    return Run(
        as_of=evaluation.as_of,
        since=evaluation.since,
        on=evaluation.on,
        style=options.style,
        lang=options.lang,
        catalogues=tuple(CatalogueRef(c.key, c.file, c.sha256) for c in loaded.catalogues),
        results=results,
        excluded=evaluation.excluded,
        sources=_sources(evaluation) if sources else (),
        sample=_is_sample(rows),
        generated=clock.now().replace(microsecond=0),
        version=__version__,
        database=options.database,
    )


def assistance_of(rows: Rows, as_of: int, since: int) -> Callable[[], AssistedIndex]:
    """The ``assisted`` predicate's rows for [``since``, ``as_of``], computed when first asked.

    The match of ``tracker assistance match`` (``assistance.md`` §3) from the same rows: the
    needs statistics of the window, then its flows (read with ``Projection.flows``).
    """

    def match() -> AssistedIndex:
        from tracker.assistance.read import assisted_rows
        from tracker.indicators.assisted import index
        from tracker.services.assistance import match_rows
        from tracker.services.stats import Window, needs_statistics

        stats = needs_statistics(rows, Window(as_of, since))
        return index(assisted_rows(match_rows(rows, stats)))

    return match


def evaluation_of(rows: Rows, as_of: int, since: int, on: dt.date) -> Evaluation:
    """What the indicators see of ``rows`` for one year."""
    return Evaluation(
        as_of=as_of,
        since=since,
        on=on,
        reports=rows.reports,
        members=rows.members,
        history=rows.history,
        decisions=rows.decisions,
        submissions=rows.submissions,
        assistance=assistance_of(rows, as_of, since),
    )


def compute_run(
    session: Session,
    loaded: Loaded,
    indicators: Sequence[Indicator],
    options: Options,
    *,
    sources: bool = False,
) -> Run:
    """Every indicator of ``indicators`` for one as-of year, from one read of the store.

    A and S default as ``tracker stats needs`` (an empty store: :class:`TrackerError` "no
    reports: run tracker import"); ``on`` to the earlier of 31 December A+1 and today.
    ``sources`` adds the counted reports (the Word draft's Method lists them).
    """
    window = NeedsWindow(session, options.as_of, options.since)
    today = clock.today()

    def judged_on() -> dt.date:
        return options.on or default_on(window.chosen.as_of, today)

    with collector_paused():
        rows = read_store(session, indicators_projection(indicators, window, judged_on))
        chosen = window.chosen
        evaluation = evaluation_of(rows, chosen.as_of, chosen.since, judged_on())
        results = _results(indicators, evaluation, options, _names(rows))
        return _run(loaded, evaluation, results, options, rows, sources=sources)


def series_plan(indicator: Indicator, loaded: Loaded, year: int) -> Indicator | None:
    """The indicator of ``indicator``'s ``replaces`` chain whose plan governs ``year``.

    An indicator without a plan (core) governs every year; None when no indicator of the
    chain does (the year is not in the plan period).
    """
    current: Indicator | None = indicator
    seen: set[str] = set()
    while current is not None and current.id not in seen:
        seen.add(current.id)
        if current.plan is None:
            return current
        plan = loaded.plans.named(current.plan)
        if plan is not None and plan.first_year <= year <= plan.last_year:
            return current
        current = loaded.get(current.replaces) if current.replaces else None
    return None


def compute_series(
    session: Session,
    loaded: Loaded,
    indicators: Sequence[Indicator],
    first: int,
    last: int,
    options: Options,
) -> Series:
    """Each year ``first``–``last`` with A = the year, from one read of the store.

    S is ``options.since`` (≤ ``first``) or each year's default; ``on`` the earlier of 31
    December Y+1 and today. Outside an indicator's plan period the indicator of its
    ``replaces`` chain that governs the year is computed (``series_of`` names the one asked
    for), else the year is ``not in plan period``.
    """
    if options.as_of is not None or options.on is not None:
        raise UsageError("--years computes each year with its own --as-of and --on: give one")
    if options.since is not None and options.since > first:
        raise UsageError(
            f"--since {options.since} is after the series' first year {first}: a series "
            "counts needs from --since to each year"
        )
    from tracker.services.plans import plans_from_store

    plans = plans_from_store(session)
    starts = {y: options.since or default_since_of(plans, y) for y in range(first, last + 1)}
    today = clock.today()
    days = {y: default_on(y, today) for y in starts}
    chain = {
        (i.id, y): series_plan(i, loaded, y) for i in indicators for y in starts if i.computable
    }
    used = [i for i in {c.id: c for c in chain.values() if c is not None}.values()] or list(
        indicators
    )
    with collector_paused():
        # The earliest day reads the most history: it covers every later day's.
        window = _Years(min(starts.values()), last)
        rows = read_store(session, indicators_projection(used, window, min(days.values())))
        names = _names(rows)
        runs = []
        for year in starts:
            evaluation = evaluation_of(rows, year, starts[year], days[year])
            results: list[IndicatorResult] = []
            for indicator in indicators:
                if not indicator.computable:
                    results.append(compute(indicator, evaluation, lang=options.lang))
                    continue
                chosen = chain[indicator.id, year]
                if chosen is None:
                    results.append(not_in_plan_period(indicator, options.lang))
                    continue
                series_of = indicator.id if chosen.id != indicator.id else None
                results.append(
                    compute(
                        chosen,
                        evaluation,
                        lang=options.lang,
                        style=options.style,
                        names=names,
                        series_of=series_of,
                    )
                )
            runs.append(_run(loaded, evaluation, tuple(results), options, rows, sources=False))
    return Series(first, last, options.style, options.lang, tuple(runs))


def default_since_of(plans: Sequence[Plan], year: int) -> int:
    """S for ``year``: the first year of the plan governing it, else ``year − 4``."""
    from tracker.plans.windows import default_since as window_start

    return window_start(plans, year)


__all__ = [
    "Options",
    "check_options",
    "check_window",
    "compute_run",
    "compute_series",
    "default_since",
    "indicators_projection",
    "parse_years",
]
