"""``tracker stats``: the needs statistics ("X of Y", ``spec/statistics.md``)."""

from __future__ import annotations

import enum
from typing import Annotated

import typer

from tracker.cli.common import (
    AsOfOption,
    CurrentOption,
    SinceOption,
    StyleOption,
    engine_for,
)
from tracker.wording import Style

app = typer.Typer(help="Statistics of the store: the needs figures (X of Y).", no_args_is_help=True)


class OutputFormat(enum.StrEnum):
    """How ``tracker stats needs`` prints its result."""

    TEXT = "text"
    JSON = "json"
    CSV = "csv"


@app.command("needs")
def needs(
    ctx: typer.Context,
    as_of: AsOfOption = None,
    since: SinceOption = None,
    current: CurrentOption = False,
    style: StyleOption = Style.WORDS,
    output: Annotated[
        OutputFormat, typer.Option("--format", help="text, json or csv.")
    ] = OutputFormat.TEXT,
    explain: Annotated[
        bool,
        typer.Option("--explain", help="Show the report and cell behind every State counted."),
    ] = False,
) -> None:
    """The "X of Y" statistics: States with obligations and those that declared needs.

    Example: tracker stats needs --as-of 2025 --since 2021 --format json
    """
    from tracker.gc import collector_paused

    # The whole command (imports included) makes many short-lived objects and no cycles worth
    # collecting while it runs.
    with collector_paused():
        _needs(ctx, as_of, since, current, style, output, explain)


def _needs(
    ctx: typer.Context,
    as_of: int | None,
    since: int | None,
    current: bool,
    style: Style,
    output: OutputFormat,
    explain: bool,
) -> None:
    from tracker.db import transaction
    from tracker.services.stats import check_window, compute_needs_statistics
    from tracker.stats.output import (
        missing_membership_warning,
        missing_year_warning,
        render_csv,
        render_json,
        render_text,
    )

    if as_of is not None and since is not None:
        check_window(as_of, since)  # wrong usage before touching the database
    engine = engine_for(ctx)
    with transaction(engine) as session:
        stats = compute_needs_statistics(
            session, as_of=as_of, since=since, current_only=current, style=style
        )
    engine.dispose()
    if output is OutputFormat.JSON:
        typer.echo(render_json(stats, explain=explain))
    elif output is OutputFormat.CSV:
        typer.echo(render_csv(stats), nl=False)
    else:
        typer.echo(render_text(stats, explain=explain))
        for warning in (missing_year_warning(stats, as_of), missing_membership_warning(stats)):
            if warning:
                typer.echo(warning, err=True)
