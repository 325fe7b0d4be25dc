"""Running the alembic migrations from the tracker itself (``tracker db upgrade``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy.engine import Connection, Engine

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def alembic_config() -> Config:
    """The project's alembic configuration (alembic.ini beside the package)."""
    from alembic.config import Config

    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    return cfg


def script_directory() -> ScriptDirectory:
    """The migration scripts shipped with the code."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


@contextmanager
def migration_connection(engine: Engine) -> Iterator[Connection]:
    """A connection in one transaction for migrations; on SQLite with foreign keys off.

    SQLite cannot alter a constraint: a migration rebuilds the table in batch mode (copy,
    drop, rename). With foreign keys on, dropping a table first deletes its rows and cascades
    that to every table referring to it (all the facts of every report), so the keys are
    turned off for the migration (the pragma is ignored inside a transaction, hence before
    it), checked with ``PRAGMA foreign_key_check`` before the commit, and turned on again. The
    explicit ``BEGIN`` makes the DDL part of the transaction (the driver would otherwise
    commit each statement), so a failed migration leaves the file as it was.
    """
    from tracker.errors import TrackerError

    with engine.connect() as conn:
        if conn.dialect.name != "sqlite":
            with conn.begin():
                yield conn
            return
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        conn.commit()
        try:
            conn.exec_driver_sql("BEGIN")
            try:
                yield conn
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise TrackerError(
                        f"the migration would leave {len(broken)} row(s) pointing at rows that "
                        f"do not exist (first: table {broken[0][0]}): nothing was changed"
                    )
            except BaseException:
                conn.rollback()
                raise
            conn.commit()
        finally:
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            conn.commit()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database behind ``engine`` to ``revision`` in one transaction."""
    from alembic import command

    cfg = alembic_config()
    with migration_connection(engine) as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    """Migrate the database behind ``engine`` down to ``revision``."""
    from alembic import command

    cfg = alembic_config()
    with migration_connection(engine) as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
