"""``tracker reports history``: the import runs (the audit trail)."""

from __future__ import annotations

from typing import Annotated

import typer

from tracker.cli.common import engine_for


def register(app: typer.Typer) -> None:
    """Add ``history`` to the ``reports`` group."""
    app.command("history")(history)


def history(
    ctx: typer.Context,
    state: Annotated[
        str | None, typer.Option("--state", help="Only runs that touched this State.")
    ] = None,
) -> None:
    """The import runs: when, who (user and host), tracker version, files and outcomes.

    Example: tracker reports history --state "Lao PDR"
    """
    from tracker.db import transaction
    from tracker.reference import require_state
    from tracker.services.audit import history as query

    iso3 = require_state(state) if state else None
    engine = engine_for(ctx)
    with transaction(engine) as session:
        runs = query(session, iso3)
    if not runs:
        typer.echo("no import runs recorded" + (f" for {iso3}" if iso3 else ""))
        return
    for run in runs:
        started = run.started_at.strftime("%Y-%m-%d %H:%M:%S")
        # A run without a finish time is still running, or was killed or lost its connection:
        # its files stored before that stay (each file is its own transaction); re-running it
        # completes it.
        unfinished = "" if run.finished_at else " [not finished: running or interrupted]"
        typer.echo(
            f"run {run.run_id}: {started} by {run.os_user}@{run.host} "
            f"(tracker {run.tracker_version}): {run.arguments}{unfinished}"
        )
        for f in run.files:
            where = f" {f.state_iso3} {f.reporting_year}" if f.state_iso3 else ""
            sha = f" {f.sha256[:12]}" if f.sha256 else ""
            typer.echo(f"  {f.outcome:11} {f.path}{where}{sha}")
