"""The sample membership list: the rows of partial-membership.csv, then illustrative rows.

``partial-membership.csv`` is the partial list the tracker shipped before it shipped the full
sourced one (``tracker/data/ccm-membership.csv``); the samples keep it so that their figures
never move.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from pathlib import Path

from samples.profiles import ILLUSTRATIVE_MEMBERS
from samples.records import MemberRow

REPO = Path(__file__).resolve().parents[2]
PARTIAL_MEMBERSHIP = Path(__file__).with_name("partial-membership.csv")


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def membership_rows() -> dict[str, MemberRow]:
    """The partial list's rows (sources kept), then the illustrative rows the samples need."""
    from tracker.reference import resolve_state, states_by_iso3

    rows: dict[str, MemberRow] = {}
    extra = {m.iso3: m for m in ILLUSTRATIVE_MEMBERS}
    with PARTIAL_MEMBERSHIP.open(encoding="utf-8") as handle:
        for raw in csv.DictReader(handle):
            iso3 = resolve_state(raw["state"])
            assert iso3 is not None, raw["state"]
            row = MemberRow(
                iso3=iso3,
                name=raw["state"],
                signed=_date(raw["signed"]),
                deposited=_date(raw["deposited"]),
                deposit_type=raw["deposit_type"],
                withdrawal=_date(raw["withdrawal_effective"]),
                source=raw["source"],
            )
            if iso3 in extra:  # Lithuania: the partial list lacks its deposit date
                member = extra.pop(iso3)
                row = dataclasses.replace(
                    row,
                    signed=row.signed or member.signed,
                    deposited=member.deposited,
                    deposit_type=member.deposit_type,
                    source=f"{row.source}; deposit and signature dates illustrative",
                )
            rows[iso3] = row
    names = states_by_iso3()
    for member in sorted(extra.values(), key=lambda m: names[m.iso3].name_en):
        rows[member.iso3] = MemberRow(
            iso3=member.iso3,
            name=names[member.iso3].name_en,
            signed=member.signed,
            deposited=member.deposited,
            deposit_type=member.deposit_type if member.deposited else "",
            withdrawal=member.withdrawal,
            source="illustrative",
        )
    return rows
