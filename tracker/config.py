"""Configuration read from options and the environment (no heavy imports here)."""

from __future__ import annotations

import os
import re

DEFAULT_DATABASE_URL = "sqlite:///tracker.db"
DATABASE_URL_ENV = "TRACKER_DATABASE_URL"


def database_url(option: str | None = None) -> str:
    """The database URL: the ``--db`` option, else ``TRACKER_DATABASE_URL``, else the default."""
    return option or os.environ.get(DATABASE_URL_ENV) or DEFAULT_DATABASE_URL


def redact_url(url: str) -> str:
    """The URL without its password, safe to print or write into an export."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)
