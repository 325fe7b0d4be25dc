"""Storing a membership list (read by :mod:`tracker.ingest.membership`), listing States."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from tracker.enums import DepositType
from tracker.ingest.membership import MembershipFile
from tracker.membership import MemberStatus, status_on
from tracker.models import Membership, State


def apply_membership(session: Session, parsed: MembershipFile, *, replace: bool) -> int:
    """Write the rows of a valid file; ``replace`` removes every State not in the file."""
    if not parsed.ok:
        raise ValueError("refusing to apply a membership file with errors")
    existing = {m.iso3: m for m in session.scalars(select(Membership))}
    for row in parsed.rows:
        record = existing.get(row.iso3) or Membership(iso3=row.iso3)
        record.signed = row.signed
        record.deposited = row.deposited
        record.deposit_type = DepositType(row.deposit_type) if row.deposit_type else None
        record.entry_into_force = row.entry_into_force
        record.withdrawal_effective = row.withdrawal_effective
        record.source = row.source
        session.add(record)
    if replace:
        keep = {row.iso3 for row in parsed.rows}
        session.execute(delete(Membership).where(Membership.iso3.not_in(keep)))
    session.flush()
    return len(parsed.rows)


def _standing(on: dt.date, m: Membership) -> MemberStatus | None:
    """The status of ``m`` on ``on``, or None when the State had not yet signed or deposited."""
    if m.withdrawal_effective is not None and m.withdrawal_effective <= on:
        return MemberStatus.WITHDRAWN
    if (m.deposited is not None and m.deposited <= on) or (
        m.deposited is None and m.withdrawal_effective is not None
    ):
        return status_on(
            on,
            has_record=True,
            deposited=m.deposited,
            entry_into_force=m.entry_into_force,
            withdrawal_effective=m.withdrawal_effective,
        )
    if m.signed is None:  # a signatory row without its date; an accession not yet deposited
        return MemberStatus.SIGNATORY if m.deposited is None else None
    return MemberStatus.SIGNATORY if m.signed <= on else None


@dataclass(frozen=True)
class StateStatus:
    """A line of ``tracker states list``."""

    iso3: str
    name: str
    signed: dt.date | None
    deposited: dt.date | None
    deposit_type: str | None
    entry_into_force: dt.date | None
    withdrawal_effective: dt.date | None
    status: MemberStatus
    source: str | None = None


def list_states(session: Session, on: dt.date, *, parties_only: bool) -> list[StateStatus]:
    """States with a membership record and their status on ``on`` (or only the States Parties).

    A State that had neither signed nor deposited by ``on`` had no standing then and is left
    out; one that had signed but not yet deposited was a signatory on that date.
    """
    query = select(State, Membership).join(Membership, Membership.iso3 == State.iso3)
    result = []
    for state, m in session.execute(query.order_by(State.name_en)):
        status = _standing(on, m)
        if status is None:
            continue
        if parties_only and status is not MemberStatus.STATE_PARTY:
            continue
        result.append(
            StateStatus(
                state.iso3,
                state.name_en,
                m.signed,
                m.deposited,
                m.deposit_type.value if m.deposit_type else None,
                m.entry_into_force,
                m.withdrawal_effective,
                status,
                m.source,
            )
        )
    return result
