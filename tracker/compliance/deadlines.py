"""Article 3 and Article 4 deadlines of a State, and the flags judged on ``on`` (pure, no I/O).

``compliance.md``, Deadlines. The reports read are the State's **counted reports** on ``on``
(:mod:`tracker.compliance.known`); the extension decisions read are those taken on or before
``on``. For a State that has or had the obligation by those reports, the deadline is, in order:

1. the latest extension decision (by date decided) — unless a report submitted after that
   decision gives a later "Extension granted until": the list of decisions is known to be
   incomplete, so that date wins, as "reported by the State; no decision on file";
2. else the latest "Extension granted until" in a counted report;
3. else the "Deadline" of the latest counted report that gives one;
4. else entry into force + 8 years (Article 3) or + 10 years (Article 4);
5. else blank (entry into force unknown).

Where a report disagrees with the decision that stands, the deadline keeps the report as
``disagreement`` so that ``tracker state show`` can note both sources. A State that reported
no obligation gets no deadline at all (``obligation`` False). Flags apply only to a State whose
current status is *has*: *deadline approaching* within the next 12 months, *deadline passed*
before ``on``.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from tracker.carry import ArticleStatus, EffectiveReport, Provenance
from tracker.enums import ObligationStatus, ReportType
from tracker.readmodel import Decision

ReportRow = EffectiveReport

# Years from entry into force to the treaty deadline (Art. 3.2 and Art. 4.1(a)).
TREATY_YEARS: dict[int, int] = {3: 8, 4: 10}
_OBLIGED = (ObligationStatus.HAS, ObligationStatus.HAD)


class DeadlineSource(enum.StrEnum):
    """Where a deadline comes from, in the order the rule tries them."""

    DECISION = "extension decision"
    REPORTED_LATER = "reported by the State; no decision on file"
    EXTENSION = "extension granted"
    REPORTED = "reported deadline"
    ENTRY_INTO_FORCE = "entry into force"


# Sources whose date is an extension (the donor workbook's "Extension until" column).
EXTENSION_SOURCES = frozenset(
    {DeadlineSource.DECISION, DeadlineSource.REPORTED_LATER, DeadlineSource.EXTENSION}
)


@dataclass(frozen=True)
class ReportedDate:
    """A deadline or extension date as a report gives it, and the cell it was read from."""

    value: dt.date
    provenance: Provenance
    order: tuple[int, int]

    @property
    def submitted(self) -> dt.date | None:
        """When the report that wrote it was submitted (None: undated)."""
        return self.provenance.submitted


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def report_order(report: ReportRow) -> tuple[int, int]:
    """Which report is later: by reporting year, and the annual before the initial in a year."""
    ref = report.ref
    return ref.reporting_year, 1 if ref.report_type == ReportType.ANNUAL else 0


@dataclass(frozen=True)
class ArticleDeadline:
    """One article's deadline for a State, its source, the current status and the flags."""

    article: int
    deadline: dt.date | None
    source: DeadlineSource | None
    provenance: Provenance | None = None  # the report cell (report sources)
    decision: Decision | None = None  # the decision (DECISION; for REPORTED_LATER the one beaten)
    obligation: bool = True  # the State has or had the obligation by its counted reports
    disagreement: ReportedDate | None = None  # a report the standing decision overrides
    status: ObligationStatus | None = None
    status_provenance: Provenance | None = None
    approaching: bool = False
    passed: bool = False

    @property
    def flags(self) -> list[str]:
        """``deadline approaching`` / ``deadline passed`` (at most one applies)."""
        return ["deadline approaching"] * self.approaching + ["deadline passed"] * self.passed

    @property
    def extension_until(self) -> dt.date | None:
        """The deadline when it is an extension (a decision's or a reported one)."""
        return self.deadline if self.source in EXTENSION_SOURCES else None

    @property
    def source_label(self) -> str:
        """The source in words: ``entry into force + 8 years`` for the treaty deadline."""
        if self.source is DeadlineSource.ENTRY_INTO_FORCE:
            return f"entry into force + {TREATY_YEARS[self.article]} years"
        if self.source is DeadlineSource.DECISION and self.decision is not None:
            return self.decision.label
        return self.source.value if self.source else ""


@dataclass(frozen=True)
class StateDeadlines:
    """A State's Article 3 and Article 4 deadlines judged on ``on``."""

    iso3: str
    on: dt.date
    entry_into_force: dt.date | None
    articles: tuple[ArticleDeadline, ...]

    def article(self, number: int) -> ArticleDeadline:
        """The deadline of Article ``number`` (3 or 4)."""
        return next(a for a in self.articles if a.article == number)


def _facts(article: int, reports: Iterable[ReportRow]) -> list[tuple[ReportRow, ArticleStatus]]:
    """The article's effective facts, latest report last."""
    found = [(r, r.articles.get(article)) for r in sorted(reports, key=report_order)]
    return [(r, fact) for r, fact in found if fact is not None]


def reported_extensions(
    facts: Sequence[tuple[ReportRow, ArticleStatus]],
) -> list[ReportedDate]:
    """Every "Extension granted until" of the facts, with its cell (latest report last)."""
    return [
        ReportedDate(
            fact.extension_until, fact.date_provenance(fact.extension_cell), report_order(r)
        )
        for r, fact in facts
        if fact.extension_until is not None
    ]


def _latest(dates: Iterable[ReportedDate]) -> ReportedDate | None:
    """The latest date; between equal dates, the later report's."""
    return max(dates, key=lambda d: (d.value, d.order), default=None)


