"""The one reader of the store: reports, statuses, facts, needs, memberships, decisions as rows.

Every figure of the tracker (statistics, compliance and deadlines, the State page, the donor
workbook, next the web pages, indicators and assistance) starts here: :func:`read_store` turns
the store into the plain rows of :mod:`tracker.readmodel` with a few Core queries, once per
command, and a :class:`Projection` says what the command needs, so that it loads nothing more.
Everything downstream is pure.

The read is the statistics' fast path for every caller (``docs/performance.md`` has the
figures):

- Core rows fetched at once from the session's connection (the ORM's result layer only adds
  overhead), enums read as their stored strings and mapped back with a dict look-up instead of
  SQLAlchemy's per-value enum processing;
- cover rows that say ``changed`` are left out: for carry-forward such a row behaves exactly
  like no row, and real stores hold mostly those;
- article facts are read for the versions read only (filtered in SQL: in a store with many
  revisions most facts are superseded versions'), and kept as fetched until a rule reads one
  (most never are: the counts stop at the first report that decides);
- with a needs ``window``, only the needs of the reports that the window's reports can show
  (themselves and their chains of ``unchanged``, :func:`tracker.carry.chain_origins`) are read.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, String, select, type_coerce
from sqlalchemy.orm import Session

from tracker.carry import chain_origins
from tracker.enums import FormStatus, NeedArea, ObligationStatus, ReportType
from tracker.models import (
    ArticleFact,
    ExtensionDecision,
    Flow,
    FlowFile,
    FormStatusRow,
    Membership,
    Need,
    Report,
    SourceFile,
    State,
)
from tracker.readmodel import (
    FIGURE_FORMS,
    NEEDS_FORM,
    ArticleFactData,
    Decision,
    FlowData,
    FlowFileData,
    FormInfo,
    Member,
    NeedData,
    RawReport,
    ReportRef,
    Rows,
    Submission,
)
from tracker.stats.rules import AREAS

# The tables' Core columns, never the ORM's attributes: the reader's statements are plain Core,
# so reading needs no mapper configured (the ORM's set-up is a share of a command's start).
_ARTICLE_FACTS = ArticleFact.__table__.c
_COVER_ROWS = FormStatusRow.__table__.c
_DECISIONS = ExtensionDecision.__table__.c
_FLOWS = Flow.__table__.c
_FLOW_FILES = FlowFile.__table__.c
_MEMBERSHIPS = Membership.__table__.c
_NEEDS = Need.__table__.c
_REPORTS = Report.__table__.c
_SOURCE_FILES = SourceFile.__table__.c
_STATES = State.__table__.c
_TEXT = String()
_REPORT_TYPES = {m.value: m for m in ReportType}
_FORM_STATUSES = {m.value: m for m in FormStatus}
_OBLIGATIONS = {m.value: m for m in ObligationStatus}
_AREAS = {m.value: m for m in NeedArea}
_COUNTED_AREAS = tuple(area.value for areas in AREAS.values() for area in areas)
_ID_CHUNK = 5000  # bound parameters per IN list (SQLite allows 32,766)


Window = tuple[int, int]  # first and last reporting year


class Versions(enum.Enum):
    """Which stored versions of the reports to read."""

    NONE = "none"  # no reports at all (memberships, names, decisions only)
    CURRENT = "current"  # the current version of each report
    ALL = "all"  # every version: superseded and withdrawn ones too (as known on a day)


class Needs(enum.Enum):
    """Which declared needs to read."""

    NONE = "none"
    COUNTED = "counted"  # the areas the statistics count, without descriptions or costs
    ALL = "all"  # every area, with descriptions and estimated costs


@dataclass(frozen=True)
class Projection:
    """What one command reads of the store (everything else stays out of memory).

    ``states`` limits the reports to those States (carry-forward never looks at another
    State's reports). ``window`` (first, last reporting year) limits the needs to those the
    window's reports can show; given as a function, it is called with the versions read
    (before their needs are), so that a window defaulted from the store costs no query of its
    own. ``flows`` adds the reports' Form I flow tables and the imported flow files that are not
    withdrawn (``assistance.md``). ``dates`` adds the facts' dates, cells and recorded victims
    (the rules of deadlines and the State page; the counts never read them). ``known_on`` adds
    :attr:`Rows.history` (the day may be given as a function, called once the versions are
    read): every version of the
    States whose stored current version of some report was received after that day, since
    their counted reports on that day may differ (for all other States the current versions
    are the counted ones: :func:`tracker.compliance.known.changed_by_later_versions`).
    """

    versions: Versions = Versions.CURRENT
    states: frozenset[str] | None = None
    dates: bool = False
    needs: Needs = Needs.ALL
    window: Window | Callable[[Sequence[ReportRef]], Window] | None = None
    known_on: dt.date | Callable[[], dt.date] | None = None
    members: bool = False
    names: bool = False
    decisions: bool = False
    submissions: bool = False
    flows: bool = False
    flows_in_window: bool = False
    every_form: bool = False  # every cover row of every form (the indicators' form_provided)


def read_store(session: Session, projection: Projection) -> Rows:
    """The rows of the store that ``projection`` asks for (see :class:`Projection`)."""
    from tracker.compliance.known import changed_by_later_versions

    rows = Rows()
    if projection.versions is not Versions.NONE:
        rows.reports = _reports(
            session,
            history=projection.versions is Versions.ALL,
            states=projection.states,
            dates=projection.dates,
            needs=projection.needs,
            window=projection.window,
            flows=projection.flows,
            flows_in_window=projection.flows_in_window,
            every_form=projection.every_form,
        )
        if projection.known_on is not None:
            day = projection.known_on() if callable(projection.known_on) else projection.known_on
            later = changed_by_later_versions([r.ref for r in rows.reports], day)
            if later:
                rows.history = _reports(
                    session, history=True, states=frozenset(later), dates=True, needs=Needs.NONE
                )
    if projection.members:
        rows.members = _members(session, projection.states)
    if projection.names:
        rows.names = dict(
            session.connection().execute(select(_STATES.iso3, _STATES.name_en)).tuples().all()
        )
    if projection.decisions:
        rows.decisions = _decisions(session, projection.states)
    if projection.submissions:
        rows.submissions = _submissions(session)
    if projection.flows:
        rows.flow_files = _flow_files(session)
    return rows


def holds_files(session: Session, digests: Collection[str]) -> bool:
    """True when the store holds any of the files with these SHA-256 digests."""
    if not digests:
        return False
    query = select(_SOURCE_FILES.id).where(_SOURCE_FILES.sha256.in_(sorted(digests))).limit(1)
    return session.connection().scalar(query) is not None


# --- reports ---------------------------------------------------------------------------------


def _reports(
    session: Session,
    *,
    history: bool,
    states: frozenset[str] | None,
    dates: bool,
    needs: Needs,
    window: Window | Callable[[Sequence[ReportRef]], Window] | None = None,
    flows: bool = False,
    flows_in_window: bool = False,
    every_form: bool = False,
) -> list[RawReport]:
    refs = _refs(session, history=history, states=states)
    if callable(window):
        window = window(list(refs.values()))
    if not refs:
        return []
    of_states = None if states is None else _ids_of(states, history)
    forms = _covers(session, refs, of_states, every_form=every_form)
    # The facts of the versions read only: the largest table, and in a store with many
    # revisions most of its rows are superseded versions'.
    of_versions = of_states if of_states is not None or history else _current_ids()
    facts = _facts(session, refs, of_versions, dates=dates)
    skeleton = [RawReport(ref, forms.get(rid, {})) for rid, ref in sorted(refs.items())]
    found: Mapping[int, list[NeedData]] = {}
    if needs is not Needs.NONE:
        if window is None:
            found = _needs(session, refs, of_states, full=needs is Needs.ALL)
        else:
            first, last = window
            starts = [r for r in skeleton if first <= r.ref.reporting_year <= last]
            origins = chain_origins(skeleton, starts, NEEDS_FORM)
            found = _needs_of(session, origins, full=needs is Needs.ALL)
    flow_rows: Mapping[int, list[FlowData]] = {}
    if flows:
        years = window if flows_in_window else None
        flow_rows = _report_flows(session, refs, of_states, years)
    return [
        RawReport(
            r.ref,
            r.forms,
            facts.get(r.ref.report_id, {}),
            tuple(found.get(r.ref.report_id, ())),
            tuple(flow_rows.get(r.ref.report_id, ())),
        )
        for r in skeleton
    ]


def _ids_of(states: frozenset[str], history: bool) -> Any:
    """The ids of the reports of ``states`` (a subquery the row reads filter on)."""
    query = select(_REPORTS.id).where(_REPORTS.state_iso3.in_(sorted(states)))
    if not history:
        query = query.where(_REPORTS.is_current)
    return query.scalar_subquery()


def _current_ids() -> Any:
    """The ids of the current versions (a subquery the row reads filter on)."""
    return select(_REPORTS.id).where(_REPORTS.is_current).scalar_subquery()


def _refs(
    session: Session, *, history: bool, states: frozenset[str] | None
) -> dict[int, ReportRef]:
    query = select(
        _REPORTS.id,
        _REPORTS.state_iso3,
        _REPORTS.reporting_year,
        type_coerce(_REPORTS.report_type, _TEXT),
        _REPORTS.submitted_on,
        _REPORTS.period_from,
        _REPORTS.period_to,
        _SOURCE_FILES.file_name,
        _SOURCE_FILES.sha256,
        type_coerce(_REPORTS.channel, _TEXT),
        _REPORTS.is_current,
        _REPORTS.is_withdrawn,
        _REPORTS.source_row,
        _REPORTS.sheet,
        _REPORTS.cell,
        _REPORTS.layout,
    ).join(SourceFile.__table__, _SOURCE_FILES.id == _REPORTS.source_file_id)
    if not history:
        query = query.where(_REPORTS.is_current)
    if states is not None:
        query = query.where(_REPORTS.state_iso3.in_(sorted(states)))
    refs: dict[int, ReportRef] = {}
    for (
        rid,
        iso3,
        year,
        kind,
        sub,
        p_from,
        p_to,
        name,
        sha,
        channel,
        current,
        withdrawn,
        row,
        sheet,
        cell,
        layout,
    ) in session.connection().execute(query).all():
        refs[rid] = ReportRef(
            rid,
            iso3,
            year,
            _REPORT_TYPES[kind],
            sub,
            p_from,
            p_to,
            name,
            sha,
            channel,
            bool(current),
            bool(withdrawn),
            row,
            sheet or "",
            cell or "",
            layout or "",
        )
    return refs


def _filtered(query: Select[Any], column: Any, of_states: Any) -> Select[Any]:
    return query if of_states is None else query.where(column.in_(of_states))


def _covers(
    session: Session, refs: Collection[int], of_states: Any, *, every_form: bool = False
) -> dict[int, dict[str, FormInfo]]:
    """Cover rows of Forms B, F, H and I that do not say ``changed`` (see the module).

    ``every_form``: every cover row of every form, ``changed`` too (the indicators'
    ``form_provided`` reads the status of any form; carry-forward reads a ``changed`` row as
    no row, so the figures are the same).
    """
    query = select(
        _COVER_ROWS.report_id,
        _COVER_ROWS.form,
        type_coerce(_COVER_ROWS.status, _TEXT),
        _COVER_ROWS.last_reported,
        _COVER_ROWS.sheet,
        _COVER_ROWS.cell,
    )
    if not every_form:
        query = query.where(
            _COVER_ROWS.form.in_(FIGURE_FORMS),
            type_coerce(_COVER_ROWS.status, _TEXT) != FormStatus.CHANGED.value,
        )
    query = _filtered(query, _COVER_ROWS.report_id, of_states)
    forms: dict[int, dict[str, FormInfo]] = defaultdict(dict)
    for rid, form, status, last, sheet, cell in session.connection().execute(query).all():
        if rid in refs:
            forms[rid][form] = FormInfo(_FORM_STATUSES[status], last, sheet or "Cover", cell or "")
    return forms


def _facts(
    session: Session, refs: Collection[int], of_states: Any, *, dates: bool
) -> dict[int, _Facts]:
    """Article statuses with their cells; ``dates`` adds the dates, date cells and victims."""
    columns = [
        _ARTICLE_FACTS.report_id,
        _ARTICLE_FACTS.article,
        type_coerce(_ARTICLE_FACTS.status, _TEXT),
        _ARTICLE_FACTS.sheet,
        _ARTICLE_FACTS.cell,
    ]
    if dates:
        columns += [
            _ARTICLE_FACTS.completed_on,
            _ARTICLE_FACTS.deadline,
            _ARTICLE_FACTS.extension_until,
            _ARTICLE_FACTS.recorded_victims,
            _ARTICLE_FACTS.deadline_cell,
            _ARTICLE_FACTS.extension_cell,
        ]
    query = _filtered(select(*columns), _ARTICLE_FACTS.report_id, of_states)
    facts: dict[int, _Facts] = defaultdict(_Facts)
    for rid, article, *rest in session.connection().execute(query).all():
        if rid in refs:
            facts[rid].rows[article] = rest
    return facts


class _Facts(Mapping[int, ArticleFactData]):
    """One report's article facts, each made into an :class:`ArticleFactData` when first read.

    The counts stop at the first report that decides, so most facts of a large store are never
    read: keeping their rows as fetched saves making them.
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


def _need_columns(full: bool) -> list[Any]:
    columns = [_NEEDS.report_id, type_coerce(_NEEDS.area, _TEXT), _NEEDS.sheet, _NEEDS.cell]
    if full:
        columns += [_NEEDS.description, _NEEDS.estimated_cost, _NEEDS.currency]
    return columns


def _need_query(query: Select[Any], full: bool) -> Select[Any]:
    query = query.where(_NEEDS.needed)
    if not full:
        query = query.where(type_coerce(_NEEDS.area, _TEXT).in_(_COUNTED_AREAS))
    return query.order_by(_NEEDS.report_id, _NEEDS.id)


def _needs(
    session: Session, refs: Collection[int], of_states: Any, *, full: bool
) -> dict[int, list[NeedData]]:
    """Declared needs of every report read, in row order."""
    query = _need_query(_filtered(select(*_need_columns(full)), _NEEDS.report_id, of_states), full)
    needs: dict[int, list[NeedData]] = defaultdict(list)
    for rid, area, *rest in session.connection().execute(query).all():
        if rid in refs:
            needs[rid].append(NeedData(_AREAS[area], *rest))
    return needs


def _chunks(ids: Collection[int]) -> Iterator[list[int]]:
    ordered = sorted(ids)
    for start in range(0, len(ordered), _ID_CHUNK):
        yield ordered[start : start + _ID_CHUNK]


def _needs_of(
    session: Session, report_ids: Collection[int], *, full: bool
) -> dict[int, list[NeedData]]:
    """Declared needs of the given reports, in row order (IN lists in chunks)."""
    needs: dict[int, list[NeedData]] = defaultdict(list)
    for chunk in _chunks(report_ids):
        query = _need_query(select(*_need_columns(full)).where(_NEEDS.report_id.in_(chunk)), full)
        for rid, area, *rest in session.connection().execute(query).all():
            needs[rid].append(NeedData(_AREAS[area], *rest))
    return needs


# --- flows ----------------------------------------------------------------------------------

_FLOW_COLUMNS = (
    type_coerce(_FLOWS.side, _TEXT),
    _FLOWS.donor_iso3,
    _FLOWS.donor_name,
    type_coerce(_FLOWS.recipient_kind, _TEXT),
    _FLOWS.recipient_iso3,
    _FLOWS.recipient_region,
    type_coerce(_FLOWS.area, _TEXT),
    _FLOWS.year,
    _FLOWS.year_assumed,
    _FLOWS.amount,
    _FLOWS.currency,
    type_coerce(_FLOWS.flow_type, _TEXT),
    _FLOWS.channel,
    _FLOWS.description,
    _FLOWS.source,
    _FLOWS.sheet,
    _FLOWS.cell,
    _FLOWS.source_row,
)


def _flow(row: Sequence[Any]) -> FlowData:
    side, donor, name, kind, iso3, region, area, year, assumed, *rest = row
    amount, currency, flow_type, channel, description, source, sheet, cell, at = rest
    return FlowData(
        side,
        donor,
        name,
        kind,
        iso3,
        region,
        area,
        year,
        bool(assumed),
        amount,
        currency,
        flow_type,
        channel,
        description,
        source,
        sheet,
        cell,
        at,
    )


def _report_flows(
    session: Session, refs: Collection[int], of_states: Any, years: Window | None = None
) -> dict[int, list[FlowData]]:
    """Form I flow rows of the reports read, in row order (only those of ``years``, if given)."""
    query = select(_FLOWS.report_id, *_FLOW_COLUMNS).where(_FLOWS.report_id.is_not(None))
    if years is not None:
        query = query.where(_FLOWS.year.between(*years))
    query = _filtered(query, _FLOWS.report_id, of_states).order_by(_FLOWS.report_id, _FLOWS.id)
    flows: dict[int, list[FlowData]] = defaultdict(list)
    for rid, *rest in session.connection().execute(query).all():
        if rid in refs:
            flows[rid].append(_flow(rest))
    return flows


def _flow_files(session: Session) -> list[FlowFileData]:
    """Imported flow files that are not withdrawn, with their flows in row order."""
    files = session.connection().execute(
        select(_FLOW_FILES.id, _FLOW_FILES.file_name, _FLOW_FILES.sha256)
        .where(_FLOW_FILES.is_withdrawn.is_(False))
        .order_by(_FLOW_FILES.id)
    )
    found = {fid: (name, sha) for fid, name, sha in files.all()}
    if not found:
        return []
    flows: dict[int, list[FlowData]] = defaultdict(list)
    query = (
        select(_FLOWS.flow_file_id, *_FLOW_COLUMNS)
        .where(_FLOWS.flow_file_id.is_not(None))
        .order_by(_FLOWS.flow_file_id, _FLOWS.id)
    )
    for fid, *rest in session.connection().execute(query).all():
        if fid in found:
            flows[fid].append(_flow(rest))
    return [
        FlowFileData(fid, name, sha, tuple(flows.get(fid, ())))
        for fid, (name, sha) in found.items()
    ]


# --- the rest ----------------------------------------------------------------------------------


def _members(session: Session, states: frozenset[str] | None) -> dict[str, Member]:
    query = select(
        _MEMBERSHIPS.iso3,
        _MEMBERSHIPS.signed,
        _MEMBERSHIPS.deposited,
        _MEMBERSHIPS.entry_into_force,
        _MEMBERSHIPS.withdrawal_effective,
        type_coerce(_MEMBERSHIPS.deposit_type, _TEXT),
        _MEMBERSHIPS.source,
    )
    if states is not None:
        query = query.where(_MEMBERSHIPS.iso3.in_(sorted(states)))
    return {row[0]: Member(*row) for row in session.connection().execute(query).all()}


def _decisions(session: Session, states: frozenset[str] | None) -> list[Decision]:
    query = select(
        _DECISIONS.state_iso3,
        _DECISIONS.article,
        _DECISIONS.extended_until,
        _DECISIONS.decided_on,
        _DECISIONS.meeting,
        _DECISIONS.source,
    ).order_by(_DECISIONS.state_iso3, _DECISIONS.article, _DECISIONS.decided_on)
    if states is not None:
        query = query.where(_DECISIONS.state_iso3.in_(sorted(states)))
    return [Decision(*row) for row in session.connection().execute(query).tuples()]


def _submissions(session: Session) -> list[Submission]:
    """Every stored version, reduced to the columns reporting compliance reads (one query).

    With the version's year, file and cell, which the indicators give as evidence.
    """
    query = select(
        _REPORTS.state_iso3,
        type_coerce(_REPORTS.report_type, _TEXT),
        _REPORTS.period_to,
        _REPORTS.submitted_on,
        _REPORTS.is_withdrawn,
        _REPORTS.reporting_year,
        _SOURCE_FILES.file_name,
        _REPORTS.sheet,
        _REPORTS.cell,
    ).join(SourceFile.__table__, _SOURCE_FILES.id == _REPORTS.source_file_id)
    return [
        Submission(iso3, _REPORT_TYPES[kind], to, on, withdrawn, year, name, sheet, cell or "")
        for iso3, kind, to, on, withdrawn, year, name, sheet, cell in session.connection()
        .execute(query)
        .all()
    ]


# --- a report's cover (the pre-fill of templates and /entry) ---------------------------------


@dataclass(frozen=True)
class CoverDetails:
    """What a report's cover says besides its identity: language and contacts."""

    language: str
    organisation: str | None
    contact_name: str | None
    email: str | None
    telephone: str | None


def cover_details(session: Session, report_id: int) -> CoverDetails | None:
    """The language and contacts of one stored report (None when there is no such report)."""
    row = (
        session.connection()
        .execute(
            select(
                _REPORTS.language,
                _REPORTS.organisation,
                _REPORTS.contact_name,
                _REPORTS.email,
                _REPORTS.telephone,
            ).where(_REPORTS.id == report_id)
        )
        .first()
    )
    return None if row is None else CoverDetails(*row)


def form_statuses(session: Session, report_id: int) -> dict[str, FormInfo]:
    """Every cover row of one report, Forms A–J, whatever they say.

    (The read model keeps only the rows of the forms that figures read.)
    """
    query = select(
        _COVER_ROWS.form,
        type_coerce(_COVER_ROWS.status, _TEXT),
        _COVER_ROWS.last_reported,
        _COVER_ROWS.sheet,
        _COVER_ROWS.cell,
    ).where(_COVER_ROWS.report_id == report_id)
    return {
        form: FormInfo(_FORM_STATUSES[status], last, sheet or "Cover", cell or "")
        for form, status, last, sheet, cell in session.connection().execute(query).all()
    }
