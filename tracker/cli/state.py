"""``tracker state``: one State's page (membership, statuses, needs, reports received)."""

from __future__ import annotations

from typing import Annotated

import typer

from tracker import clock
from tracker.cli.common import engine_for, parse_day

app = typer.Typer(help="One State: membership, obligations, needs, reports.", no_args_is_help=True)


@app.command("show")
def show(
    ctx: typer.Context,
    state: Annotated[str, typer.Argument(help="The State: a name (en/fr/es) or ISO3 code.")],
    on: Annotated[
        str | None,
        typer.Option(
            "--on", help="Membership status on this date (default today).", metavar="DATE"
        ),
    ] = None,
) -> None:
    """One State's page: membership, each year's Article 3/4/5 statuses and their cells, needs.

    Example: tracker state show "Lao PDR" --on 2025-12-31
    """
    from tracker.db import transaction
    from tracker.services.compliance import deadlines_block
    from tracker.services.state_page import build_state_page, render_state_page

    day = parse_day(on, "--on") or clock.today()
    engine = engine_for(ctx)
    with transaction(engine) as session:
        page = build_state_page(session, state, day)
    engine.dispose()
    page = page.with_block(*deadlines_block(page))
    typer.echo(render_state_page(page))
