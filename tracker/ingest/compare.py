"""How a stored version differs from the same file read again (``tracker reports recheck``).

Pure functions over plain data: the stored side is what the store holds for one report (its
identity columns, its cover statuses, its fact rows), the other side a
:class:`~tracker.ingest.parsed.ParsedReport` read under today's rules. Fact rows are matched by
the cell they came from, so a difference names the cell and the column that would change.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from tracker.ingest.parsed import FACT_TABLES, FactRowData, ParsedReport

# The report's own columns that reading decides (ids, flags and provenance are the store's).
REPORT_FIELDS: tuple[str, ...] = (
    "state_iso3",
    "report_type",
    "period_from",
    "period_to",
    "submitted_on",
    "language",
    "organisation",
    "contact_name",
    "email",
    "telephone",
)
MAX_DIFFERENCES = 20  # per version: enough to see what changed, never a wall of text


@dataclass(frozen=True)
class Difference:
    """One value a version would be read with differently: where, what, stored and now."""

    sheet: str | None
    cell: str | None
    field: str  # a report column, "form B", or "table.column" for a fact
    stored: str | None
    now: str | None

    def as_json(self) -> dict[str, str | None]:
        """The JSON shape of ``tracker reports recheck --format json``."""
        return {
            "sheet": self.sheet,
            "cell": self.cell,
            "field": self.field,
            "stored": self.stored,
            "now": self.now,
        }

    def as_text(self) -> str:
        """``Form I!B14: needs.needed: stored yes, now no``."""
        where = f"{self.sheet}!{self.cell}: " if self.sheet and self.cell else ""
        if self.sheet and not self.cell:
            where = f"{self.sheet}: "
        return f"{where}{self.field}: stored {self.stored or '(none)'}, now {self.now or '(none)'}"


@dataclass
class StoredReport:
    """What the store holds for one version, as plain values."""

    fields: dict[str, Any]  # REPORT_FIELDS -> value
    sheet: str
    forms: dict[str, tuple[str, int | None]] = field(default_factory=dict)  # form -> status, year
    facts: dict[str, list[FactRowData]] = field(default_factory=dict)  # table -> rows


def shown(value: Any) -> str | None:
    """A stored or read value as people read it."""
    if value is None:
        return None
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _same(a: Any, b: Any, scale: int | None) -> bool:
    """Equal as the store would hold them (amounts and areas to ``scale`` decimals)."""
    if isinstance(a, enum.Enum):
        a = a.value
    if isinstance(b, enum.Enum):
        b = b.value
    numbers = (int, float, Decimal)
    if scale is not None and isinstance(a, numbers) and isinstance(b, numbers):
        step = Decimal(1).scaleb(-scale)
        a = Decimal(str(a)).quantize(step, ROUND_HALF_UP)
        b = Decimal(str(b)).quantize(step, ROUND_HALF_UP)
    return bool(a == b)


def _row_diffs(
    table: str,
    stored: FactRowData | None,
    now: FactRowData | None,
    columns: Sequence[str],
    scales: Mapping[str, int],
) -> list[Difference]:
    if stored is None or now is None:
        row = stored if stored is not None else now
        assert row is not None
        described = " | ".join(
            text for c in columns if c not in ("sheet", "cell") and (text := shown(row.get(c)))
        )
        described = described or "a row"
        return [
            Difference(
                row.get("sheet"),
                row.get("cell"),
                table,
                described if stored is not None else None,
                described if now is not None else None,
            )
        ]
    sheet, cell = stored.get("sheet"), stored.get("cell")
    return [
        Difference(sheet, cell, f"{table}.{c}", shown(stored.get(c)), shown(now.get(c)))
        for c in columns
        if c not in ("sheet", "cell") and not _same(stored.get(c), now.get(c), scales.get(c))
    ]


def _by_cell(rows: Sequence[FactRowData]) -> dict[tuple[Any, Any], list[FactRowData]]:
    grouped: dict[tuple[Any, Any], list[FactRowData]] = {}
    for row in rows:
        grouped.setdefault((row.get("sheet"), row.get("cell")), []).append(row)
    return grouped


def fact_differences(
    table: str,
    stored: Sequence[FactRowData],
    now: Sequence[FactRowData],
    columns: Sequence[str],
    scales: Mapping[str, int],
) -> list[Difference]:
    """The differences of one fact table, matching rows by their (sheet, cell)."""
    before, after = _by_cell(stored), _by_cell(now)
    found: list[Difference] = []
    for key in sorted(set(before) | set(after), key=lambda k: (str(k[0]), str(k[1]))):
        old, new = before.get(key, []), after.get(key, [])
        for i in range(max(len(old), len(new))):
            found += _row_diffs(
                table,
                old[i] if i < len(old) else None,
                new[i] if i < len(new) else None,
                columns,
                scales,
            )
    return found


def report_differences(
    stored: StoredReport,
    now: ParsedReport,
    columns: Mapping[str, Sequence[str]],
    scales: Mapping[str, Mapping[str, int]],
) -> list[Difference]:
    """Every difference between a stored version and the same report read again.

    ``columns`` are the compared columns of each fact table, ``scales`` the decimals of its
    numeric columns (what the store rounds to).
    """
    cells = {"submitted_on": now.submitted_cell, "state_iso3": now.cell}
    found = [
        Difference(
            stored.sheet, cells.get(name), name, shown(stored.fields.get(name)), shown(value)
        )
        for name in REPORT_FIELDS
        if not _same(stored.fields.get(name), value := getattr(now, name), None)
    ]
    read_forms: dict[str, tuple[str, int | None]] = {}
    for entry in now.forms:
        read_forms.setdefault(entry.form, (entry.status.value, entry.last_reported))
    for form in sorted(set(stored.forms) | set(read_forms)):
        old, new = stored.forms.get(form), read_forms.get(form)
        if old != new:
            found.append(
                Difference(
                    stored.sheet,
                    None,
                    f"form {form}",
                    _form_text(old),
                    _form_text(new),
                )
            )
    for table in FACT_TABLES:
        found += fact_differences(
            table,
            stored.facts.get(table, []),
            now.facts.get(table, []),
            columns[table],
            scales.get(table, {}),
        )
    return found


def _form_text(status: tuple[str, int | None] | None) -> str | None:
    if status is None:
        return None
    word, year = status
    word = word.replace("_", " ")
    return f"{word} (last reported {year})" if year else word
