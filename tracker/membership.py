"""Membership of the Convention: the entry-into-force rule and a State's status on a date."""

from __future__ import annotations

import datetime as dt
import enum

from tracker.invocation import command_line

CONVENTION_IN_FORCE = dt.date(2010, 8, 1)
BUNDLED_MEMBERSHIP = "ccm-membership.csv"  # in tracker/data: the sourced list of 1 March 2026


def load_bundled_command() -> str:
    """The command that loads the membership list shipped with the tracker, runnable from here."""
    return command_line("states", "import", "--bundled")


def no_membership_message() -> str:
    """The error of a store without any membership record (nothing can be expected or counted)."""
    return (
        f"no membership records: load the list of States Parties shipped with the tracker "
        f"with {load_bundled_command()} (or your own list: "
        f"{command_line('states', 'import', 'FILE')})"
    )


class MemberStatus(enum.StrEnum):
    """A State's standing towards the Convention on a date (the workbook spec's five words)."""

    STATE_PARTY = "State Party"
    SIGNATORY = "signatory"
    WITHDRAWN = "withdrawn"
    NOT_YET_IN_FORCE = "not yet in force"
    UNKNOWN = "unknown"


def entry_into_force(deposited: dt.date) -> dt.date:
    """The later of 1 Aug 2010 and the first day of the sixth month after the deposit's month.

    >>> entry_into_force(dt.date(2012, 7, 17))
    datetime.date(2013, 1, 1)
    """
    month_index = deposited.year * 12 + (deposited.month - 1) + 6
    first_of_sixth = dt.date(month_index // 12, month_index % 12 + 1, 1)
    return max(CONVENTION_IN_FORCE, first_of_sixth)


def status_on(
    on: dt.date,
    *,
    has_record: bool,
    deposited: dt.date | None,
    entry_into_force: dt.date | None,
    withdrawal_effective: dt.date | None,
) -> MemberStatus:
    """The status of a State on ``on`` from its membership record (or its absence)."""
    if not has_record:
        return MemberStatus.UNKNOWN
    if withdrawal_effective is not None and withdrawal_effective <= on:
        return MemberStatus.WITHDRAWN
    if deposited is None:
        return MemberStatus.UNKNOWN if withdrawal_effective is not None else MemberStatus.SIGNATORY
    if entry_into_force is None:
        return MemberStatus.UNKNOWN
    if entry_into_force > on:
        return MemberStatus.NOT_YET_IN_FORCE
    return MemberStatus.STATE_PARTY


def is_party_on(
    on: dt.date,
    entry_into_force: dt.date | None,
    withdrawal_effective: dt.date | None,
) -> bool:
    """True when the Convention is in force for the State on ``on`` and it has not withdrawn."""
    if entry_into_force is None or entry_into_force > on:
        return False
    return withdrawal_effective is None or withdrawal_effective > on
