"""The engine: which States satisfy an indicator's population and condition (pure, no I/O).

``spec/indicators.md`` §2–§4. An :class:`Evaluation` is what one as-of year sees of one read of
the store (the plain rows of :mod:`tracker.readmodel`): the **counted reports** of
``statistics.md`` for the report-content predicates, and the versions, memberships and
decisions of ``compliance.md`` judged on ``on`` for the others. Each predicate is answered by
the rule that already defines it — :mod:`tracker.stats.rules` (obligations, completion, needs)
and :mod:`tracker.compliance` (expected, received and initial reports, deadlines) — never by a
rule of its own; the engine only finds, for each State, the evidence that put it there.
``assisted`` reads the match of needs with support (``assistance.md`` §3), a layer above: the
caller hands it down as :attr:`Evaluation.assistance`, computed for the evaluation's window.
:func:`evaluate` turns an indicator into its two sets with evidence, and :func:`compute` into
an :class:`~tracker.indicators.results.IndicatorResult`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from tracker.carry import EffectiveReport, Provenance, resolve_all
from tracker.compliance.dates import (
    Received,
    Status,
    annual_due,
    counts_on,
    initial_due,
    is_expected,
    judge,
    overdue_initial,
    received_for_year,
)
from tracker.compliance.deadlines import (
    EXTENSION_SOURCES,
    ArticleDeadline,
    DeadlineSource,
    StateDeadlines,
    deadlines_of_all,
)
from tracker.compliance.known import counted_on
from tracker.enums import FormStatus, NeedArea, ObligationStatus, ReportType
from tracker.indicators.assisted import AssistedIndex, assisted
from tracker.indicators.model import Indicator
from tracker.indicators.results import (
    AbsenceEvidence,
    CellEvidence,
    DecisionEvidence,
    Evidence,
    Excluded,
    FlowEvidence,
    IndicatorResult,
    MembershipEvidence,
    build_result,
    not_computable,
)
from tracker.indicators.sentences import NameBook
from tracker.indicators.vocabulary import AllOf, Expression, Not, Predicate, describe
from tracker.membership import is_party_on
from tracker.readmodel import Decision, Member, RawReport, Submission
from tracker.stats.rules import (
    Evidence as CountedEvidence,
)
from tracker.stats.rules import (
    Exclusion,
    counted_reports,
    denominator_evidence,
    latest_status,
    need_evidence,
)
from tracker.wording import Style

States = dict[str, Evidence]

_RECEIVED = (Status.ON_TIME, Status.LATE, Status.DATE_UNKNOWN)
_COVER_WORDS = {
    "changed": FormStatus.CHANGED,
    "unchanged": FormStatus.UNCHANGED,
    "not_applicable": FormStatus.NOT_APPLICABLE,
}


def counted_cell(evidence: CountedEvidence) -> CellEvidence:
    """A statistics' evidence (counted report and provenance) as an indicator's report cell."""
    p, ref = evidence.provenance, evidence.report
    into = (
        (ref.reporting_year, ref.report_type.value, ref.file_name)
        if p.carried_from is not None
        else None
    )
    return CellEvidence(
        p.file,
        p.reporting_year,
        p.report_type.value,
        p.submitted,
        p.sheet,
        p.cell,
        p.carried_from,
        into,
        counted=evidence,
    )


def provenance_cell(p: Provenance) -> CellEvidence:
    """A report cell known only by its provenance (a deadline's source)."""
    return CellEvidence(
        p.file, p.reporting_year, p.report_type.value, p.submitted, p.sheet, p.cell, p.carried_from
    )


def version_cell(v: Submission) -> CellEvidence:
    """A received version: its file and the cell its identity was read from."""
    return CellEvidence(
        v.file_name,
        v.reporting_year or v.period_to.year,
        v.report_type.value,
        v.submitted_on,
        v.sheet or "Cover",
        v.cell,
    )


def report_cell(report: EffectiveReport, sheet: str = "", cell: str = "") -> CellEvidence:
    """A counted report's own cell (or ``sheet!cell`` of it)."""
    ref = report.ref
    return CellEvidence(
        ref.file_name,
        ref.reporting_year,
        ref.report_type.value,
        ref.submitted_on,
        sheet or ref.sheet or "Cover",
        cell or ref.cell,
    )


@dataclass
class Evaluation:
    """What the indicators see for one as-of year ``as_of``, window ``since``, day ``on``.

    ``reports`` are the stored current versions, ``history`` every version of the States whose
    counted reports on ``on`` may differ (:class:`tracker.services.store.Projection`'s
    ``known_on``); what a predicate needs is worked out once, when it is first asked.
    ``assistance`` gives the match of needs with support for [``since``, ``as_of``] as the
    ``assisted`` predicate's rows (called once, when the predicate is first asked; the caller
    computes it from the same read: :func:`tracker.services.indicators.evaluation_of`).
    """

    as_of: int
    since: int
    on: dt.date
    reports: Sequence[RawReport]
    members: Mapping[str, Member]
    history: Sequence[RawReport] = ()
    decisions: Sequence[Decision] = ()
    submissions: Sequence[Submission] = ()
    assistance: Callable[[], AssistedIndex] | None = field(default=None, repr=False)
    _received: dict[int, dict[str, Received]] = field(default_factory=dict, repr=False)
    # Each predicate's States, worked out once: indicators share predicates (the obligations
    # are the populations of many), and the results depend only on the evaluation.
    _predicates: dict[Predicate, States] = field(default_factory=dict, repr=False)

    # --- what the rules are given --------------------------------------------------------

    @cached_property
    def _counted(self) -> tuple[dict[str, list[EffectiveReport]], list[Exclusion]]:
        upto = [r for r in self.reports if r.ref.reporting_year <= self.as_of]
        return counted_reports(resolve_all(upto), self.members, self.as_of)

    @property
    def counted(self) -> dict[str, list[EffectiveReport]]:
        """The counted reports of ``statistics.md`` for A, per State, oldest first."""
        return self._counted[0]

    @property
    def exclusions(self) -> list[Exclusion]:
        """The reports left out of the counted reports, with their reasons."""
        return self._counted[1]

    @property
    def excluded(self) -> tuple[Excluded, ...]:
        """The exclusions as the results give them."""
        return tuple(
            Excluded(
                e.ref.state_iso3,
                e.ref.reporting_year,
                e.ref.file_name,
                e.reason,
                e.ref.report_type.value,
                e.code.value,
            )
            for e in self.exclusions
        )

    @cached_property
    def universe(self) -> frozenset[str]:
        """Every State with a membership record or a stored report (``not X`` = this − X)."""
        return frozenset(self.members) | {r.ref.state_iso3 for r in self.reports}

    @cached_property
    def deadlines(self) -> dict[str, StateDeadlines]:
        """Every State's Article 3 and 4 deadlines and flags on ``on`` (``compliance.md``)."""
        eif = {iso3: m.entry_into_force for iso3, m in self.members.items()}
        reports = counted_on(self.reports, self.history, self.on)
        return deadlines_of_all(reports, eif, self.on, self.decisions)

    def received(self, year: int) -> dict[str, Received]:
        """What each State had submitted for ``year`` by ``on`` (``compliance.md``)."""
        if year not in self._received:
            self._received[year] = received_for_year(self.submissions, year, self.on)
        return self._received[year]

    def _membership(self, iso3: str) -> MembershipEvidence:
        member = self.members.get(iso3)
        if member is None:
            return MembershipEvidence(None)
        return MembershipEvidence(member.entry_into_force, member.withdrawal_effective)

    # --- expressions -----------------------------------------------------------------------

    def states(self, expression: Expression) -> States:
        """The States that satisfy ``expression``, each with its evidence (§4)."""
        if isinstance(expression, Predicate):
            found = self._predicates.get(expression)
            if found is None:
                found = PREDICATE_RULES[expression.name](self, expression)
                self._predicates[expression] = found
            return dict(found)  # the caller's own: a result never shares another's
        if isinstance(expression, Not):
            inner = self.states(expression.child)
            detail = f"not: {describe(expression.child)}"
            return {s: AbsenceEvidence(detail) for s in sorted(self.universe - set(inner))}
        children = [self.states(c) for c in expression.children]
        if isinstance(expression, AllOf):
            kept = set(children[0]).intersection(*children[1:])
        else:
            kept = set().union(*children)
        return {s: _first_evidence(s, children) for s in sorted(kept)}

    # --- predicates: membership and reporting (compliance.md, on `on`) ---------------------

    def state_party(self, p: Predicate) -> States:
        """States Parties on ``on`` or on 31 December of A (membership)."""
        day = self.on if p.get("on") == "on" else dt.date(self.as_of, 12, 31)
        return {
            s: self._membership(s)
            for s, m in self.members.items()
            if is_party_on(day, m.entry_into_force, m.withdrawal_effective)
        }

    def expected_annual_report(self, p: Predicate) -> States:
        """States that owe the annual report for the year (``compliance.md``)."""
        year = p.get("year").year(self.as_of)
        return {s: self._membership(s) for s, m in self.members.items() if is_expected(m, year)}

    def _received_states(self, year: int, statuses: Iterable[Status]) -> States:
        wanted = set(statuses)
        due = annual_due(year)
        found: States = {}
        for state, received in self.received(year).items():
            if judge(state, due, received, self.on).status in wanted:
                found[state] = self._received_cell(state, year, received)
        return found

    @cached_property
    def _versions_by_period(self) -> dict[tuple[str, int], list[Submission]]:
        """Each State's stored versions by the year their period ends, in the store's order."""
        found: dict[tuple[str, int], list[Submission]] = {}
        for v in self.submissions:
            found.setdefault((v.state_iso3, v.period_to.year), []).append(v)
        return found

    def _received_cell(self, state: str, year: int, received: Received) -> Evidence:
        for v in self._versions_by_period.get((state, year), ()):
            if counts_on(v, self.on) and v.submitted_on == received.earliest:
                return version_cell(v)
        return AbsenceEvidence(f"received for {year}")  # cannot happen: the rule found one

    def annual_report_received(self, p: Predicate) -> States:
        """States whose report for the year was received by ``on``."""
        return self._received_states(p.get("year").year(self.as_of), _RECEIVED)

    def annual_report_on_time(self, p: Predicate) -> States:
        """States whose report for the year was received by its due date."""
        return self._received_states(p.get("year").year(self.as_of), (Status.ON_TIME,))

    def initial_report_due(self, p: Predicate) -> States:
        """States Parties on ``on`` whose initial report was due before ``on``."""
        found: States = {}
        for s, m in self.members.items():
            eif = m.entry_into_force
            if eif is None or not is_party_on(self.on, eif, m.withdrawal_effective):
                continue
            if initial_due(eif) < self.on:
                found[s] = self._membership(s)
        return found

    @cached_property
    def _initials(self) -> dict[str, list[Submission]]:
        """Each State's counting versions of initial reports, the earliest dated first."""
        found: dict[str, list[Submission]] = {}
        for v in self.submissions:
            if v.report_type == ReportType.INITIAL and counts_on(v, self.on):
                found.setdefault(v.state_iso3, []).append(v)
        for versions in found.values():
            versions.sort(key=lambda v: (v.submitted_on is None, v.submitted_on or dt.date.min))
        return found

    def initial_report_received(self, p: Predicate) -> States:
        """States with a counting initial report (by ``on``, or by its due date)."""
        found: States = {}
        for state, versions in self._initials.items():
            first = versions[0]
            if p.get("by") == "due":
                member = self.members.get(state)
                eif = member.entry_into_force if member else None
                if (
                    eif is None
                    or first.submitted_on is None
                    or first.submitted_on > initial_due(eif)
                ):
                    continue
            found[state] = version_cell(first)
        return found

    def initial_report_overdue(self, p: Predicate) -> States:
        """States whose initial report is overdue on ``on`` (``compliance.md``)."""
        detail = f"no initial report received by {self.on.isoformat()}"
        overdue = overdue_initial(self.members.values(), self.submissions, self.on)
        return {o.state: AbsenceEvidence(detail) for o in overdue}

    # --- predicates: deadlines (compliance.md, as known on `on`) ---------------------------

    def _deadline_states(self, article: int, keep: Callable[[ArticleDeadline], bool]) -> States:
        found: States = {}
        for state, deadlines in self.deadlines.items():
            deadline = deadlines.article(article)
            if keep(deadline):
                found[state] = self._deadline_evidence(state, deadline)
        return found

    def _deadline_evidence(self, state: str, deadline: ArticleDeadline) -> Evidence:
        if deadline.source is DeadlineSource.DECISION and deadline.decision is not None:
            d = deadline.decision
            return DecisionEvidence(d.meeting, d.decided_on, d.source)
        if deadline.provenance is not None:
            return provenance_cell(deadline.provenance)
        return self._membership(state)

    def deadline_passed(self, p: Predicate) -> States:
        """States with obligations whose deadline, as known on ``on``, has passed."""
        return self._deadline_states(p.get("article"), lambda d: d.passed)

    def deadline_approaching(self, p: Predicate) -> States:
        """States with obligations whose deadline falls in the next 12 months."""
        return self._deadline_states(p.get("article"), lambda d: d.approaching)

    def extension_granted(self, p: Predicate) -> States:
        """States whose deadline on ``on`` is an extension (decision or report)."""
        return self._deadline_states(
            p.get("article"), lambda d: d.deadline is not None and d.source in EXTENSION_SOURCES
        )

    # --- predicates: report content (statistics.md's counted reports, for A) ---------------

    def obligation(self, p: Predicate) -> States:
        """``D(article)`` of ``statistics.md`` (``has``: with ``--current``)."""
        article, current = p.get("article"), p.get("status") == "has"
        found: States = {}
        for state, reports in self.counted.items():
            evidence = denominator_evidence(article, reports, current_only=current)
            if evidence is not None:
                found[state] = counted_cell(evidence)
        return found

    def completed(self, p: Predicate) -> States:
        """States whose latest counted report giving the status says *had*."""
        article = p.get("article")
        found: States = {}
        for state, reports in self.counted.items():
            latest = latest_status(article, reports)
            if latest is None:
                continue
            report, evidence = latest
            status = report.articles[article]
            if status is not None and status.status is ObligationStatus.HAD:
                found[state] = counted_cell(evidence)
        return found

    def declared_need(self, p: Predicate) -> States:
        """States with a counted report of [S, A] declaring a need in the areas."""
        areas = tuple(NeedArea(a) for a in p.get("areas"))
        found: States = {}
        for state, reports in self.counted.items():
            evidence = need_evidence(areas, reports, self.since, self.as_of)
            if evidence is not None:
                found[state] = counted_cell(evidence)
        return found

    def _of_year(self, year: int) -> Iterable[tuple[str, EffectiveReport]]:
        for state, reports in self.counted.items():
            for report in reversed(reports):  # the annual report before the initial one
                if report.ref.reporting_year == year:
                    yield state, report

    def form_provided(self, p: Predicate) -> States:
        """States with a counted report of the year giving the form such a status."""
        form, year = p.get("form"), p.get("year").year(self.as_of)
        wanted = {_COVER_WORDS[s] for s in p.get("status")}
        raw = {r.ref.report_id: r for r in self.reports}
        found: States = {}
        for state, report in self._of_year(year):
            if state in found:
                continue
            source = raw[report.ref.report_id]
            if source.status_of(form)[0] in wanted:
                info = source.forms.get(form)
                found[state] = (
                    report_cell(report, info.sheet, info.cell) if info else report_cell(report)
                )
        return found

    # --- predicates: needs matched with reported support (assistance.md §3, for [S, A]) -------

    @cached_property
    def _assisted(self) -> AssistedIndex:
        if self.assistance is None:
            raise ValueError("assisted needs the match of needs with support (read flows)")
        return self.assistance()

    def assisted(self, p: Predicate) -> States:
        """States of the article's numerator whose need the window's flows support."""
        article, status = p.get("article"), p.get("status")
        found: States = {}
        for (of, state), row in sorted(self._assisted.items(), key=lambda item: item[0][1]):
            if of != article:
                continue
            satisfied, cells = assisted(self._assisted, state, article, status)
            if satisfied:
                found[state] = FlowEvidence(article, row.status, cells)
        return found

    def layout(self, p: Predicate) -> States:
        """States with a counted report of the year read with one of the layouts."""
        ids, year = set(p.get("ids")), p.get("year").year(self.as_of)
        found: States = {}
        for state, report in self._of_year(year):
            if state not in found and report.ref.layout in ids:
                found[state] = report_cell(report)
        return found


def _first_evidence(state: str, children: Sequence[States]) -> Evidence:
    """The evidence of ``all``/``any``: the first true child with a report cell, else the first.

    Children in written order.
    """
    true = [c[state] for c in children if state in c]
    return next((e for e in true if isinstance(e, CellEvidence)), true[0])


PREDICATE_RULES: dict[str, Callable[[Evaluation, Predicate], States]] = {
    "state_party": Evaluation.state_party,
    "expected_annual_report": Evaluation.expected_annual_report,
    "annual_report_received": Evaluation.annual_report_received,
    "annual_report_on_time": Evaluation.annual_report_on_time,
    "initial_report_due": Evaluation.initial_report_due,
    "initial_report_received": Evaluation.initial_report_received,
    "initial_report_overdue": Evaluation.initial_report_overdue,
    "obligation": Evaluation.obligation,
    "completed": Evaluation.completed,
    "declared_need": Evaluation.declared_need,
    "deadline_passed": Evaluation.deadline_passed,
    "deadline_approaching": Evaluation.deadline_approaching,
    "extension_granted": Evaluation.extension_granted,
    "form_provided": Evaluation.form_provided,
    "layout": Evaluation.layout,
    "assisted": Evaluation.assisted,
}


def evaluate(indicator: Indicator, evaluation: Evaluation) -> tuple[States, States]:
    """The denominator (the population) and the numerator, each State with its evidence.

    The numerator is the population's States that satisfy the condition.
    """
    if indicator.population is None or indicator.condition is None:
        raise ValueError(f"{indicator.id} is not computable from Article 7 reports")
    population = evaluation.states(indicator.population)
    condition = evaluation.states(indicator.condition)
    numerator = {s: condition[s] for s in population if s in condition}
    return population, numerator


def compute(
    indicator: Indicator,
    evaluation: Evaluation,
    *,
    lang: str = "en",
    style: Style = Style.WORDS,
    names: NameBook | None = None,
    series_of: str | None = None,
) -> IndicatorResult:
    """One indicator's result for the evaluation's year."""
    if not indicator.computable:
        return not_computable(indicator, lang, series_of=series_of)
    denominator, numerator = evaluate(indicator, evaluation)
    return build_result(
        indicator,
        as_of=evaluation.as_of,
        since=evaluation.since,
        on=evaluation.on,
        denominator=denominator,
        numerator=numerator,
        lang=lang,
        style=style,
        names=names,
        series_of=series_of,
    )
