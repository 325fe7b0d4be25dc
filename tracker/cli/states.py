"""``tracker states``: the membership list."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from tracker import clock
from tracker.cli.common import engine_for, parse_on

app = typer.Typer(help="Membership of the Convention: import and list.", no_args_is_help=True)


@app.command("import")
def import_membership(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="Membership list: CSV (UTF-8) or .xlsx.")],
    replace: Annotated[
        bool, typer.Option("--replace", help="Make the file the whole list (others removed).")
    ] = False,
) -> None:
    """Import a membership list (State, Signed, Deposited, Deposit type, Withdrawal effective).

    Example: tracker states import imports/membership/sample-membership.csv
    """
    from tracker.db import transaction
    from tracker.errors import TrackerError
    from tracker.services.membership import apply_membership, read_membership

    if not path.is_file():
        raise TrackerError(f"{path}: no such file")
    engine = engine_for(ctx)
    parsed = read_membership(path)
    for issue in parsed.issues:
        typer.echo(issue.as_text(), err=True)
    if not parsed.ok:
        errors = sum(1 for i in parsed.issues if i.severity == "error")
        raise TrackerError(
            f"{path.name}: {errors} error(s), nothing imported: correct the rows above"
        )
    with transaction(engine) as session:
        count = apply_membership(session, parsed, replace=replace)
    typer.echo(
        f"{count} States imported from {path.name}" + (" (list replaced)" if replace else "")
    )


@app.command("list")
def list_states(
    ctx: typer.Context,
    parties_on: Annotated[
        str | None,
        typer.Option(
            "--parties-on",
            help="Only States Parties on this date (YYYY-MM-DD, not after today).",
            metavar="DATE",
        ),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--on", help="Status on this date (default today; not after today).", metavar="DATE"
        ),
    ] = None,
) -> None:
    """States with membership, entry into force and status on a date.

    Example: tracker states list --parties-on 2025-12-31
    """
    from tracker.db import transaction
    from tracker.services.membership import list_states as query

    day = parse_on(parties_on, "--parties-on") or parse_on(on) or clock.today()
    engine = engine_for(ctx)
    with transaction(engine) as session:
        rows = query(session, day, parties_only=parties_on is not None)

    def fmt(d: dt.date | None) -> str:
        return d.isoformat() if d else "—"

    header = (
        f"{'ISO3':4}  {'State':40}  {'Deposited':10}  {'In force':10}  {'Withdrawn':10}  Status"
    )
    typer.echo(header)
    for r in rows:
        typer.echo(
            f"{r.iso3:4}  {r.name[:40]:40}  {fmt(r.deposited):10}  {fmt(r.entry_into_force):10}  "
            f"{fmt(r.withdrawal_effective):10}  {r.status.value}"
        )
    label = "States Parties" if parties_on else "States"
    typer.echo(f"{len(rows)} {label} on {day.isoformat()}")
