"""``tracker states list``: States with their membership dates and status on a date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from tracker.export.safety import to_csv
from tracker.listings.formats import iso
from tracker.services.membership import StateStatus
from tracker.wording import plural

CSV_COLUMNS = (
    "iso3",
    "name",
    "signed",
    "deposited",
    "deposit_type",
    "entry_into_force",
    "withdrawal_effective",
    "status",
    "source",
)


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else "—"


def text_lines(rows: Sequence[StateStatus], on: dt.date, *, parties_only: bool) -> Iterator[str]:
    """A header, one line per State, and the count with its date."""
    yield f"{'ISO3':4}  {'State':40}  {'Deposited':10}  {'In force':10}  {'Withdrawn':10}  Status"
    for r in rows:
        yield (
            f"{r.iso3:4}  {r.name[:40]:40}  {_day(r.deposited):10}  "
            f"{_day(r.entry_into_force):10}  {_day(r.withdrawal_effective):10}  {r.status.value}"
        )
    counted = (
        plural(len(rows), "State Party", "States Parties")
        if parties_only
        else plural(len(rows), "State")
    )
    yield f"{counted} on {on.isoformat()}"


def _row(r: StateStatus) -> dict[str, object]:
    return {
        "iso3": r.iso3,
        "name": r.name,
        "signed": iso(r.signed),
        "deposited": iso(r.deposited),
        "deposit_type": r.deposit_type,
        "entry_into_force": iso(r.entry_into_force),
        "withdrawal_effective": iso(r.withdrawal_effective),
        "status": r.status.value,
        "source": r.source,
    }


def as_json(rows: Sequence[StateStatus], on: dt.date, *, parties_only: bool) -> dict[str, object]:
    """``{"on": DATE, "parties_only": bool, "count": N, "states": [...]}``."""
    return {
        "on": on.isoformat(),
        "parties_only": parties_only,
        "count": len(rows),
        "states": [_row(r) for r in rows],
    }


def as_csv(rows: Sequence[StateStatus]) -> str:
    """One row per State, the columns of :data:`CSV_COLUMNS` (dates ISO, blank when unknown)."""
    return to_csv(CSV_COLUMNS, ([_row(r)[c] for c in CSV_COLUMNS] for r in rows))
