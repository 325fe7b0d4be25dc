"""Online backups of a SQLite store (PostgreSQL uses pg_dump: see docs/operations.md)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy.engine import Engine

from tracker.db import sqlite_path
from tracker.errors import TrackerError


def backup_sqlite(engine: Engine, target: Path) -> None:
    """Copy the SQLite database with SQLite's online backup API (readers may go on meanwhile)."""
    source = sqlite_path(str(engine.url))
    if source is None:
        raise TrackerError(
            "tracker db backup works on SQLite files; for PostgreSQL use pg_dump "
            "(see docs/operations.md)"
        )
    if target.exists():
        raise TrackerError(f"{target} exists already: choose a new file name")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    os.close(fd)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()
