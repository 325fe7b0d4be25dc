"""The compliance part of the donor workbook, read from :mod:`tracker.services.compliance`.

The same functions as ``tracker reports status`` and ``tracker state show``; this module only
turns their values into the workbook's plain rows (names added, sorted for donors).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from tracker.export.model import OverdueInitialRow, Reporting, ReportingRow, by_name
from tracker.stats.rows import ReportRow


@dataclass(frozen=True)
class ArticleDeadlines:
    """An article's deadline for one State (``compliance.md``), blank when unknown."""

    deadline: dt.date | None = None
    extension_until: dt.date | None = None


def gather_deadlines(
    session: Session, on: dt.date, reports: Sequence[ReportRow] | None = None
) -> dict[int, dict[str, ArticleDeadlines]]:
    """Article 3 and 4 deadlines of every State on ``on``, by article then ISO3.

    ``reports``: every current report, already read (else they are read from the store).

    Judged as the store knew it on ``on`` (``compliance.md``). ``Extension until`` is the
    deadline when it is an extension (a decision's or one the State reported); Article 5 has
    no deadline, so it has no entry.
    """
    from tracker.compliance.deadlines import TREATY_YEARS
    from tracker.services.compliance import all_state_deadlines

    every = all_state_deadlines(session, on, reports)
    found: dict[int, dict[str, ArticleDeadlines]] = {a: {} for a in TREATY_YEARS}
    for iso3, deadlines in every.items():
        for entry in deadlines.articles:
            found[entry.article][iso3] = ArticleDeadlines(entry.deadline, entry.extension_until)
    return found


def gather_reporting(
    session: Session, year: int, on: dt.date, names: Mapping[str, str]
) -> Reporting:
    """The annual reports expected for ``year`` and the overdue initial reports, on ``on``."""
    from tracker.services.compliance import compute_reporting_status

    status = compute_reporting_status(session, year=year, on=on)
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
