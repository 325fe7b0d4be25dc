"""What time it is, from one place, so that tests can replace it.

Every rule that depends on "today" (dates that cannot be true yet, ``--on`` defaults and
refusals, the donor workbook's judging day) asks here. "Today" is the date in UTC: an import
run in Geneva just after midnight and one in New York just before agree on it, and the date
checks allow one day for time zones.
"""

from __future__ import annotations

import datetime as dt


def now() -> dt.datetime:
    """The current moment, timezone-aware (UTC)."""
    return dt.datetime.now(dt.UTC)


def today() -> dt.date:
    """Today's date in UTC."""
    return now().date()


def default_on(as_of: int, now_day: dt.date | None = None) -> dt.date:
    """``--on`` by default: 31 December of the year after as-of, or today if that is earlier.

    ``now_day`` is today's date when the caller has read it already (one day for a whole run).

    The fixed date keeps a result (the donor workbook, the indicators) from changing day by
    day; but a result describes what was known, so it is never judged on a day that has not
    come (``donor-workbook.md``). Here, beside "today", so that the statistics, the indicators
    and the export share it without importing each other.
    """
    return min(dt.date(as_of + 1, 12, 31), now_day or today())
