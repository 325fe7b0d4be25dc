"""The compliance part of the donor workbook, from computed results (pure, no I/O).

The same values as ``tracker reports status`` and ``tracker state show`` print; this module only
turns them into the workbook's plain rows (names added, sorted for donors).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from tracker.compliance.deadlines import TREATY_YEARS, StateDeadlines
from tracker.compliance.status import ReportingStatus
from tracker.export.model import OverdueInitialRow, Reporting, ReportingRow, by_name


@dataclass(frozen=True)
class ArticleDeadlines:
    """An article's deadline for one State (``compliance.md``), blank when unknown."""

    deadline: dt.date | None = None
    extension_until: dt.date | None = None


def deadline_rows(
    deadlines: Mapping[str, StateDeadlines],
) -> dict[int, dict[str, ArticleDeadlines]]:
    """Article 3 and 4 deadlines of every State, by article then ISO3.

    ``Extension until`` is the deadline when it is an extension (a decision's or one the State
    reported); Article 5 has no deadline, so it has no entry.
    """
    found: dict[int, dict[str, ArticleDeadlines]] = {a: {} for a in TREATY_YEARS}
    for iso3, state in deadlines.items():
        for entry in state.articles:
            found[entry.article][iso3] = ArticleDeadlines(entry.deadline, entry.extension_until)
    return found


def reporting_rows(status: ReportingStatus, names: Mapping[str, str]) -> Reporting:
    """The annual reports expected for the year and the overdue initial reports, on its day."""
    rows = [
        ReportingRow(
            iso3=r.state,
            name=names.get(r.state, r.state),
            due=r.due,
            submitted=r.submitted,
            status=r.status.value,
            days_late=r.days_late,
        )
        for r in status.reports
    ]
    overdue = [
        OverdueInitialRow(o.state, names.get(o.state, o.state), o.due, o.days_overdue)
        for o in status.overdue_initial
    ]
    return Reporting(
        year=status.year,
        on=status.on,
        sentences=tuple(status.sentences),
        rows=tuple(sorted(rows, key=lambda r: by_name(r.name, r.iso3))),
        overdue_initial=tuple(overdue),
    )
