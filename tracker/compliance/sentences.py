"""The compliance sentences in the statistics' number-word style (``spec/compliance.md``).

``Five (5) of seventeen (17) States parties (29%) submitted their annual report for 2023 by
30 April 2024.`` then ``Six (6) of seventeen (17) States parties (35%) had submitted it by
22 November 2026.`` Counts come from :func:`tracker.wording.count`; percentages of the expected
States, whole and rounded half up.
"""

from __future__ import annotations

import datetime as dt

from tracker.compliance.rates import Tally, percent
from tracker.wording import Style, count

MONTHS = (
    "January February March April May June July August September October November December"
).split()


def long_date(day: dt.date) -> str:
    """``30 April 2024``: the day without a leading zero, the month in English words."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _of_expected(numerator: int, expected: int, style: Style) -> str:
    parties = "State party" if expected == 1 else "States parties"
    return (
        f"{count(numerator, style, start=True)} of {count(expected, style)} {parties} "
        f"({percent(numerator, expected)}%)"
    )


def compliance_sentences(
    year: int, due: dt.date, on: dt.date, tally: Tally, style: Style = Style.WORDS
) -> list[str]:
    """The summary sentences for ``year`` judged on ``on``.

    With nothing expected, one sentence says so. While the due date is still after ``on`` the
    first sentence (submitted by the due date) cannot be judged yet, so only the second one,
    what had been received by ``on``, is written.
    """
    if tally.expected == 0:
        return [f"No State party was expected to report for {year}."]
    sentences = []
    if due <= on:
        sentences.append(
            f"{_of_expected(tally.on_time, tally.expected, style)} submitted their annual "
            f"report for {year} by {long_date(due)}."
        )
    sentences.append(
        f"{_of_expected(tally.received, tally.expected, style)} had submitted it by "
        f"{long_date(on)}."
    )
    return sentences
