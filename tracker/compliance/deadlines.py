"""Article 3 and Article 4 deadlines of a State, and the flags judged on ``on`` (pure, no I/O).

The deadline is, in this order: the latest "Extension granted until" in a current report; else
the "Deadline" of the latest current report that gives one; else entry into force + 8 years
(Article 3) or + 10 years (Article 4); blank when entry into force is unknown. Flags apply only
to a State whose current status is *has*: *deadline approaching* within the next 12 months,
*deadline passed* before ``on``.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from tracker.carry import ArticleStatus, Provenance
from tracker.models.enums import ObligationStatus, ReportType
from tracker.stats.rows import ReportRow

# Years from entry into force to the treaty deadline (Art. 3.2 and Art. 4.1(a)).
TREATY_YEARS: dict[int, int] = {3: 8, 4: 10}


class DeadlineSource(enum.StrEnum):
    """Where a deadline comes from, in the order the rule tries them."""

    EXTENSION = "extension granted"
    REPORTED = "reported deadline"
    ENTRY_INTO_FORCE = "entry into force"


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
    provenance: Provenance | None = None
    status: ObligationStatus | None = None
    status_provenance: Provenance | None = None
    approaching: bool = False
    passed: bool = False

    @property
    def flags(self) -> list[str]:
        """``deadline approaching`` / ``deadline passed`` (at most one applies)."""
        return ["deadline approaching"] * self.approaching + ["deadline passed"] * self.passed

    @property
    def source_label(self) -> str:
        """The source in words: ``entry into force + 8 years`` for the treaty deadline."""
        if self.source is DeadlineSource.ENTRY_INTO_FORCE:
            return f"entry into force + {TREATY_YEARS[self.article]} years"
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


def _deadline(
    article: int,
    facts: Sequence[tuple[ReportRow, ArticleStatus]],
    entry_into_force: dt.date | None,
) -> tuple[dt.date | None, DeadlineSource | None, Provenance | None]:
    extensions = [
        (fact.extension_until, report_order(r), fact)
        for r, fact in facts
        if fact.extension_until is not None
    ]
    if extensions:
        until, _, fact = max(extensions, key=lambda e: (e[0], e[1]))
        return until, DeadlineSource.EXTENSION, fact.provenance
    for _, fact in reversed(facts):
        if fact.deadline is not None:
            return fact.deadline, DeadlineSource.REPORTED, fact.provenance
    if entry_into_force is None:
        return None, None, None
    treaty = add_years(entry_into_force, TREATY_YEARS[article])
    return treaty, DeadlineSource.ENTRY_INTO_FORCE, None


def article_deadline(
    article: int,
    reports: Iterable[ReportRow],
    entry_into_force: dt.date | None,
    on: dt.date,
) -> ArticleDeadline:
    """One article's deadline and flags from one State's current reports.

    The current status is the one of the latest current report before the year of ``on`` that
    gives one (a report for the year of ``on`` cannot have been due yet).
    """
    facts = _facts(article, reports)
    deadline, source, provenance = _deadline(article, facts, entry_into_force)
    earlier = [(r, fact) for r, fact in facts if r.ref.reporting_year < on.year]
    status = earlier[-1][1] if earlier else None
    has = status is not None and status.status is ObligationStatus.HAS
    return ArticleDeadline(
        article=article,
        deadline=deadline,
        source=source,
        provenance=provenance,
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
) -> StateDeadlines:
    """Article 3 and 4 deadlines of ``iso3`` from its current reports (others are ignored)."""
    own = [r for r in reports if r.ref.state_iso3 == iso3]
    articles = tuple(article_deadline(a, own, entry_into_force, on) for a in TREATY_YEARS)
    return StateDeadlines(iso3, on, entry_into_force, articles)


def deadlines_of_all(
    reports: Iterable[ReportRow],
    entry_into_force: Mapping[str, dt.date | None],
    on: dt.date,
) -> dict[str, StateDeadlines]:
    """Deadlines of every State with a membership record or a current report (one pass)."""
    by_state: dict[str, list[ReportRow]] = defaultdict(list)
    for report in reports:
        by_state[report.ref.state_iso3].append(report)
    states = sorted(set(entry_into_force) | set(by_state))
    return {
        iso3: deadlines_of_state(iso3, by_state.get(iso3, []), entry_into_force.get(iso3), on)
        for iso3 in states
    }


def _where(p: Provenance) -> str:
    carried = f", carried from {p.carried_from}" if p.carried_from is not None else ""
    return f"{p.reporting_year} {p.report_type.value} report, {p.sheet}!{p.cell}{carried}"


def deadline_lines(deadlines: StateDeadlines) -> list[str]:
    """One line per article: the deadline, where it comes from, the current status, the flags."""
    lines = []
    for a in deadlines.articles:
        if a.deadline is None:
            text = "no deadline (entry into force unknown)"
        else:
            text = f"{a.deadline.isoformat()} ({a.source_label}"
            text += f": {_where(a.provenance)})" if a.provenance else ")"
        if a.status is not None and a.status_provenance is not None:
            text += f"; current status {a.status.value} ({_where(a.status_provenance)})"
        else:
            text += "; no current status reported"
        if a.flags:
            text += f"; {', '.join(a.flags)}"
        lines.append(f"Article {a.article}: {text}")
    return lines


def deadlines_title(deadlines: StateDeadlines) -> str:
    """The heading of the deadlines section."""
    return f"Deadlines on {deadlines.on.isoformat()} (Article 3: + 8 years, Article 4: + 10 years)"


def render_deadlines(deadlines: StateDeadlines) -> list[str]:
    """The deadlines section as lines of text: the heading, then one indented line per article."""
    return [deadlines_title(deadlines), *(f"  {line}" for line in deadline_lines(deadlines))]
