"""Counting expected reports by status, and the rates (pure, exact decimal arithmetic).

Rates and percentages are rounded half up with :class:`~decimal.Decimal`: Python's ``round``
rounds half to even and works on binary floats, which would write 12.5% as 12%.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from tracker.compliance.dates import ExpectedReport, Status

RATE_PLACES = Decimal("0.0001")


def fraction(numerator: int, denominator: int) -> Decimal | None:
    """``numerator / denominator`` with 4 decimals, rounded half up; None for a zero total."""
    if denominator == 0:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(RATE_PLACES, ROUND_HALF_UP)


def percent(numerator: int, denominator: int) -> int:
    """A whole percentage, rounded half up (1 of 8 → 13, 5 of 17 → 29)."""
    if denominator == 0:
        raise ValueError("no percentage of nothing")
    exact = Decimal(numerator * 100) / Decimal(denominator)
    return int(exact.quantize(Decimal(1), ROUND_HALF_UP))


@dataclass(frozen=True)
class Tally:
    """How many expected reports are in each status."""

    expected: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0
    not_yet_due: int = 0
    received_date_unknown: int = 0

    @classmethod
    def of(cls, reports: Iterable[ExpectedReport]) -> Tally:
        """Count ``reports`` by status (one pass)."""
        counts = dict.fromkeys(Status, 0)
        for report in reports:
            counts[report.status] += 1
        return cls(
            expected=sum(counts.values()),
            on_time=counts[Status.ON_TIME],
            late=counts[Status.LATE],
            missing=counts[Status.MISSING],
            not_yet_due=counts[Status.NOT_YET_DUE],
            received_date_unknown=counts[Status.DATE_UNKNOWN],
        )

    @property
    def received(self) -> int:
        """Received by ``on``: on time, late, or with no date of submission."""
        return self.on_time + self.late + self.received_date_unknown

    @property
    def judged(self) -> int:
        """The rates' denominator: expected reports minus those not yet due."""
        return self.expected - self.not_yet_due

    @property
    def on_time_rate(self) -> Decimal | None:
        """On time / judged, 4 decimals (None when nothing is judged)."""
        return fraction(self.on_time, self.judged)

    @property
    def received_rate(self) -> Decimal | None:
        """Received / judged, 4 decimals (None when nothing is judged)."""
        return fraction(self.received, self.judged)
