"""The Article 7 date rules, judged on a date ``on`` (pure, no I/O).

Initial reports are due 180 days after entry into force; the annual report for year Y is due
30 April Y+1. A report counts for the year its reporting period ends in, and its received date
is the earliest submission among all its versions, so a revision never changes whether a report
was on time. Every function takes plain rows, so each rule is tested by hand-made cases.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from tracker.enums import ReportType

INITIAL_DUE_DAYS = 180


class Member(Protocol):
    """What the rules need of a membership record (:class:`tracker.readmodel.Member` fits)."""

    @property
    def iso3(self) -> str:
        """ISO3 code."""
        ...

    @property
    def entry_into_force(self) -> dt.date | None:
        """When the Convention entered into force for the State."""
        ...

    @property
    def withdrawal_effective(self) -> dt.date | None:
        """When its withdrawal takes effect, if it withdrew."""
        ...


class Version(Protocol):
    """What the rules need of a stored version (:class:`tracker.readmodel.ReportRef` fits)."""

    @property
    def state_iso3(self) -> str:
        """The reporting State."""
        ...

    @property
    def report_type(self) -> ReportType:
        """Initial or annual."""
        ...

    @property
    def period_to(self) -> dt.date:
        """Last day of the reporting period (the year it ends in is the year it counts for)."""
        ...

    @property
    def submitted_on(self) -> dt.date | None:
        """Date of submission, when known."""
        ...

    @property
    def is_withdrawn(self) -> bool:
        """Withdrawn versions are kept but never counted."""
        ...


class Status(enum.StrEnum):
    """The status of one expected annual report (the spec's words)."""

    ON_TIME = "on time"
    LATE = "late"
    MISSING = "missing"
    NOT_YET_DUE = "not yet due"
    DATE_UNKNOWN = "received, date unknown"


def annual_due(year: int) -> dt.date:
    """The annual report for ``year`` is due 30 April of the next year."""
    return dt.date(year + 1, 4, 30)


def initial_due(entry_into_force: dt.date) -> dt.date:
    """The initial report is due entry into force + 180 days (1 Aug 2010 → 28 Jan 2011)."""
    return entry_into_force + dt.timedelta(days=INITIAL_DUE_DAYS)


def default_year(on: dt.date) -> int:
    """The latest reporting year whose due date (30 April Y+1) is on or before ``on``."""
    return on.year - 1 if on >= annual_due(on.year - 1) else on.year - 2


def is_expected(member: Member, year: int) -> bool:
    """True when the State owes an annual report for ``year``.

    The Convention must have been in force for it on 1 January of ``year`` (the whole year), and
    its withdrawal, if any, must take effect after the due date: a State that has left by 30
    April Y+1 owes nothing for Y. Unknown entry into force: not expected (it cannot be judged).
    """
    eif = member.entry_into_force
    if eif is None or eif > dt.date(year, 1, 1):
        return False
    withdrawal = member.withdrawal_effective
    return withdrawal is None or withdrawal > annual_due(year)


def expected_states(members: Iterable[Member], year: int) -> list[str]:
    """ISO3 codes of the States expected to report for ``year``, sorted."""
    return sorted(m.iso3 for m in members if is_expected(m, year))


@dataclass(frozen=True)
class Received:
    """What the store holds for one State and year: the earliest dated submission, if any."""

    earliest: dt.date | None = None

    @property
    def undated(self) -> bool:
        """Only versions without a date of submission were received."""
        return self.earliest is None


def counts_on(version: Version, on: dt.date) -> bool:
    """A version counts when it is not withdrawn and was not submitted after ``on``.

    Undated versions count (they are in the store) but can never show a report was on time.
    """
    if version.is_withdrawn:
        return False
    return version.submitted_on is None or version.submitted_on <= on


def received_for_year(versions: Iterable[Version], year: int, on: dt.date) -> dict[str, Received]:
    """Per State, what was received for ``year``: every version whose period ends in the year.

    Initial and annual reports alike, all revisions alike: the earliest submission wins, so a
    later revision never turns an on-time report late, nor a late one on time. One pass.
    """
    earliest: dict[str, dt.date | None] = {}
    for v in versions:
        if v.period_to.year != year or not counts_on(v, on):
            continue
        state, day = v.state_iso3, v.submitted_on
        if state not in earliest:
            earliest[state] = day
            continue
        known = earliest[state]
        if day is not None and (known is None or day < known):
            earliest[state] = day
    return {state: Received(day) for state, day in earliest.items()}


@dataclass(frozen=True)
class ExpectedReport:
    """One expected annual report and how it stands on ``on``."""

    state: str
    due: dt.date
    submitted: dt.date | None
    status: Status
    days_late: int | None = None


def judge(state: str, due: dt.date, received: Received | None, on: dt.date) -> ExpectedReport:
    """The status of one expected report on ``on``.

    Received by the due date: on time; after it: late, with the days; received with no date
    at all: received, date unknown. Nothing received: missing once ``on`` has reached the due
    date, not yet due while the due date is after ``on``.
    """
    if received is None:
        status = Status.NOT_YET_DUE if due > on else Status.MISSING
        return ExpectedReport(state, due, None, status)
    day = received.earliest
    if day is None:
        return ExpectedReport(state, due, None, Status.DATE_UNKNOWN)
    if day <= due:
        return ExpectedReport(state, due, day, Status.ON_TIME)
    return ExpectedReport(state, due, day, Status.LATE, (day - due).days)


def expected_reports(
    members: Iterable[Member], versions: Iterable[Version], year: int, on: dt.date
) -> list[ExpectedReport]:
    """Every expected annual report for ``year`` with its status on ``on``, sorted by State."""
    due = annual_due(year)
    received = received_for_year(versions, year, on)
    return [judge(state, due, received.get(state), on) for state in expected_states(members, year)]


@dataclass(frozen=True)
class OverdueInitial:
    """An initial report not received by ``on`` although its due date has passed."""

    state: str
    due: dt.date
    days_overdue: int


def overdue_initial(
    members: Iterable[Member], versions: Iterable[Version], on: dt.date
) -> list[OverdueInitial]:
    """Initial reports overdue on ``on``, the longest overdue first (then by State).

    Only States Parties on ``on`` (in force, not withdrawn) owe one. "Passed" means the due
    date is before ``on``, so an overdue report is always at least one day overdue. Any
    counting version of an initial report (undated too) means it was received.
    """
    have_initial = {
        v.state_iso3 for v in versions if v.report_type == ReportType.INITIAL and counts_on(v, on)
    }
    overdue = []
    for m in members:
        eif = m.entry_into_force
        if eif is None or m.iso3 in have_initial:
            continue
        if m.withdrawal_effective is not None and m.withdrawal_effective <= on:
            continue
        due = initial_due(eif)
        if due < on:
            overdue.append(OverdueInitial(m.iso3, due, (on - due).days))
    return sorted(overdue, key=lambda o: (o.due, o.state))