def _after(reported: ReportedDate, decision: Decision) -> bool:
    return reported.submitted is not None and reported.submitted > decision.decided_on


def _disagreement(extensions: Sequence[ReportedDate], decision: Decision) -> ReportedDate | None:
    """The latest report whose extension differs from the standing decision, if any.

    A report submitted before the decision with an earlier date only predates it (it gives
    the deadline as it was then): that is no disagreement.
    """
    differing = [
        e
        for e in extensions
        if e.value != decision.extended_until
        and not (
            e.submitted is not None
            and e.submitted <= decision.decided_on
            and e.value < decision.extended_until
        )
    ]
    return max(differing, key=lambda e: (e.order, e.value), default=None)


def _from_reports(
    article: int,
    facts: Sequence[tuple[ReportRow, ArticleStatus]],
    entry_into_force: dt.date | None,
) -> ArticleDeadline:
    """Rules 2 to 5: the deadline from the counted reports, else from entry into force."""
    extension = _latest(reported_extensions(facts))
    if extension is not None:
        return ArticleDeadline(
            article, extension.value, DeadlineSource.EXTENSION, extension.provenance
        )
    for _, fact in reversed(facts):
        if fact.deadline is not None:
            where = fact.date_provenance(fact.deadline_cell)
            return ArticleDeadline(article, fact.deadline, DeadlineSource.REPORTED, where)
    if entry_into_force is None:
        return ArticleDeadline(article, None, None)
    treaty = add_years(entry_into_force, TREATY_YEARS[article])
    return ArticleDeadline(article, treaty, DeadlineSource.ENTRY_INTO_FORCE)


def _deadline(
    article: int,
    facts: Sequence[tuple[ReportRow, ArticleStatus]],
    decisions: Sequence[Decision],
    entry_into_force: dt.date | None,
) -> ArticleDeadline:
    decision = max(decisions, key=lambda d: (d.decided_on, d.extended_until), default=None)
    if decision is None:
        return _from_reports(article, facts, entry_into_force)
    extensions = reported_extensions(facts)
    later = _latest(
        e for e in extensions if _after(e, decision) and e.value > decision.extended_until
    )
    if later is not None:
        return ArticleDeadline(
            article, later.value, DeadlineSource.REPORTED_LATER, later.provenance, decision
        )
    return ArticleDeadline(
        article,
        decision.extended_until,
        DeadlineSource.DECISION,
        decision=decision,
        disagreement=_disagreement(extensions, decision),
    )


def article_deadline(
    article: int,
    reports: Iterable[ReportRow],
    entry_into_force: dt.date | None,
    on: dt.date,
    decisions: Iterable[Decision] = (),
) -> ArticleDeadline:
    """One article's deadline and flags from one State's counted reports and decisions.

    ``decisions`` may hold any decisions: only this article's, taken on or before ``on``,
    count. The current status is the one of the latest counted report before the year of
    ``on`` that gives one (a report for the year of ``on`` cannot have been due yet).
    """
    facts = _facts(article, reports)
    if not any(fact.status in _OBLIGED for _, fact in facts):
        return ArticleDeadline(article, None, None, obligation=False)
    taken = [d for d in decisions if d.article == article and d.decided_on <= on]
    found = _deadline(article, facts, taken, entry_into_force)
    earlier = [(r, fact) for r, fact in facts if r.ref.reporting_year < on.year]
    status = earlier[-1][1] if earlier else None
    has = status is not None and status.status is ObligationStatus.HAS
    deadline = found.deadline
    return ArticleDeadline(
        article=article,
        deadline=deadline,
        source=found.source,
        provenance=found.provenance,
        decision=found.decision,
        disagreement=found.disagreement,
        status=status.status if status else None,
        status_provenance=status.provenance if status else None,
        approaching=has and deadline is not None and on < deadline <= add_years(on, 1),
        passed=has and deadline is not None and deadline < on,
    )


def deadlines_of_state(
    iso3: str,
    reports: Iterable[ReportRow],
    entry_into_force: dt.date | None,
    on: dt.date,
    decisions: Iterable[Decision] = (),
) -> StateDeadlines:
    """Article 3 and 4 deadlines of ``iso3`` from its counted reports (others are ignored)."""
    own = [r for r in reports if r.ref.state_iso3 == iso3]
    mine = [d for d in decisions if d.state_iso3 == iso3]
    articles = tuple(article_deadline(a, own, entry_into_force, on, mine) for a in TREATY_YEARS)
    return StateDeadlines(iso3, on, entry_into_force, articles)


def deadlines_of_all(
    reports: Iterable[ReportRow],
    entry_into_force: Mapping[str, dt.date | None],
    on: dt.date,
    decisions: Iterable[Decision] = (),
) -> dict[str, StateDeadlines]:
    """Deadlines of every State with a membership record or a counted report (one pass)."""
    by_state: dict[str, list[ReportRow]] = defaultdict(list)
    for report in reports:
        by_state[report.ref.state_iso3].append(report)
    decided: dict[str, list[Decision]] = defaultdict(list)
    for decision in decisions:
        decided[decision.state_iso3].append(decision)
    states = sorted(set(entry_into_force) | set(by_state))
    return {
        iso3: deadlines_of_state(
            iso3, by_state.get(iso3, []), entry_into_force.get(iso3), on, decided.get(iso3, [])
        )
        for iso3 in states
    }
