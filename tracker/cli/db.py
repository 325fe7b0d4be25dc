"""``tracker db``: create, migrate and back up the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tracker.cli.common import database_url, engine_for

app = typer.Typer(help="Create, migrate and back up the database.", no_args_is_help=True)


@app.command("upgrade")
def upgrade(ctx: typer.Context) -> None:
    """Create or migrate the database to the newest schema and load the reference data.

    Example: tracker --db sqlite:///ccm.db db upgrade
    """
    from tracker.config import redact_url
    from tracker.services.setup import upgrade_database

    engine = engine_for(ctx, require_head=False)
    upgrade_database(engine)
    typer.echo(f"database at the newest schema: {redact_url(database_url(ctx))}")


@app.command("backup")
def backup(
    ctx: typer.Context,
    target: Annotated[Path, typer.Argument(help="File to write the copy to.")],
) -> None:
    """SQLite: an online copy of the database, safe while others read it.

    Example: tracker db backup backups/tracker-2026-11-23.db
    """
    from tracker.services.backup import backup_sqlite

    engine = engine_for(ctx)
    backup_sqlite(engine, target)
    typer.echo(f"backup written: {target}")
