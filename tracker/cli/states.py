"""``tracker states``: the membership list (the shipped reference list, or the ISU's own)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tracker import clock
from tracker.cli.common import engine_for, parse_on
from tracker.listings.formats import Format

app = typer.Typer(help="Membership of the Convention: import and list.", no_args_is_help=True)


@app.command("import")
def import_membership(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(help="Membership list: CSV (UTF-8) or .xlsx.", show_default=False),
    ] = None,
    bundled: Annotated[
        bool,
        typer.Option(
            "--bundled",
            help="Load the sourced list shipped with the tracker (every signature, deposit and "
            "withdrawal as of 1 March 2026) instead of a file.",
        ),
    ] = False,
    replace: Annotated[
        bool, typer.Option("--replace", help="Make the file the whole list (others removed).")
    ] = False,
) -> None:
    """Import a membership list (State, Signed, Deposited, Deposit type, Withdrawal effective).

    With --bundled, the list shipped with the tracker: 125 States, each row with its public
    source. States not in the file keep their records (--replace removes them).

    Example: tracker states import --bundled
    """
    from tracker.db import transaction
    from tracker.errors import TrackerError, UsageError
    from tracker.ingest.membership import read_bundled_membership, read_membership
    from tracker.services.membership import apply_membership
    from tracker.wording import plural

    if bundled == (path is not None):
        raise UsageError(
            "give either a membership file or --bundled (the list shipped with the tracker)"
        )
    engine = engine_for(ctx)
    if path is None:
        parsed, name = read_bundled_membership(), "the list shipped with the tracker"
    elif not path.is_file():
        raise TrackerError(f"{path}: no such file")
    else:
        parsed, name = read_membership(path), path.name
    for issue in parsed.issues:
        typer.echo(issue.as_text(), err=True)
    if not parsed.ok:
        errors = sum(1 for i in parsed.issues if i.severity == "error")
        raise TrackerError(
            f"{name}: {plural(errors, 'error')}, nothing imported: correct the rows above"
        )
    with transaction(engine) as session:
        count = apply_membership(session, parsed, replace=replace)
    typer.echo(
        f"{plural(count, 'State')} imported from {name}" + (" (list replaced)" if replace else "")
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
    output: Annotated[Format, typer.Option("--format", help="text, json or csv.")] = Format.TEXT,
) -> None:
    """States with membership, entry into force and status on a date.

    Example: tracker states list --parties-on 2025-12-31 --format csv
    """
    from tracker.db import transaction
    from tracker.listings import states as listing
    from tracker.services.membership import list_states as query

    day = parse_on(parties_on, "--parties-on") or parse_on(on) or clock.today()
    engine = engine_for(ctx)
    with transaction(engine) as session:
        rows = query(session, day, parties_only=parties_on is not None)
    if output is Format.JSON:
        from tracker.listings.formats import to_json

        typer.echo(to_json(listing.as_json(rows, day, parties_only=parties_on is not None)))
    elif output is Format.CSV:
        typer.echo(listing.as_csv(rows), nl=False)
    else:
        for line in listing.text_lines(rows, day, parties_only=parties_on is not None):
            typer.echo(line)
