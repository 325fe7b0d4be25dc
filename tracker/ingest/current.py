"""Which stored version of a (State, reporting year, report type) is current (pure, no I/O).

The rule (workbook spec): withdrawn versions never count; a version from a form workbook (read,
or transcribed in ``/entry``, which imports the workbook it writes) always wins over matrix rows;
otherwise the latest date of submission wins, undated versions rank before dated ones, and equal
dates are decided by the higher SHA-256 of the file. The rule looks only at
the versions' own data, never at ids or import times, so any order of imports ends in the same
state. The matrix row number is the last tie-break, for two rows of one matrix file.

:func:`tracker.services.loading.current.recompute_current` applies the rule to the store (and
:func:`~tracker.services.loading.current.lock_keys` serialises writers of the same keys);
:mod:`tracker.compliance.known` applies it to the versions known on a day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from tracker.enums import Channel, ReportType

#: The channels of a report in the form workbook (read from one, or transcribed in ``/entry``,
#: which writes one): they rank alike, and always above matrix rows.
FORM_CHANNELS = frozenset({Channel.WORKBOOK, Channel.ENTERED})


class ReportKey(NamedTuple):
    """What one current version is kept per: State, reporting year, report type."""

    state_iso3: str
    reporting_year: int
    report_type: ReportType


@dataclass(frozen=True)
class Version:
    """The facts about one stored version that the current rule looks at."""

    report_id: int
    channel: Channel
    submitted_on: dt.date | None
    sha256: str
    source_row: int
    is_withdrawn: bool
    is_current: bool = False  # as stored now: only rows whose flags change are updated
    superseded_by_id: int | None = None


@dataclass(frozen=True)
class CurrentChoice:
    """The outcome of the rule for one key."""

    key: ReportKey
    current_id: int | None
    shadowed_ids: tuple[int, ...]  # matrix rows that lost only because a workbook exists


def rank(version: Version) -> tuple[bool, dt.date, str, int]:
    """Sort key of a version among its candidates: the highest is current.

    Undated versions rank before dated ones (``False < True``); then the date; then the SHA-256.
    """
    dated = version.submitted_on is not None
    return (dated, version.submitted_on or dt.date.min, version.sha256, version.source_row)


def choose_current(key: ReportKey, versions: Sequence[Version]) -> CurrentChoice:
    """Apply the current rule to the versions of one key (pure: no store)."""
    candidates = [v for v in versions if not v.is_withdrawn]
    workbook = [v for v in candidates if v.channel in FORM_CHANNELS]
    shadowed: tuple[int, ...] = ()
    if workbook:
        shadowed = tuple(sorted(v.report_id for v in candidates if v.channel is Channel.MATRIX))
        candidates = workbook
    winner = max(candidates, key=rank, default=None)
    return CurrentChoice(
        key=key,
        current_id=None if winner is None else winner.report_id,
        shadowed_ids=shadowed,
    )
