"""Dates that cannot be true: the rules of the workbook spec on a report's key dates.

One typo in a date moves a published figure (a submission dated a year late is current forever;
one dated before the period ends shows the report on time), so these are errors. The rules are
pure functions of a report's period, date of submission, type and "today", so that the reader
(cover and matrix), ``tracker reports recheck`` and ``tracker db upgrade`` (on stored columns,
with no file) apply exactly the same ones.

- ``future-date``: a date of submission or an end of period later than today plus one day (one
  day for time zones: "today" is the date in UTC);
- ``submitted-before-period-end``: a date of submission before "Reporting period to";
- ``date-before-convention``: a date of submission or an end of period before 3 December 2008,
  when the Convention opened for signature.

One date cell gets at most one of them, the first that applies in that order. An annual report
whose period is longer than 13 months or does not end on 31 December is a warning
(``unusual-period``). A year typed into a date cell (``bad-date``) is found when the cell is
read (:func:`tracker.values.looks_like_year`), before any of these.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tracker.codes import message, severity
from tracker.enums import ReportType
from tracker.issues import Severity
from tracker.values import looks_like_year

__all__ = [
    "CONVENTION_OPENED",
    "DateProblem",
    "date_problems",
    "latest_plausible",
    "looks_like_year",
    "months_between",
]

CONVENTION_OPENED = dt.date(2008, 12, 3)  # opened for signature in Oslo
TIME_ZONE_SLACK = dt.timedelta(days=1)
LONGEST_ANNUAL_MONTHS = 13


@dataclass(frozen=True)
class DateProblem:
    """A date rule a report breaks: the field it is about, its code, variant and parameters."""

    field: str  # "submitted_on" or "period_to"
    code: str
    variant: str
    params: Mapping[str, Any]

    @property
    def severity(self) -> Severity:
        """The code's severity (:mod:`tracker.codes`)."""
        return severity(self.code)

    @property
    def message(self) -> str:
        """The code's message with the parameters filled in."""
        return message(self.code, self.variant, **self.params)


def latest_plausible(today: dt.date) -> dt.date:
    """The latest date a submission or a period's end may carry on ``today``."""
    return today + TIME_ZONE_SLACK


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole calendar months a period from ``start`` to ``end`` (inclusive) touches.

    1 January – 31 December is 12; 1 December 2023 – 31 December 2024 is 13.
    """
    return (end.year - start.year) * 12 + end.month - start.month + 1


def _submission(
    submitted: dt.date, period_to: dt.date | None, today: dt.date
) -> DateProblem | None:
    shown = submitted.isoformat()
    if submitted > latest_plausible(today):
        params = {"date": shown, "today": today.isoformat()}
        return DateProblem("submitted_on", "future-date", "submitted", params)
    if period_to is not None and submitted < period_to:
        params = {"date": shown, "end": period_to.isoformat()}
        return DateProblem("submitted_on", "submitted-before-period-end", "", params)
    if submitted < CONVENTION_OPENED:
        return DateProblem("submitted_on", "date-before-convention", "submitted", {"date": shown})
    return None


def _period_end(period_to: dt.date, today: dt.date) -> DateProblem | None:
    shown = period_to.isoformat()
    if period_to > latest_plausible(today):
        params = {"date": shown, "today": today.isoformat()}
        return DateProblem("period_to", "future-date", "period", params)
    if period_to < CONVENTION_OPENED:
        return DateProblem("period_to", "date-before-convention", "period", {"date": shown})
    return None


def _unusual(period_from: dt.date, period_to: dt.date) -> DateProblem | None:
    months = months_between(period_from, period_to)
    span = f"{period_from.isoformat()} – {period_to.isoformat()}"
    if months > LONGEST_ANNUAL_MONTHS:
        return DateProblem("period_to", "unusual-period", "long", {"months": months, "span": span})
    if (period_to.month, period_to.day) != (12, 31):
        return DateProblem("period_to", "unusual-period", "end", {"span": span})
    return None


def date_problems(
    *,
    period_from: dt.date | None,
    period_to: dt.date | None,
    submitted_on: dt.date | None,
    report_type: ReportType | None,
    today: dt.date,
) -> list[DateProblem]:
    """Every date rule a report breaks, at most one per date (submission first, then the end).

    Dates that could not be read are passed as None and checked no further. The caller checks
    ``bad-period`` (an end before the start) first and passes ``period_to`` as None when it
    applies, so that the end's cell carries one code.
    """
    problems: list[DateProblem] = []
    if submitted_on is not None:
        found = _submission(submitted_on, period_to, today)
        if found is not None:
            problems.append(found)
    if period_to is not None:
        found = _period_end(period_to, today)
        if found is not None:
            problems.append(found)
        elif report_type is ReportType.ANNUAL and period_from is not None:
            unusual = _unusual(period_from, period_to)
            if unusual is not None:
                problems.append(unusual)
    return problems
