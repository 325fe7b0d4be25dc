"""Importing a membership list and listing States with their status on a date."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from tracker.enums import DepositType
from tracker.issues import Issue, Severity, cell_name, has_errors
from tracker.membership import BUNDLED_MEMBERSHIP, MemberStatus, entry_into_force, status_on
from tracker.models import Membership, State
from tracker.reference import resolve_state, unknown_state_message
from tracker.text import normalize
from tracker.values import ValueProblem, parse_date

COLUMNS = {
    "state": "state",
    "signed": "signed",
    "deposited": "deposited",
    "deposit type": "deposit_type",
    "withdrawal effective": "withdrawal_effective",
    "source": "source",
}
REQUIRED = ("state", "signed", "deposited", "deposit_type", "withdrawal_effective")


@dataclass(frozen=True)
class MembershipRow:
    """One valid row of a membership list."""

    iso3: str
    signed: dt.date | None
    deposited: dt.date | None
    deposit_type: DepositType | None
    withdrawal_effective: dt.date | None
    source: str | None


@dataclass
class MembershipFile:
    """A parsed membership list: its valid rows and every problem found."""

    path: Path
    sheet: str | None
    rows: list[MembershipRow]
    issues: list[Issue]

    @property
    def ok(self) -> bool:
        """True when no issue rejects the file."""
        return not has_errors(self.issues)


def _read_grid(path: Path) -> tuple[str | None, list[list[object]]]:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(path))
        name = book.sheet_names[0]
        grid: list[list[object]] = [
            list(row) for row in book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        ]
        return name, grid
    raw = path.read_bytes().decode("utf-8-sig")
    dialect = ";" if raw.split("\n", 1)[0].count(";") > raw.split("\n", 1)[0].count(",") else ","
    return None, [list(r) for r in csv.reader(io.StringIO(raw), delimiter=dialect)]


def read_membership(path: Path) -> MembershipFile:
    """Parse a membership CSV or one-sheet workbook (the workbook spec's "Membership list")."""
    name = path.name
    try:
        sheet, grid = _read_grid(path)
    except UnicodeDecodeError:
        issue = Issue(
            name, "not-utf8", Severity.ERROR, "the CSV is not UTF-8: save it as CSV UTF-8"
        )
        return MembershipFile(path, None, [], [issue])
    except Exception as exc:
        msg = f"cannot read the file ({exc}): save it as CSV (UTF-8) or .xlsx"
        return MembershipFile(path, None, [], [Issue(name, "unreadable", Severity.ERROR, msg)])
    where = sheet or "csv"

    def problem(
        code: str, message: str, r: int, c: int | None, field: str | None = None, value: str = ""
    ) -> Issue:
        sev = Severity.WARNING if code in ("unknown-column", "unknown-entry-into-force") else None
        return Issue(
            name,
            code,
            sev or Severity.ERROR,
            message,
            where,
            cell_name(r, c) if c is not None else f"row {r + 1}",
            field,
            value,
        )

    issues: list[Issue] = []
    if not grid:
        issues.append(Issue(name, "empty-file", Severity.ERROR, "the file is empty"))
        return MembershipFile(path, sheet, [], issues)
    columns: dict[str, int] = {}
    for c, header in enumerate(grid[0]):
        key = normalize(str(header or "").replace("-", " "))
        if key in COLUMNS:
            columns[COLUMNS[key]] = c
        elif key:
            issues.append(problem("unknown-column", f"column {header!r} is not used", 0, c))
    missing = [f for f in REQUIRED if f not in columns]
    if missing:
        names = ", ".join(repr(m.replace("_", " ").capitalize()) for m in missing)
        msg = f"missing column {names}: the header row needs State, Signed, Deposited, Deposit type, Withdrawal effective"  # noqa: E501
        issues.append(Issue(name, "missing-column", Severity.ERROR, msg, where, "A1"))
        return MembershipFile(path, sheet, [], issues)

    rows: list[MembershipRow] = []
    seen: dict[str, int] = {}
    for r, cells in enumerate(grid[1:], start=1):

        def cell(field: str, cells: list[object] = cells) -> str:
            c = columns[field]
            value = cells[c] if c < len(cells) else None
            if isinstance(value, (dt.date, dt.datetime)):
                return value.isoformat()[:10]
            return "" if value is None else str(value).strip()

        if not any(str(v or "").strip() for v in cells):
            continue
        written = cell("state")
        iso3 = resolve_state(written) if written else None
        if iso3 is None:
            msg = (
                unknown_state_message(written) if written else "the State is blank: write its name"
            )
            issues.append(problem("unknown-state", msg, r, columns["state"], "state", written))
            continue
        if iso3 in seen:
            msg = f"{written!r} appears again (first on row {seen[iso3] + 1}): keep one row a State"
            issues.append(problem("duplicate-state", msg, r, columns["state"], "state", written))
            continue
        seen[iso3] = r
        dates: dict[str, dt.date | None] = {}
        for field in ("signed", "deposited", "withdrawal_effective"):
            text = cell(field)
            try:
                dates[field] = parse_date(text) if text else None
            except ValueProblem as bad:
                issues.append(problem(bad.code, bad.message, r, columns[field], field, text))
        deposit_text = cell("deposit_type")
        deposit_type = None
        if deposit_text:
            try:
                deposit_type = DepositType(normalize(deposit_text))
            except ValueError:
                msg = "deposit type must be ratification, accession, approval or acceptance"
                issues.append(
                    problem(
                        "bad-deposit-type",
                        msg,
                        r,
                        columns["deposit_type"],
                        "deposit_type",
                        deposit_text,
                    )
                )
        if dates.get("deposited") is None and dates.get("withdrawal_effective") is not None:
            msg = "withdrawal without a deposit date: entry into force unknown"
            issues.append(problem("unknown-entry-into-force", msg, r, columns["deposited"]))
        source = cell("source") if "source" in columns else ""
        rows.append(
            MembershipRow(
                iso3,
                dates.get("signed"),
                dates.get("deposited"),
                deposit_type,
                dates.get("withdrawal_effective"),
                source or None,
            )
        )
    return MembershipFile(path, sheet, rows, issues)


def read_bundled_membership() -> MembershipFile:
    """The sourced membership list shipped with the tracker (``tracker/data/ccm-membership.csv``).

    Every signature, deposit and withdrawal as of 1 March 2026, each row with its public source
    (``shared/data/README.md``). Read like any other list, so it obeys the same checks.
    """
    from importlib import resources

    resource = resources.files("tracker.data").joinpath(BUNDLED_MEMBERSHIP)
    with resources.as_file(resource) as path:
        return read_membership(path)


def apply_membership(session: Session, parsed: MembershipFile, *, replace: bool) -> int:
    """Write the rows of a valid file; ``replace`` removes every State not in the file."""
    if not parsed.ok:
        raise ValueError("refusing to apply a membership file with errors")
    existing = {m.iso3: m for m in session.scalars(select(Membership))}
    for row in parsed.rows:
        record = existing.get(row.iso3) or Membership(iso3=row.iso3)
        record.signed = row.signed
        record.deposited = row.deposited
        record.deposit_type = row.deposit_type
        record.entry_into_force = entry_into_force(row.deposited) if row.deposited else None
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
