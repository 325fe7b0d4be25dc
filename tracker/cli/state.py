"""``tracker state``: one State's page (membership, deadlines, statuses, needs, reports)."""

from __future__ import annotations

import enum
from typing import Annotated

import typer

from tracker import clock
from tracker.cli.common import engine_for, parse_on

app = typer.Typer(help="One State: membership, obligations, needs, reports.", no_args_is_help=True)


class PageFormat(enum.StrEnum):
    """How ``tracker state show`` prints the page."""

    TEXT = "text"
    JSON = "json"


@app.command("show")
def show(
    ctx: typer.Context,
    state: Annotated[str, typer.Argument(help="The State: a name (en/fr/es) or ISO3 code.")],
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            help="Judge everything as the store knew it on this date, YYYY-MM-DD (default "
            "today; never after today): reports received and decisions taken by then.",
            metavar="DATE",
        ),
    ] = None,
    output: Annotated[PageFormat, typer.Option("--format", help="text or json.")] = PageFormat.TEXT,
) -> None:
    """One State's page: membership, deadlines, each year's Article 3/4/5 statuses, needs.

    Example: tracker state show "Lao PDR" --on 2025-12-31
    """
    import json

    from tracker.db import transaction
    from tracker.services.state_page import build_state_page, render_state_page, state_page_json

    day = parse_on(on) or clock.today()
    engine = engine_for(ctx)
    with transaction(engine) as session:
        page = build_state_page(session, state, day)
    engine.dispose()
    if output is PageFormat.JSON:
        typer.echo(json.dumps(state_page_json(page), indent=2, ensure_ascii=False))
    else:
        typer.echo(render_state_page(page))
