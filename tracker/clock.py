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
