"""The web dashboard's figures: the needs statistics, compliance and deadlines in one read.

The figures are those of ``tracker stats needs`` (same defaults for the as-of year, the window
and ``current``), of ``tracker reports status`` for the latest due year judged today, and the
Article 3/4 deadlines of ``tracker state show`` as known today (``compliance.md``): one read of
the store (:func:`tracker.services.store.read_store`) feeds the same pure functions as those
commands. An empty store gives the statistics' own message ("no reports: run tracker import")
in place of the figures; a store without membership records gives the compliance's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.orm import Session

from tracker.compliance.deadline_output import article_json, source_text
from tracker.compliance.deadlines import ArticleDeadline
from tracker.compliance.status import ReportingStatus
from tracker.errors import TrackerError, UsageError
from tracker.readmodel import Rows
from tracker.services.compliance import REPORTING, reporting_status
from tracker.services.export import deadlines_on
from tracker.services.stats import NeedsWindow, needs_statistics, statistics_projection
from tracker.services.store import read_store
from tracker.stats.needs import NeedsStatistics


@dataclass(frozen=True)
class DeadlineDue:
    """A State's Article 3 or 4 deadline that has passed or falls in the next 12 months."""

    state: str
    name: str
    deadline: ArticleDeadline

    @property
    def flag(self) -> str:
        """``deadline passed`` or ``deadline approaching``."""
        return self.deadline.flags[0]


@dataclass(frozen=True)
class Dashboard:
    """What the dashboard shows, judged on ``on`` (today)."""

    on: dt.date
    stats: NeedsStatistics | None
    stats_problem: str | None
    reporting: ReportingStatus | None
    reporting_problem: str | None
    deadlines: tuple[DeadlineDue, ...]


def _deadlines(rows: Rows, on: dt.date) -> tuple[DeadlineDue, ...]:
    due = [
        DeadlineDue(iso3, rows.name(iso3), article)
        for iso3, state in deadlines_on(rows, on).items()
        for article in state.articles
        if article.flags
    ]
    return tuple(sorted(due, key=lambda d: (d.deadline.deadline or on, d.name, d.deadline.article)))


def _reporting(rows: Rows, on: dt.date) -> tuple[ReportingStatus | None, str | None]:
    try:
        return reporting_status(rows, None, on), None
    except TrackerError as exc:
        return None, str(exc)


def build_dashboard(
    session: Session,
    on: dt.date,
    *,
    as_of: int | None = None,
    since: int | None = None,
    current_only: bool = False,
) -> Dashboard:
    """The dashboard on ``on``; raises :class:`tracker.errors.UsageError` for a bad window."""
    window = NeedsWindow(session, as_of, since)
    projection = replace(
        statistics_projection(window),
        dates=True,
        known_on=on,
        decisions=True,
        submissions=True,
    )
    try:
        rows = read_store(session, projection)
    except UsageError:
        raise
    except TrackerError as exc:  # no reports: the statistics' message, the rest still shown
        rows = read_store(session, replace(REPORTING, decisions=True))
        reporting, problem = _reporting(rows, on)
        return Dashboard(on, None, str(exc), reporting, problem, _deadlines(rows, on))
    stats = needs_statistics(rows, window.chosen, current_only=current_only)
    reporting, problem = _reporting(rows, on)
    return Dashboard(on, stats, None, reporting, problem, _deadlines(rows, on))


# The deadlines list as a download: the CSV's columns, flat keys of the JSON below.
DEADLINE_COLUMNS = (
    "state",
    "name",
    "article",
    "deadline",
    "flags",
    "source",
    "source_text",
    "status",
)


def deadlines_json(dashboard: Dashboard) -> dict[str, Any]:
    """The deadlines passed or in the next 12 months, in the shape of ``tracker state show``.

    ``{"on": day, "deadlines": [...]}``, each entry the State (``state``, ``name``) followed by
    the keys of one article of ``tracker state show --format json``'s ``deadlines``.
    """
    return {
        "on": dashboard.on.isoformat(),
        "deadlines": [
            {"state": d.state, "name": d.name} | article_json(d.deadline)
            for d in dashboard.deadlines
        ],
    }


def deadline_rows(dashboard: Dashboard) -> list[list[Any]]:
    """One CSV row per deadline, :data:`DEADLINE_COLUMNS` (flags joined by ``; ``)."""
    return [
        [
            d.state,
            d.name,
            d.deadline.article,
            d.deadline.deadline.isoformat() if d.deadline.deadline else None,
            "; ".join(d.deadline.flags),
            d.deadline.source.value if d.deadline.source else None,
            source_text(d.deadline),
            d.deadline.status.value if d.deadline.status else None,
        ]
        for d in dashboard.deadlines
    ]
