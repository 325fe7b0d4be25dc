"""What every listing shares: the output formats, JSON dumping, dates as text.

The command modules import :class:`Format` at their top, so this module imports ``json`` only
inside the function that writes it (``tracker --help`` stays fast). CSV is written by
:func:`tracker.export.safety.to_csv`, the one guarded CSV writer.
"""

from __future__ import annotations

import datetime as dt
import enum


class Format(enum.StrEnum):
    """``--format`` of a table listing: text for people, JSON for programs, CSV for spreadsheets."""

    TEXT = "text"
    JSON = "json"
    CSV = "csv"


class NestedFormat(enum.StrEnum):
    """``--format`` of a listing that is not a table (no CSV)."""

    TEXT = "text"
    JSON = "json"


def to_json(document: object) -> str:
    """The JSON text of a listing: indented, non-ASCII kept (State names, French file names)."""
    import json

    return json.dumps(document, indent=2, ensure_ascii=False)


def iso(value: dt.date | dt.datetime | None) -> str | None:
    """A date or time as ISO 8601 text (None stays None)."""
    return None if value is None else value.isoformat()
