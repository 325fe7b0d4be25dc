"""The whole compliance picture of one reporting year, as one value (pure, no I/O).

:func:`build_reporting_status` is shared by ``tracker reports status``, the donor workbook and
the demo, so their figures and sentences always agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from tracker.compliance.dates import (
    ExpectedReport,
    Member,
    OverdueInitial,
    Version,
    annual_due,
    expected_reports,
    overdue_initial,
)
from tracker.compliance.rates import Tally
from tracker.compliance.sentences import compliance_sentences


@dataclass(frozen=True)
class ReportingStatus:
    """Expected annual reports of ``year`` with their statuses on ``on``, and overdue initials."""

    year: int
    on: dt.date
    due: dt.date
    reports: Sequence[ExpectedReport]
    overdue_initial: Sequence[OverdueInitial]
    tally: Tally
    sentences: Sequence[str]
    names: Mapping[str, str] = field(default_factory=dict)

    def name(self, iso3: str) -> str:
        """The State's English name (its code when the name is unknown)."""
        return self.names.get(iso3, iso3)


def build_reporting_status(
    members: Iterable[Member],
    versions: Iterable[Version],
    year: int,
    on: dt.date,
    names: Mapping[str, str] | None = None,
) -> ReportingStatus:
    """Judge every expected report of ``year`` and every initial report on ``on``."""
    members = list(members)
    versions = list(versions)
    reports = expected_reports(members, versions, year, on)
    tally = Tally.of(reports)
    due = annual_due(year)
    return ReportingStatus(
        year=year,
        on=on,
        due=due,
        reports=reports,
        overdue_initial=overdue_initial(members, versions, on),
        tally=tally,
        sentences=compliance_sentences(year, due, on, tally),
        names=dict(names or {}),
    )
