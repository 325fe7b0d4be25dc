"""Values as pages show them, formatted as the workbooks format them.

Numbers ``#,##0``, dates ``dd mmm yyyy``, moments ``dd mmm yyyy hh:mm``, and counts with the
right noun (``1 file``, ``2 files``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

EMPTY = "—"


def number(value: Any) -> str:
    """``12,345``; a fraction keeps two decimals (``1,234.50``), as the donor workbook's costs."""
    if value is None:
        return EMPTY
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return f"{value:,}"
    amount = Decimal(str(value))
    if amount == amount.to_integral_value():
        return f"{amount:,.0f}"
    return f"{amount:,.2f}"


def day(value: dt.date | None) -> str:
    """``30 Apr 2025``."""
    return EMPTY if value is None else value.strftime("%d %b %Y")


def moment(value: dt.datetime | None) -> str:
    """``30 Apr 2025 14:05`` in UTC (the store keeps UTC; SQLite gives it back without zone)."""
    if value is None:
        return EMPTY
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC)
    return value.strftime("%d %b %Y %H:%M")


def count(n: int, noun: str, plural: str | None = None) -> str:
    """``1 file``, ``2 files``, ``1,204 reports``."""
    word = noun if n == 1 else (plural or noun + "s")
    return f"{number(n)} {word}"


def display(value: Any, kind: str = "text") -> str:
    """A cell's text for its kind: ``text``, ``number``, ``year``, ``date`` or ``datetime``."""
    if value is None or value == "":
        return EMPTY
    if kind == "number":
        return number(value)
    if kind == "year":  # a year is a name, not a quantity: no separator (the workbooks' "0")
        return str(value)
    if kind == "date":
        return day(value)
    if kind == "datetime":
        return moment(value)
    return str(value)
