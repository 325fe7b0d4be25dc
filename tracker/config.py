"""Configuration read from options and the environment (no heavy imports here)."""

from __future__ import annotations

import os
import re
from pathlib import Path

DEFAULT_DATABASE_URL = "sqlite:///tracker.db"
DATABASE_URL_ENV = "TRACKER_DATABASE_URL"


def database_url(option: str | None = None) -> str:
    """The database URL: the ``--db`` option, else ``TRACKER_DATABASE_URL``, else the default."""
    return option or os.environ.get(DATABASE_URL_ENV) or DEFAULT_DATABASE_URL


def redact_url(url: str) -> str:
    """The URL without its password, safe to print or write into an export."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


def database_name(url: str) -> str:
    """The database by its name only: the SQLite file's name or the server database's name.

    Never a user, host, port or password (``donor-workbook.md``, Method): the workbook goes to
    people outside the ISU. Unparseable URLs give an empty name rather than risk a secret.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    if not url:
        return ""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return ""
    name = parsed.database or ""
    if parsed.get_backend_name() == "sqlite":
        return Path(name).name if name and name != ":memory:" else "(in memory)"
    return name
