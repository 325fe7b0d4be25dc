"""``tracker reports history``: the audit trail (import runs and other recorded writes)."""

from __future__ import annotations

from typing import Annotated

import typer

from tracker.cli.common import engine_for
from tracker.listings.formats import NestedFormat


def register(app: typer.Typer) -> None:
    """Add ``history`` to the ``reports`` group."""
    app.command("history")(history)


def history(
    ctx: typer.Context,
    state: Annotated[
        str | None,
        typer.Option("--state", help="Only what touched this State (name or ISO3).", metavar="S"),
    ] = None,
    output: Annotated[
        NestedFormat, typer.Option("--format", help="text or json.")
    ] = NestedFormat.TEXT,
) -> None:
    """The audit trail, newest first: import runs and every other recorded change.

    An import run shows when, who (user and host), the tracker version, its files and their
    outcomes; a withdrawal, a reinstatement or any other recorded change shows when, who, what
    it acted on, the reason given and what changed. Times are UTC.

    Example: tracker reports history --state "Lao PDR" --format json
    """
    from tracker.db import transaction
    from tracker.listings import history as listing
    from tracker.reference import require_state
    from tracker.services.audit import trail

    iso3 = require_state(state) if state else None
    engine = engine_for(ctx)
    with transaction(engine) as session:
        entries = trail(session, iso3)
    if output is NestedFormat.JSON:
        from tracker.listings.formats import to_json

        typer.echo(to_json(listing.as_json(entries)))
        return
    if not entries:
        typer.echo("no import runs or other changes recorded" + (f" for {iso3}" if iso3 else ""))
        return
    for line in listing.text_lines(entries):
        typer.echo(line)
