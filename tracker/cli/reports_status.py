"""``tracker reports status``: submission compliance of a reporting year (``compliance.md``)."""

from __future__ import annotations

import enum
from typing import Annotated

import typer


class OutputFormat(enum.StrEnum):
    """How ``tracker reports status`` prints its result."""

    TEXT = "text"
    JSON = "json"
    CSV = "csv"


def status(
    ctx: typer.Context,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            help="Reporting year Y (default: the latest year whose due date, 30 April Y+1, "
            "is on or before --on).",
            metavar="Y",
        ),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            help="Judge the situation on this date, YYYY-MM-DD (default: today; never after "
            "today); versions submitted after it are ignored.",
            metavar="DATE",
        ),
    ] = None,
    output: Annotated[
        OutputFormat, typer.Option("--format", help="text, json or csv.")
    ] = OutputFormat.TEXT,
) -> None:
    """Who submitted the annual report for a year on time, late, or not at all.

    Also lists the initial reports that are overdue on the date.

    Example: tracker reports status --year 2023 --on 2024-11-22 --format json
    """
    from tracker.cli.common import engine_for, parse_on
    from tracker.compliance.output import render_csv, render_json, render_text
    from tracker.db import transaction
    from tracker.services.compliance import check_year, compute_reporting_status

    day = parse_on(on)
    if year is not None:
        check_year(year)  # wrong usage before touching the database
    engine = engine_for(ctx)
    with transaction(engine) as session:
        result = compute_reporting_status(session, year=year, on=day)
    engine.dispose()
    if output is OutputFormat.JSON:
        typer.echo(render_json(result))
    elif output is OutputFormat.CSV:
        typer.echo(render_csv(result), nl=False)
    else:
        typer.echo(render_text(result))


def register(app: typer.Typer) -> None:
    """Add ``status`` to the ``reports`` group."""
    app.command("status")(status)
