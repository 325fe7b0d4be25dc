"""``tracker db``: create, migrate and back up the store."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tracker.cli.common import database_url, engine_for, options

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

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
    line = _date_rules(ctx, engine)
    if line:
        typer.echo(line)


def _date_rules(ctx: typer.Context, engine: Engine) -> str | None:
    """How many stored versions break the workbook spec's date rules, and how to see them."""
    from tracker.config import redact_url
    from tracker.db import transaction
    from tracker.services.recheck import date_rule_breaks, date_rule_line

    with transaction(engine) as session:
        breaking, total = date_rule_breaks(session)
    command = "tracker reports recheck"
    if options(ctx).db_given:
        command = f"tracker --db {redact_url(database_url(ctx))} reports recheck"
    return date_rule_line(breaking, total, command)


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
