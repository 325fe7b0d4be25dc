"""The needs statistics from the store: defaults for the as-of year and the window, then pure.

:func:`compute_needs_statistics` is the one entry point every consumer uses (``tracker stats
needs``, the donor workbook, the demo), so their numbers and sentences are the same.

The store is read by a lean variant of :func:`tracker.figures.load_raw_reports` that fetches
only what the counts can read, and carry-forward is resolved lazily (:mod:`tracker.stats.rows`)
with the same :class:`tracker.carry.CarryForward`: ``tracker stats needs`` must answer in under
a second on a store of 20,000 reports, where loading and resolving everything takes several.
"""

from __future__ import annotations

import dataclasses
import gc
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session

from tracker.carry import (
    ARTICLE_FORMS,
    NEEDS_FORM,
    ArticleFactData,
    FormInfo,
    NeedData,
    RawReport,
    ReportRef,
)
from tracker.errors import TrackerError, UsageError
from tracker.figures import load_memberships, state_names
from tracker.models import ArticleFact, FormStatusRow, Need, Report, SourceFile
from tracker.models.enums import FormStatus, NeedArea, ObligationStatus, ReportType
from tracker.stats.needs import NeedsStatistics, build_needs_statistics
from tracker.stats.rows import LazyReport, lazy_reports
from tracker.stats.rules import AREAS
from tracker.wording import Style

NO_REPORTS = "no reports: run tracker import"

_COUNTED_AREAS = tuple(area.value for areas in AREAS.values() for area in areas)
_FORMS = (*ARTICLE_FORMS.values(), NEEDS_FORM)
_TEXT = String()
_REPORT_TYPES = {m.value: m for m in ReportType}
_FORM_STATUSES = {m.value: m for m in FormStatus}
_OBLIGATIONS = {m.value: m for m in ObligationStatus}
_AREAS = {m.value: m for m in NeedArea}
_ID_CHUNK = 5000  # bound parameters per IN list (SQLite allows 32,766)


@dataclass
class _Store:
    """The current reports' references and cover rows, before facts and needs are read."""

    refs: dict[int, ReportRef]
    forms: dict[int, dict[str, FormInfo]]


def _current_refs(session: Session) -> dict[int, ReportRef]:
    """Every current report's reference (one query, enums read as their stored strings)."""
    query = (
        select(
            Report.id,
            Report.state_iso3,
            Report.reporting_year,
            type_coerce(Report.report_type, _TEXT),
            Report.submitted_on,
            Report.period_from,
            Report.period_to,
            SourceFile.file_name,
            SourceFile.sha256,
            type_coerce(Report.channel, _TEXT),
        )
        .join(SourceFile, SourceFile.id == Report.source_file_id)
        .where(Report.is_current)
    )
    return {
        rid: ReportRef(
            rid,
            state,
            year,
            _REPORT_TYPES[kind],
            sub,
            p_from,
            p_to,
            name,
            sha,
            channel,
            True,
            False,
        )
        for rid, state, year, kind, sub, p_from, p_to, name, sha, channel in (
            session.connection().execute(query).all()
        )
    }


def _cover_rows(session: Session, refs: Collection[int]) -> dict[int, dict[str, FormInfo]]:
    """Cover rows of Forms B, F, H and I that do not say ``changed``.

    For carry-forward a ``changed`` row behaves exactly like no row: with data the form is
    the report's own, without data there is nothing to count either way. Real stores hold
    mostly ``changed`` rows, so leaving them out saves most of this read.
    """
    query = select(
        FormStatusRow.report_id,
        FormStatusRow.form,
        type_coerce(FormStatusRow.status, _TEXT),
        FormStatusRow.last_reported,
        FormStatusRow.sheet,
        FormStatusRow.cell,
    ).where(
        FormStatusRow.form.in_(_FORMS),
        type_coerce(FormStatusRow.status, _TEXT) != FormStatus.CHANGED.value,
    )
    forms: dict[int, dict[str, FormInfo]] = defaultdict(dict)
    for rid, form, status, last, sheet, cell in session.connection().execute(query).all():
        if rid in refs:
            forms[rid][form] = FormInfo(_FORM_STATUSES[status], last, sheet or "Cover", cell or "")
    return forms


