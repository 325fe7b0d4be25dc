"""Who counts in the needs statistics ("X of Y"): pure rules over plain rows, no I/O.

The contract is ``spec/statistics.md``. Input: the current reports after carry-forward
(:class:`tracker.carry.EffectiveReport`, resolved as the rules read them) and the membership
records. Output: per article the
States of the denominator and the numerator, each with the report and cell that put it there,
and every report left out with its reason. Everything is one pass over the reports (plus a sort
per State), so the counts stay fast on a store of tens of thousands of reports.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from tracker.carry import EffectiveReport, Provenance
from tracker.enums import NeedArea, ObligationStatus, ReportType
from tracker.membership import is_party_on
from tracker.readmodel import ReportRef

ARTICLES: tuple[int, ...] = (3, 4, 5)

# The Form I areas whose declared needs count for each article's numerator.
AREAS: dict[int, tuple[NeedArea, ...]] = {
    3: (NeedArea.STOCKPILE_DESTRUCTION,),
    4: (NeedArea.CLEARANCE, NeedArea.RISK_REDUCTION_EDUCATION),
    5: (NeedArea.VICTIM_ASSISTANCE,),
}


ReportRow = EffectiveReport
R = TypeVar("R", bound=EffectiveReport)


class Member(Protocol):
    """What the rules read of a membership record (:class:`tracker.readmodel.Member` fits)."""

    @property
    def deposited(self) -> dt.date | None:
        """Date of deposit of the instrument (None: a signatory, or unknown)."""

    @property
    def entry_into_force(self) -> dt.date | None:
        """Entry into force for the State (None: not deposited, or unknown)."""

    @property
    def withdrawal_effective(self) -> dt.date | None:
        """The day a withdrawal took effect (None: never withdrew)."""


class ExclusionCode(enum.StrEnum):
    """Why a report was left out (stable codes beside the readable reason)."""

    NO_MEMBERSHIP = "no-membership-record"
    NOT_A_PARTY = "not-a-state-party"
    WITHDRAWN = "withdrawn"
    ENTRY_INTO_FORCE_UNKNOWN = "entry-into-force-unknown"


@dataclass(frozen=True)
class Exclusion:
    """A current report with reporting year <= as-of that does not count, and why."""

    ref: ReportRef
    code: ExclusionCode
    reason: str

    def as_json(self) -> dict[str, object]:
        """The ``excluded`` entry of the JSON output (the spec's keys, then extras)."""
        return {
            "state": self.ref.state_iso3,
            "reporting_year": self.ref.reporting_year,
            "file": self.ref.file_name,
            "reason": self.reason,
            "report_type": self.ref.report_type.value,
            "code": self.code.value,
        }


@dataclass(frozen=True)
class Evidence:
    """The counted report that put a State in a count, and the cell that says so."""

    report: ReportRef
    provenance: Provenance


@dataclass(frozen=True)
class ArticleCount:
    """One article's denominator and numerator, with evidence per State."""

    article: int
    areas: tuple[NeedArea, ...]
    denominator_evidence: Mapping[str, Evidence]
    numerator_evidence: Mapping[str, Evidence]

    @property
    def denominator(self) -> int:
        """D(article): counted States that reported to have (or had) obligations."""
        return len(self.denominator_evidence)

    @property
    def numerator(self) -> int:
        """N(article): States of D that declared a need in the window."""
        return len(self.numerator_evidence)

    @property
    def denominator_states(self) -> list[str]:
        """ISO3 codes of D, sorted."""
        return sorted(self.denominator_evidence)

    @property
    def numerator_states(self) -> list[str]:
        """ISO3 codes of N, sorted."""
        return sorted(self.numerator_evidence)


@dataclass(frozen=True)
class NeedsCounts:
    """The counts of all three articles for one as-of year and window."""

    as_of: int
    since: int
    current_only: bool
    articles: tuple[ArticleCount, ...]
    excluded: tuple[Exclusion, ...]
    # The counted reports of each State, oldest first: the evidence behind every figure, which
    # the donor workbook lists and the needs by State are chosen from.
    counted: Mapping[str, Sequence[ReportRow]] = field(default_factory=dict)

    def article(self, number: int) -> ArticleCount:
        """The count of Article ``number`` (3, 4 or 5)."""
        return next(a for a in self.articles if a.article == number)

    @property
    def missing_membership(self) -> int:
        """How many reports were left out because their State has no membership record."""
        return sum(1 for e in self.excluded if e.code is ExclusionCode.NO_MEMBERSHIP)


def year_end(year: int) -> dt.date:
    """31 December of ``year``: the day membership is checked on."""
    return dt.date(year, 12, 31)


def _withdrawn_reason(withdrawal: dt.date, as_of: int) -> str:
    # "withdrawn before 2024" when it took effect before the as-of year; in the as-of year
    # itself that would be untrue (Lithuania: 6 March 2025), so say the year it happened.
    if withdrawal.year < as_of:
        return f"withdrawn before {as_of}"
    return f"withdrawn in {withdrawal.year}"


def _not_party(member: Member, year: int, as_of: int) -> tuple[ExclusionCode, str] | None:
    """Why the State was not a State Party on 31 December of ``year`` (None if it was)."""
    end = year_end(year)
    if is_party_on(end, member.entry_into_force, member.withdrawal_effective):
        return None
    withdrawal = member.withdrawal_effective
    if withdrawal is not None and withdrawal <= end:
        return ExclusionCode.WITHDRAWN, _withdrawn_reason(withdrawal, as_of)
    if member.entry_into_force is None and (member.deposited or withdrawal):
        return ExclusionCode.ENTRY_INTO_FORCE_UNKNOWN, "entry into force unknown"
    # A signatory, or a report from before entry into force.
    return ExclusionCode.NOT_A_PARTY, f"not a State Party in {year}"


def exclusion_of(
    ref: ReportRef, member: Member | None, as_of: int
) -> tuple[ExclusionCode, str] | None:
    """Why a report (reporting year <= as-of) does not count, or None when it counts.

    It counts when its State was a State Party on 31 December of the report's year and is
    still one on 31 December of the as-of year.
    """
    if member is None:
        return ExclusionCode.NO_MEMBERSHIP, "no membership record"
    return _not_party(member, ref.reporting_year, as_of) or _not_party(member, as_of, as_of)


def first_counted_year(member: Member | None, as_of: int) -> int | None:
    """The first reporting year whose reports count for a State (None: none of them count).

    Equivalent to :func:`exclusion_of` returning None, as one comparison per report: a State
    Party on 31 December of the as-of year cannot have withdrawn by the end of an earlier
    year, so its reports count from the year of its entry into force.
    """
    if member is None or member.entry_into_force is None:
        return None
    if not is_party_on(year_end(as_of), member.entry_into_force, member.withdrawal_effective):
        return None
    return member.entry_into_force.year


def _is_counted_version(ref: ReportRef) -> bool:
    """Only current versions count; superseded and withdrawn ones never do."""
    return ref.is_current and not ref.is_withdrawn


def _order(report: ReportRow) -> tuple[int, int, dt.date, int]:
    """Oldest first; within a year the initial before the annual report (the annual decides)."""
    ref = report.ref
    return (
        ref.reporting_year,
        1 if ref.report_type is ReportType.ANNUAL else 0,
        ref.submitted_on or dt.date.min,
        ref.report_id,
    )


def counted_reports(
    reports: Iterable[R], members: Mapping[str, Member], as_of: int
) -> tuple[dict[str, list[R]], list[Exclusion]]:
    """The counted reports per State (oldest first) and the reports left out, with reasons."""
    counted: dict[str, list[R]] = defaultdict(list)
    excluded: list[Exclusion] = []
    first_years: dict[str, int | None] = {}
    for report in reports:
        ref = report.ref
        if not _is_counted_version(ref) or ref.reporting_year > as_of:
            continue
        state = ref.state_iso3
        if state not in first_years:
            first_years[state] = first_counted_year(members.get(state), as_of)
        first = first_years[state]
        if first is not None and ref.reporting_year >= first:
            counted[state].append(report)
            continue
        why = exclusion_of(ref, members.get(state), as_of)
        if why is None:  # cannot happen (same rule); counted rather than dropped silently
            counted[state].append(report)
        else:
            excluded.append(Exclusion(ref, *why))
    for state_reports in counted.values():
        state_reports.sort(key=_order)
    excluded.sort(key=lambda e: (e.ref.state_iso3, e.ref.reporting_year, e.ref.report_type))
    return counted, excluded


def qualifies(article: int, status: ObligationStatus, *, current_only: bool) -> bool:
    """Does this status put the State in D? *has* or *had*; only *has* for Art. 5 or current."""
    if article == 5 or current_only:
        return status is ObligationStatus.HAS
    return status in (ObligationStatus.HAS, ObligationStatus.HAD)


def latest_status(article: int, reports: Sequence[ReportRow]) -> tuple[ReportRow, Evidence] | None:
    """The latest counted report of one State that gives ``article``'s status, with its cell.

    The ``--current`` rule: a form marked not applicable gives "none", a form not provided gives
    nothing, so an earlier report decides. None when no report gives a status.
    """
    for report in reversed(reports):
        status = report.articles.get(article)
        if status is not None:
            return report, Evidence(report.ref, status.provenance)
    return None


def denominator_evidence(
    article: int, reports: Sequence[ReportRow], *, current_only: bool
) -> Evidence | None:
    """The latest qualifying counted report of one State for ``article`` (None: not in D).

    With ``current_only`` the latest report that gives the article's status decides alone:
    a later ``none`` (or not applicable) takes the State out; a form not provided gives no
    status, so an earlier report decides.
    """
    if current_only:
        latest = latest_status(article, reports)
        if latest is None:
            return None
        report, evidence = latest
        status = report.articles[article]
        assert status is not None  # latest_status found it
        return evidence if qualifies(article, status.status, current_only=True) else None
    for report in reversed(reports):
        status = report.articles.get(article)
        if status is not None and qualifies(article, status.status, current_only=False):
            return Evidence(report.ref, status.provenance)
    return None


def need_evidence(
    areas: tuple[NeedArea, ...], reports: Sequence[ReportRow], since: int, as_of: int
) -> Evidence | None:
    """The latest counted report in [since, as_of] declaring a need in one of ``areas``."""
    for report in reversed(reports):
        if not since <= report.ref.reporting_year <= as_of:
            continue
        for need in report.needs:
            if need.area in areas:
                return Evidence(report.ref, need.provenance)
    return None


def count_article(
    article: int,
    counted: Mapping[str, Sequence[ReportRow]],
    *,
    since: int,
    as_of: int,
    current_only: bool,
) -> ArticleCount:
    """D and N of one article over the counted reports of every State."""
    areas = AREAS[article]
    denominator: dict[str, Evidence] = {}
    numerator: dict[str, Evidence] = {}
    for state in sorted(counted):
        reports = counted[state]
        evidence = denominator_evidence(article, reports, current_only=current_only)
        if evidence is None:
            continue
        denominator[state] = evidence
        need = need_evidence(areas, reports, since, as_of)
        if need is not None:
            numerator[state] = need
    return ArticleCount(article, areas, denominator, numerator)


def count_needs(
    reports: Iterable[ReportRow],
    members: Mapping[str, Member],
    *,
    as_of: int,
    since: int,
    current_only: bool = False,
) -> NeedsCounts:
    """The denominators, numerators, evidence and exclusions of Articles 3, 4 and 5."""
    if since > as_of:
        raise ValueError(f"the window start {since} is after the as-of year {as_of}")
    counted, excluded = counted_reports(reports, members, as_of)
    articles = tuple(
        count_article(a, counted, since=since, as_of=as_of, current_only=current_only)
        for a in ARTICLES
    )
    return NeedsCounts(as_of, since, current_only, articles, tuple(excluded), counted)
