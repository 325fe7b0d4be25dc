"""Reading the store into the plain rows the pure statistics and compliance functions take.

Only here do figures touch the database: a handful of Core queries (no per-report round trips),
then :mod:`tracker.carry` resolves unchanged forms. Everything downstream is pure.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session

from tracker.carry import (
    ARTICLE_FORMS,
    NEEDS_FORM,
    ArticleFactData,
    EffectiveReport,
    FormInfo,
    NeedData,
    RawReport,
    ReportRef,
    resolve_all,
)
from tracker.models import ArticleFact, FormStatusRow, Membership, Need, Report, SourceFile, State
from tracker.models.enums import FormStatus, NeedArea, ObligationStatus, ReportType

_FIGURE_FORMS = (*ARTICLE_FORMS.values(), NEEDS_FORM)


@dataclass(frozen=True)
class MemberRow:
    """A State's membership record as the figures need it."""

    iso3: str
    name: str
    signed: dt.date | None
    deposited: dt.date | None
    entry_into_force: dt.date | None
    withdrawal_effective: dt.date | None


def load_memberships(session: Session) -> dict[str, MemberRow]:
    """Every membership record, keyed by ISO3."""
    query = select(
        Membership.iso3,
        State.name_en,
        Membership.signed,
        Membership.deposited,
        Membership.entry_into_force,
        Membership.withdrawal_effective,
    ).join(State, State.iso3 == Membership.iso3)
    return {row[0]: MemberRow(*row) for row in session.execute(query)}


def state_names(session: Session) -> dict[str, str]:
    """English display names of every State, keyed by ISO3."""
    return dict(session.execute(select(State.iso3, State.name_en)).tuples().all())


def _text(column: Any) -> Any:
    """An enum column read as its stored string (mapped back by a dict look-up below).

    SQLAlchemy's per-value enum processing was the largest cost of this read on a store of
    20,000 reports; the values are the enums' own strings, so a look-up gives the same members.
    """
    return type_coerce(column, String)


_REPORT_TYPES = {m.value: m for m in ReportType}
_FORM_STATUSES = {m.value: m for m in FormStatus}
_OBLIGATIONS = {m.value: m for m in ObligationStatus}
_AREAS = {m.value: m for m in NeedArea}


def load_raw_reports(
    session: Session,
    *,
    include_history: bool = False,
    state: str | None = None,
    states: Collection[str] | None = None,
) -> list[RawReport]:
    """Stored reports (current ones, or every version) with their statuses, facts and needs.

    ``state`` (ISO3) reads one State's reports only: enough for carry-forward, which never
    looks at another State's reports (the State page); ``states`` reads those States' only.
    """
    if state is not None:
        states = [state]
    query = select(
        Report.id,
        Report.state_iso3,
        Report.reporting_year,
        _text(Report.report_type),
        Report.submitted_on,
        Report.period_from,
        Report.period_to,
        SourceFile.file_name,
        SourceFile.sha256,
        _text(Report.channel),
        Report.is_current,
        Report.is_withdrawn,
        Report.source_row,
    ).join(SourceFile, SourceFile.id == Report.source_file_id)
    if not include_history:
        query = query.where(Report.is_current)
    if states is not None:
        query = query.where(Report.state_iso3.in_(sorted(states)))
    chosen = sorted(states or ())
    of_state = select(Report.id).where(Report.state_iso3.in_(chosen)).scalar_subquery()
    # Core rows fetched at once from the connection: the ORM result layer and row-by-row
    # fetching only add overhead here (the statistics must stay fast on large stores).
    connection = session.connection()
    refs: dict[int, ReportRef] = {}
    for (
        rid,
        iso3,
        year,
        kind,
        submitted,
        p_from,
        p_to,
        name,
        sha,
        channel,
        current,
        withdrawn,
        row,
    ) in connection.execute(query).all():
        refs[rid] = ReportRef(
            rid,
            iso3,
            year,
            _REPORT_TYPES[kind],
            submitted,
            p_from,
            p_to,
            name,
            sha,
            channel,
            current,
            withdrawn,
            row,
        )
    if not refs:
        return []

    forms: dict[int, dict[str, FormInfo]] = defaultdict(dict)
    form_query = select(
        FormStatusRow.report_id,
        FormStatusRow.form,
        _text(FormStatusRow.status),
        FormStatusRow.last_reported,
        FormStatusRow.sheet,
        FormStatusRow.cell,
    ).where(FormStatusRow.form.in_(_FIGURE_FORMS))
    if states is not None:
        form_query = form_query.where(FormStatusRow.report_id.in_(of_state))
    for report_id, form, status, last, sheet, cell in connection.execute(form_query).all():
        if report_id in refs:
            forms[report_id][form] = FormInfo(
                _FORM_STATUSES[status], last, sheet or "Cover", cell or ""
            )

    articles: dict[int, dict[int, ArticleFactData]] = defaultdict(dict)
    fact_query = select(
        ArticleFact.report_id,
        ArticleFact.article,
        _text(ArticleFact.status),
        ArticleFact.sheet,
        ArticleFact.cell,
        ArticleFact.completed_on,
        ArticleFact.deadline,
        ArticleFact.extension_until,
        ArticleFact.recorded_victims,
        ArticleFact.deadline_cell,
        ArticleFact.extension_cell,
    )
    if states is not None:
        fact_query = fact_query.where(ArticleFact.report_id.in_(of_state))
    for report_id, article, status, *rest in connection.execute(fact_query).all():
        if report_id in refs:
            articles[report_id][article] = ArticleFactData(article, _OBLIGATIONS[status], *rest)

    needs: dict[int, list[NeedData]] = defaultdict(list)
    need_query = (
        select(
            Need.report_id,
            _text(Need.area),
            Need.sheet,
            Need.cell,
            Need.description,
            Need.estimated_cost,
            Need.currency,
        )
        .where(Need.needed)
        .order_by(Need.report_id, Need.id)
    )
    if states is not None:
        need_query = need_query.where(Need.report_id.in_(of_state))
    for report_id, area, *rest in connection.execute(need_query).all():
        if report_id in refs:
            needs[report_id].append(NeedData(_AREAS[area], *rest))

    return [
        RawReport(ref, forms.get(rid, {}), articles.get(rid, {}), tuple(needs.get(rid, ())))
        for rid, ref in sorted(refs.items())
    ]


def load_effective_reports(session: Session) -> list[EffectiveReport]:
    """Current, not withdrawn reports with unchanged forms resolved (carry-forward)."""
    return resolve_all(load_raw_reports(session))
