"""The figure pages' query parameters, read the way the CLI reads its options.

A bad value is a 400 page saying which parameter, what was given and what to give instead; an
``on`` after today is refused as the CLI's ``--on`` is (exit 2 there): the tracker judges only
dates that have come. An empty value is the parameter left out (a form's blank field).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from tracker import clock
from tracker.web.pages import PageError

FIRST_YEAR, LAST_YEAR = 1990, 2200  # the reporting years a report can have (the schema's CHECK)


def _bad(name: str, message: str) -> PageError:
    return PageError(f"Bad value for {name}", message, status=400)


def _value(params: Mapping[str, str], name: str) -> str | None:
    value = params.get(name, "").strip()
    return value or None


def year(
    params: Mapping[str, str], name: str, first: int = FIRST_YEAR, last: int = LAST_YEAR
) -> int | None:
    """A reporting year such as 2025 (None when left out), from ``first`` to ``last``."""
    value = _value(params, name)
    if value is None:
        return None
    if not (value.isdigit() and first <= int(value) <= last):
        raise _bad(
            name,
            f"{name} takes a reporting year such as 2025 (from {first} to {last}), "
            f"not “{value}”. Correct it in the address, or leave it out for the default.",
        )
    return int(value)


def day(params: Mapping[str, str], name: str, *, not_after_today: bool = True) -> dt.date | None:
    """A date as YYYY-MM-DD (None when left out); never after today unless allowed."""
    value = _value(params, name)
    if value is None:
        return None
    try:
        parsed = dt.date.fromisoformat(value)
    except ValueError:
        raise _bad(
            name, f"{name} takes a date as YYYY-MM-DD (for example 2025-06-30), not “{value}”."
        ) from None
    today = clock.today()
    if not_after_today and parsed > today:
        raise _bad(
            name,
            f"{name} {parsed.isoformat()} is after today ({today.isoformat()}): the tracker "
            f"judges only dates that have come; give {name} {today.isoformat()} or earlier, or "
            "leave it out.",
        )
    return parsed


def flag(params: Mapping[str, str], name: str) -> bool:
    """A yes/no switch: ``1``/``true``/``on``/``yes`` or ``0``/``false``/``off``/``no``."""
    value = (_value(params, name) or "0").lower()
    if value in ("1", "true", "on", "yes"):
        return True
    if value in ("0", "false", "off", "no"):
        return False
    raise _bad(name, f"{name} takes 1 (yes) or 0 (no), not “{value}”.")


def choice(params: Mapping[str, str], name: str, allowed: tuple[str, ...], default: str) -> str:
    """One of ``allowed`` (the first is the default when left out)."""
    value = _value(params, name) or default
    if value not in allowed:
        raise _bad(name, f"{name} takes one of {', '.join(allowed)}, not “{value}”.")
    return value