def _facts(session: Session, refs: Collection[int], *, dates: bool = False) -> dict[int, _Facts]:
    """Article statuses with their cells; ``dates`` adds the dates and victims (for the export).

    The counts never read the dates, so ``tracker stats needs`` leaves them out.
    """
    columns = [
        ArticleFact.report_id,
        ArticleFact.article,
        type_coerce(ArticleFact.status, _TEXT),
        ArticleFact.sheet,
        ArticleFact.cell,
    ]
    if dates:
        columns += [
            ArticleFact.completed_on,
            ArticleFact.deadline,
            ArticleFact.extension_until,
            ArticleFact.recorded_victims,
            ArticleFact.deadline_cell,
            ArticleFact.extension_cell,
        ]
    query = select(*columns)
    # Filtering on current reports here rather than by a join in SQL: the join costs more
    # than skipping the few rows of superseded versions.
    facts: dict[int, _Facts] = defaultdict(_Facts)
    for rid, article, *rest in session.connection().execute(query).all():
        if rid in refs:
            facts[rid].rows[article] = rest
    return facts


class _Facts(Mapping[int, ArticleFactData]):
    """One report's article facts, each made into an :class:`ArticleFactData` when first read.

    The counts stop at the first report that decides, so most of the 60,000 facts of a store
    of 20,000 reports are never read: keeping their rows as fetched saves making them (a fifth
    of ``tracker stats needs``' read).
    """

    __slots__ = ("rows",)

    def __init__(self) -> None:
        self.rows: dict[int, ArticleFactData | Sequence[Any]] = {}

    def __getitem__(self, article: int) -> ArticleFactData:
        row = self.rows[article]
        if isinstance(row, ArticleFactData):
            return row
        status, *rest = row
        fact = self.rows[article] = ArticleFactData(article, _OBLIGATIONS[status], *rest)
        return fact

    def __contains__(self, article: object) -> bool:
        return article in self.rows

    def __iter__(self) -> Iterator[int]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def needs_origins(store: _Store, window: Iterable[int]) -> set[int]:
    """The reports whose Form I data the reports of ``window`` can show.

    That is the reports themselves and every report on their chains of ``unchanged``, so
    that only their needs are read.

    The chain follows :meth:`tracker.carry.CarryForward.source_of`: the current annual report
    of the named year, else the initial one; it stops at a form that is not ``unchanged``.
    """
    by_key = {(r.state_iso3, r.reporting_year, r.report_type): rid for rid, r in store.refs.items()}
    origins: set[int] = set()
    for rid in window:
        current: int | None = rid
        while current is not None and current not in origins:
            origins.add(current)
            info = store.forms.get(current, {}).get(NEEDS_FORM)
            if (
                info is None
                or info.status is not FormStatus.UNCHANGED
                or info.last_reported is None
            ):
                break
            ref = store.refs[current]
            current = by_key.get(
                (ref.state_iso3, info.last_reported, ReportType.ANNUAL)
            ) or by_key.get((ref.state_iso3, info.last_reported, ReportType.INITIAL))
    return origins


def _chunks(ids: Collection[int]) -> Iterator[list[int]]:
    ordered = sorted(ids)
    for start in range(0, len(ordered), _ID_CHUNK):
        yield ordered[start : start + _ID_CHUNK]


def _needs(
    session: Session, report_ids: Collection[int], *, full: bool = False
) -> dict[int, list[NeedData]]:
    """Declared needs in the counted areas of the given reports, in row order.

    ``full`` reads every area with its description and cost (what the donor workbook shows).
    """
    columns = [Need.report_id, type_coerce(Need.area, _TEXT), Need.sheet, Need.cell]
    if full:
        columns += [Need.description, Need.estimated_cost, Need.currency]
    needs: dict[int, list[NeedData]] = defaultdict(list)
    for chunk in _chunks(report_ids):
        query = select(*columns).where(Need.needed, Need.report_id.in_(chunk))
        if not full:
            query = query.where(type_coerce(Need.area, _TEXT).in_(_COUNTED_AREAS))
        query = query.order_by(Need.report_id, Need.id)
        for rid, area, *rest in session.connection().execute(query).all():
            needs[rid].append(NeedData(_AREAS[area], *rest))
    return needs


