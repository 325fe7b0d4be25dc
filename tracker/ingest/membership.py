"""Reading a membership list (the workbook spec's "Membership list"): CSV or one-sheet workbook.

Headers ``State | Signed | Deposited | Deposit type | Withdrawal effective`` and optionally
``Source`` (normalised; ``_`` and ``-`` read as spaces). The list is read as the import reads a
sheet (:mod:`tracker.ingest.lists`) and every problem is an issue with the file, the sheet and
the cell. Entry into force is computed from the deposit (``tracker.membership``). Nothing here
touches the store: :func:`tracker.services.membership.apply_membership` writes it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tracker.enums import DepositType
from tracker.issues import Issue, cell_name, has_errors
from tracker.layouts import get_layout
from tracker.membership import BUNDLED_MEMBERSHIP, entry_into_force
from tracker.readmodel import Member
from tracker.reference import resolve_state, unknown_state
from tracker.text import normalize
from tracker.values import ValueProblem, parse_date

from .cells import Context
from .lists import cell_text, read_list

COLUMNS = {
    "state": "state",
    "signed": "signed",
    "deposited": "deposited",
    "deposit type": "deposit_type",
    "withdrawal effective": "withdrawal_effective",
    "source": "source",
}
REQUIRED = ("state", "signed", "deposited", "deposit_type", "withdrawal_effective")
DATES = ("signed", "deposited", "withdrawal_effective")


@dataclass
class MembershipFile:
    """A parsed membership list: its valid rows (membership records) and every problem found."""

    path: Path
    sheet: str | None
    rows: list[Member]
    issues: list[Issue]

    @property
    def ok(self) -> bool:
        """True when no issue rejects the file."""
        return not has_errors(self.issues)


def read_membership(path: Path) -> MembershipFile:
    """Parse a membership CSV or one-sheet workbook (nothing is written)."""
    ctx = Context(path.name, get_layout())
    grid = read_list(path, ctx)
    if grid is None:
        return MembershipFile(path, None, [], ctx.issues)
    sheet = grid.name
    if not grid.rows:
        ctx.error("empty-file")
        return MembershipFile(path, None, [], ctx.issues)
    columns: dict[str, int] = {}
    for c, header in enumerate(grid.rows[0]):
        key = normalize(str(header or "").replace("-", " "))
        if key in COLUMNS:
            columns[COLUMNS[key]] = c
        elif key:
            ctx.warning(
                "unknown-column",
                "membership",
                header=header,
                sheet=sheet,
                cell=cell_name(0, c),
                value=header,
            )
    missing = [f for f in REQUIRED if f not in columns]
    if missing:
        names = ", ".join(repr(m.replace("_", " ").capitalize()) for m in missing)
        ctx.error(
            "missing-column",
            "membership-plural" if len(missing) > 1 else "membership",
            names=names,
            sheet=sheet,
            cell="A1",
            value=names.replace("'", ""),
        )
        return MembershipFile(path, sheet, [], ctx.issues)

    rows: list[Member] = []
    seen: dict[str, int] = {}
    for r, cells in enumerate(grid.rows[1:], start=1):
        if not any(str(v or "").strip() for v in cells):
            continue

        def text(field: str, cells: list[object] = cells) -> str:
            c = columns[field]
            return cell_text(cells[c] if c < len(cells) else None)

        def at(field: str, r: int = r) -> dict[str, Any]:
            return {"sheet": sheet, "cell": cell_name(r, columns[field]), "field": field}

        written = text("state")
        iso3 = resolve_state(written) if written else None
        if iso3 is None:
            variant, params = unknown_state(written) if written else ("blank", {})
            ctx.error("unknown-state", variant, **params, **at("state"), value=written)
            continue
        if iso3 in seen:
            row = seen[iso3] + 1
            ctx.error("duplicate-state", written=written, row=row, **at("state"), value=written)
            continue
        seen[iso3] = r
        dates: dict[str, dt.date | None] = {}
        for field in DATES:
            written_date = text(field)
            try:
                dates[field] = parse_date(written_date) if written_date else None
            except ValueProblem as bad:
                ctx.error(bad.code, bad.variant, **bad.params, **at(field), value=written_date)
        deposit_text = text("deposit_type")
        deposit_type = None
        if deposit_text:
            try:
                deposit_type = DepositType(normalize(deposit_text))
            except ValueError:
                ctx.error("bad-deposit-type", **at("deposit_type"), value=deposit_text)
        deposited = dates.get("deposited")
        if deposited is None and dates.get("withdrawal_effective") is not None:
            ctx.warning("unknown-entry-into-force", **at("deposited"))
        source = text("source") if "source" in columns else ""
        rows.append(
            Member(
                iso3,
                signed=dates.get("signed"),
                deposited=deposited,
                entry_into_force=entry_into_force(deposited) if deposited else None,
                withdrawal_effective=dates.get("withdrawal_effective"),
                deposit_type=deposit_type.value if deposit_type else None,
                source=source or None,
            )
        )
    return MembershipFile(path, sheet, rows, ctx.issues)


def read_bundled_membership() -> MembershipFile:
    """The sourced membership list shipped with the tracker (``tracker/data/ccm-membership.csv``).

    Every signature, deposit and withdrawal as of 1 March 2026, each row with its public source
    (``shared/data/README.md``). Read like any other list, so it obeys the same checks.
    """
    from importlib import resources

    resource = resources.files("tracker.data").joinpath(BUNDLED_MEMBERSHIP)
    with resources.as_file(resource) as path:
        return read_membership(path)
