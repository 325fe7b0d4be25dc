"""alembic environment: the database URL comes from -x db=URL, TRACKER_DATABASE_URL, or default.

When the tracker runs migrations itself (``tracker db upgrade``), it passes an open connection in
``config.attributes["connection"]`` so that the same engine (SQLite foreign keys on) is used.
"""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context

import tracker.models  # noqa: F401  (registers every table on the metadata)
from tracker.config import database_url
from tracker.db import Base, make_engine
from tracker.migrate import migration_connection

config = context.config
if config.config_file_name is not None and not config.attributes.get("connection"):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def _url() -> str:
    return database_url(context.get_x_argument(as_dictionary=True).get("db"))


def run_migrations_offline() -> None:
    """Emit SQL to stdout instead of running it."""
    context.configure(
        url=_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run against a live connection (the tracker's own, or a new engine)."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(_url())
    with migration_connection(engine) as conn:  # SQLite: foreign keys off, one transaction
        _run(conn)
    engine.dispose()


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
