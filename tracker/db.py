"""The declarative base, the engine factory and the schema-version guard.

Engines are built by :func:`make_engine` when a command needs one, never at import time.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from tracker.errors import DatabaseNotAtHead, ReadOnlyDatabase, TrackerError

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every model; constraints are named by :data:`NAMING_CONVENTION`."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    # Write-ahead log: readers never block the writer (stats while an import runs), and a
    # commit appends to one file instead of rewriting pages through a rollback journal.
    # synchronous stays FULL (the default): a committed import survives a power cut.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _sqlite_read_only_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """A read-only database: no journal mode to set (that would be a write)."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


# Engines on a SQLite file the process cannot write, with the reason in words.
_READ_ONLY: weakref.WeakKeyDictionary[Engine, str] = weakref.WeakKeyDictionary()


def read_only_reason(engine: Engine) -> str | None:
    """Why the engine's database cannot be written (None: it can, as far as we know)."""
    return _READ_ONLY.get(engine)


def _unwritable(path: Path) -> str | None:
    """Why a SQLite file (and its folder, where SQLite writes its journal) cannot be written."""
    if not path.exists():
        return None
    folder = path.parent.resolve()
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return f"folder {folder} is on a read-only filesystem"
    except (OSError, AttributeError):  # no statvfs (Windows)
        pass
    if not os.access(folder, os.W_OK):
        return f"folder {folder} is not writable"
    if not os.access(path, os.W_OK):
        return f"folder {folder}, file {path.name} is not writable"
    return None


def _read_only_url(path: Path) -> str:
    """A read-only SQLite URL for ``path``.

    ``mode=ro`` needs the write-ahead log's index (``-shm``) beside the file, which SQLite cannot
    create in a read-only folder; without it the file holds every committed page (SQLite
    checkpoints and removes the log when the last connection closes), so it is opened
    ``immutable``: SQLite reads it without any lock or journal.
    """
    from urllib.parse import quote

    target = quote(str(path.resolve()))
    shm = path.with_name(path.name + "-shm")
    flag = "mode=ro" if shm.exists() else "immutable=1"
    return f"sqlite:///file:{target}?{flag}&uri=true"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for another backend or an in-memory database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _create_private_file(path: Path) -> None:
    """Create the SQLite file readable and writable by its owner only (before SQLite does)."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys on and a private database file.

    A SQLite file that cannot be written (a read-only folder or filesystem, or file) is opened
    read-only: commands that only read work, and a write fails with one line that says why
    (:class:`~tracker.errors.ReadOnlyDatabase`).
    """
    path = sqlite_path(url)
    reason = _unwritable(path) if path is not None else None
    if path is not None and reason is None:
        _create_private_file(path)
    try:
        engine = create_engine(
            url if reason is None or path is None else _read_only_url(path), future=True
        )
    except Exception as exc:  # bad URL, missing driver
        raise TrackerError(f"cannot use database URL: {exc}") from exc
    if engine.dialect.name == "sqlite":
        if reason is None:
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            event.listen(engine, "connect", _sqlite_read_only_pragmas)
            event.listen(engine, "handle_error", _refuse_writes(reason))
            _READ_ONLY[engine] = reason
    from tracker.generation import watch  # (imports the models, which import this module)

    watch(engine)  # every committed change to the store bumps its generation
    return engine


def _refuse_writes(reason: str) -> Any:
    """An error handler that turns SQLite's "readonly database" into one clear line."""

    def handle(context: Any) -> None:
        if "readonly database" in str(context.original_exception).lower():
            raise ReadOnlyDatabase(
                f"the database is read-only ({reason}): this command writes to it; copy the "
                "database to a writable folder (or get write access) and run it again"
            ) from context.original_exception

    return handle


def memory_copy(engine: Engine) -> Engine:
    """An engine on an in-memory copy of a SQLite database (SQLite's online backup).

    A dry run writes inside a transaction it rolls back; on a read-only database it works on a
    copy instead, so that its outcomes are still those a real run would give.
    """
    import sqlite3

    from sqlalchemy.pool import StaticPool

    copy = sqlite3.connect(":memory:", check_same_thread=False)
    source = engine.raw_connection()
    try:
        driver = source.driver_connection
        assert isinstance(driver, sqlite3.Connection)
        driver.backup(copy)
    finally:
        source.close()
    memory = create_engine("sqlite://", creator=lambda: copy, poolclass=StaticPool, future=True)
    event.listen(memory, "connect", _sqlite_read_only_pragmas)
    return memory


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions bound to ``engine`` that never expire objects on commit."""
    return sessionmaker(bind=engine, expire_on_commit=False, future=True)


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One unit of work: commit when the block ends, roll back when it raises."""
    with session_factory(engine)() as session, session.begin():
        yield session


# The newest migration's revision id. Kept here so that every command can check the schema
# without importing alembic (a large share of start-up); a test keeps it equal to alembic's head.
SCHEMA_HEAD = "bf93ef4e4294"


def current_revision(engine: Engine) -> str | None:
    """The alembic revision the database is at (None when it has no schema)."""
    from sqlalchemy import inspect, text

    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        versions = [row[0] for row in conn.execute(text("SELECT version_num FROM alembic_version"))]
    return versions[0] if len(versions) == 1 else None


def head_revision() -> str | None:
    """The newest migration shipped with the code (read by alembic from the scripts)."""
    from tracker.migrate import script_directory

    return script_directory().get_current_head()


def require_head(engine: Engine) -> None:
    """Refuse to work on a database that is not at the newest migration."""
    try:
        current = current_revision(engine)
    except Exception as exc:
        raise TrackerError(f"cannot open the database: {exc.__class__.__name__}: {exc}") from exc
    head = SCHEMA_HEAD
    if current != head:
        state = "has no schema" if current is None else f"is at revision {current}, not {head}"
        from tracker.invocation import command_line

        raise DatabaseNotAtHead(f"the database {state}: run {command_line('db', 'upgrade')} first")
