"""Reading the store into the plain rows the pure statistics and compliance functions take.

Only here do figures touch the database: a handful of Core queries (no per-report round trips),
then :mod:`tracker.carry` resolves unchanged forms. Everything downstream is pure.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
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


def load_raw_reports(session: Session, *, include_history: bool = False) -> list[RawReport]:
    """Stored reports (current ones, or every version) with their statuses, facts and needs."""
    query = select(
        Report.id,
        Report.state_iso3,
        Report.reporting_year,
        Report.report_type,
        Report.submitted_on,
        Report.period_from,
        Report.period_to,
        SourceFile.file_name,
        SourceFile.sha256,
        Report.channel,
        Report.is_current,
        Report.is_withdrawn,
    ).join(SourceFile, SourceFile.id == Report.source_file_id)
    if not include_history:
        query = query.where(Report.is_current)
    refs: dict[int, ReportRef] = {}
    for row in session.execute(query):
        refs[row.id] = ReportRef(
            report_id=row.id,
            state_iso3=row.state_iso3,
            reporting_year=row.reporting_year,
            report_type=row.report_type,
            submitted_on=row.submitted_on,
            period_from=row.period_from,
            period_to=row.period_to,
            file_name=row.file_name,
            sha256=row.sha256,
            channel=row.channel.value,
            is_current=row.is_current,
            is_withdrawn=row.is_withdrawn,
        )
    if not refs:
        return []

    forms: dict[int, dict[str, FormInfo]] = defaultdict(dict)
    form_query = select(
        FormStatusRow.report_id,
        FormStatusRow.form,
        FormStatusRow.status,
        FormStatusRow.last_reported,
        FormStatusRow.sheet,
        FormStatusRow.cell,
    ).where(FormStatusRow.form.in_(_FIGURE_FORMS))
    for report_id, form, status, last, sheet, cell in session.execute(form_query):
        if report_id in refs:
            forms[report_id][form] = FormInfo(status, last, sheet or "Cover", cell or "")

    articles: dict[int, dict[int, ArticleFactData]] = defaultdict(dict)
    fact_query = select(
        ArticleFact.report_id,
        ArticleFact.article,
        ArticleFact.status,
        ArticleFact.sheet,
        ArticleFact.cell,
        ArticleFact.completed_on,
        ArticleFact.deadline,
        ArticleFact.extension_until,
        ArticleFact.recorded_victims,
    )
    for report_id, article, *rest in session.execute(fact_query):
        if report_id in refs:
            articles[report_id][article] = ArticleFactData(article, *rest)

    needs: dict[int, list[NeedData]] = defaultdict(list)
    need_query = (
        select(
            Need.report_id,
            Need.area,
            Need.sheet,
            Need.cell,
            Need.description,
            Need.estimated_cost,
            Need.currency,
        )
        .where(Need.needed)
        .order_by(Need.report_id, Need.id)
    )
    for report_id, *rest in session.execute(need_query):
        if report_id in refs:
            needs[report_id].append(NeedData(*rest))

    return [
        RawReport(ref, forms.get(rid, {}), articles.get(rid, {}), tuple(needs.get(rid, ())))
        for rid, ref in sorted(refs.items())
    ]


def load_effective_reports(session: Session) -> list[EffectiveReport]:
    """Current, not withdrawn reports with unchanged forms resolved (carry-forward)."""
    return resolve_all(load_raw_reports(session))