def _assemble(
    session: Session, store: _Store, as_of: int, since: int, *, full: bool = False
) -> list[RawReport]:
    """The current reports up to ``as_of`` with what the counts for [since, as_of] can read.

    The same :class:`RawReport` rows as :func:`tracker.figures.load_raw_reports` would give for
    everything the rules look at; left out are cover rows saying ``changed`` (equivalent to
    none), fact dates, needs outside the counted areas, and needs of reports whose Form I no
    report of the window shows (they can never reach a numerator).

    ``full`` (the donor workbook) keeps every current report of any year, with the facts'
    dates and the needs of every area with descriptions and costs; still only the needs the
    window's reports can show, the only ones the workbook lists.
    """
    facts = _facts(session, store.refs, dates=full)
    window = [rid for rid, r in store.refs.items() if since <= r.reporting_year <= as_of]
    needs = _needs(session, needs_origins(store, window), full=full)
    return [
        RawReport(ref, store.forms.get(rid, {}), facts.get(rid, {}), tuple(needs.get(rid, ())))
        for rid, ref in sorted(store.refs.items())
        if full or ref.reporting_year <= as_of
    ]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while tens of thousands of small objects are made.

    None of them forms a reference cycle, yet their number triggers repeated full collections
    that took half of the read time on a store of 20,000 reports. Reference counting still
    frees everything as usual; the collector resumes (if it was on) when the block ends.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def default_since(session: Session, as_of: int) -> int:
    """The first year of the action plan whose period contains ``as_of``, else ``as_of - 4``.

    The periods live in the plan data (``spec/action-plans.md``), never in code.
    """
    from tracker.plans.store import plans_from_store
    from tracker.plans.windows import default_since as window_start

    return window_start(plans_from_store(session), as_of)


def check_window(as_of: int, since: int) -> None:
    """``--since`` after ``--as-of`` is contradictory usage (exit 2)."""
    if since > as_of:
        raise UsageError(
            f"--since {since} is after --as-of {as_of}: the window of needs must end at the "
            "as-of year (give an earlier --since or a later --as-of)"
        )


def compute_needs_statistics(
    session: Session,
    as_of: int | None = None,
    since: int | None = None,
    current_only: bool = False,
    style: Style = Style.WORDS,
) -> NeedsStatistics:
    """The "X of Y" statistics of the store (``spec/statistics.md``).

    ``as_of`` defaults to the latest reporting year with a current report, ``since`` to the
    first year of the action plan governing ``as_of``. Raises :class:`TrackerError` (exit 1)
    on an empty store and :class:`UsageError` (exit 2) when ``since`` is after ``as_of``.
    """
    if as_of is not None and since is not None:
        check_window(as_of, since)
    with gc_paused():
        return _compute(session, as_of, since, current_only, style)


def compute_needs_and_reports(
    session: Session, as_of: int | None = None, since: int | None = None
) -> tuple[NeedsStatistics, list[LazyReport]]:
    """The statistics of :func:`compute_needs_statistics`, and the reports the export reads.

    The reports are every current report of any year as lazy views (carry-forward resolved
    against all of them, as :func:`tracker.figures.load_effective_reports` does), with the
    facts' dates and the full needs of the window. The donor workbook needs both; reading the
    store once for both, and resolving only the forms it reads, is what keeps the export fast
    on 20,000 reports (two full :func:`load_effective_reports` took 11 of its 20 s).
    """
    if as_of is not None and since is not None:
        check_window(as_of, since)
    with gc_paused():
        reports: list[LazyReport] = []
        stats = _compute(session, as_of, since, False, Style.WORDS, every=reports)
        return stats, reports


def _compute(
    session: Session,
    as_of: int | None,
    since: int | None,
    current_only: bool,
    style: Style,
    every: list[LazyReport] | None = None,
) -> NeedsStatistics:
    """The statistics; when ``every`` is given, fill it with every current report (full rows)."""
    refs = _current_refs(session)
    if not refs:
        raise TrackerError(NO_REPORTS)
    year = max(r.reporting_year for r in refs.values()) if as_of is None else as_of
    start = default_since(session, year) if since is None else since
    check_window(year, start)
    store = _Store(refs, _cover_rows(session, refs))
    full = every is not None
    raw = _assemble(session, store, year, start, full=full)
    if every is not None:
        every.extend(lazy_reports(raw))
        # The counts resolve carry-forward among the reports up to as-of only, as the lean
        # read does (a form can never be carried from a later report in the statistics).
        raw = [r for r in raw if r.ref.reporting_year <= year]
    stats = build_needs_statistics(
        lazy_reports(raw),
        load_memberships(session),
        as_of=year,
        since=start,
        current_only=current_only,
        style=style,
        names=state_names(session),
    )
    reported = any(r.reporting_year == year for r in refs.values())
    return stats if reported else dataclasses.replace(stats, as_of_reported=False)
