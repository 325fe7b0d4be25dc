"""``tracker reports list``, ``withdraw`` and ``reinstate``: the stored versions of reports."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from tracker.cli.common import engine_for
from tracker.listings.formats import Format


def register(app: typer.Typer) -> None:
    """Add ``list``, ``withdraw`` and ``reinstate`` to the ``reports`` group."""
    app.command("list")(list_reports)
    app.command("withdraw")(withdraw)
    app.command("reinstate")(reinstate)


def list_reports(
    ctx: typer.Context,
    year: Annotated[
        int | None, typer.Option("--year", help="Only this reporting year.", metavar="Y")
    ] = None,
    state: Annotated[
        str | None, typer.Option("--state", help="Only this State (name or ISO3).", metavar="S")
    ] = None,
    output: Annotated[Format, typer.Option("--format", help="text, json or csv.")] = Format.TEXT,
) -> None:
    """Reports in the store: each State, year and type with its versions, the current one first.

    Each version shows its status (current, superseded, withdrawn), channel (workbook or
    matrix), date of submission, the start of its SHA-256 (what withdraw takes), who imported
    it (user@host, from the audit trail) and the file. JSON and CSV give the whole SHA-256.

    Example: tracker reports list --year 2024 --state "Lao PDR"
    """
    from tracker.db import transaction
    from tracker.listings import reports as listing
    from tracker.reference import require_state
    from tracker.services.reports import list_reports as query

    iso3 = require_state(state) if state else None
    engine = engine_for(ctx)
    with transaction(engine) as session:
        chains = query(session, year=year, state=iso3)
    if output is Format.JSON:
        from tracker.listings.formats import to_json

        typer.echo(to_json(listing.as_json(chains)))
        return
    if output is Format.CSV:
        typer.echo(listing.as_csv(chains), nl=False)
        return
    if not chains:
        where = " ".join(x for x in (iso3, str(year) if year else None) if x)
        typer.echo("no reports in the store" + (f" for {where}" if where else ""))
        return
    for text in listing.text_lines(chains):
        typer.echo(text)


ShaArgument = Annotated[
    str,
    typer.Argument(
        help="The file's SHA-256, or its first 8 or more characters (tracker reports list).",
        metavar="SHA256",
    ),
]


def _reason_option(help_text: str) -> Any:
    return typer.Option("--reason", help=help_text, metavar="TEXT", show_default=False)


def withdraw(
    ctx: typer.Context,
    sha256: ShaArgument,
    reason: Annotated[
        str, _reason_option("Why (required): goes into the audit trail with who and when.")
    ],
) -> None:
    """Withdraw a stored file's reports: kept as history, never current or counted again.

    Every report of the file is withdrawn (a matrix file holds many); the current version of
    each State, year and type is chosen again by the rule (latest date of submission). The
    withdrawal is recorded with who, when and why (tracker reports history) and can be undone
    with tracker reports reinstate.

    Example: tracker reports withdraw 3c8dd20f --reason "date of submission typed as 2027"
    """
    _change(ctx, sha256, reason, withdrawn=True)


def reinstate(
    ctx: typer.Context,
    sha256: ShaArgument,
    reason: Annotated[
        str, _reason_option("Why (required): goes into the audit trail with who and when.")
    ],
) -> None:
    """Undo a withdrawal: the file's reports count again, current by the rule.

    Every report of the file is reinstated; whether each becomes current again is decided by
    the rule (latest date of submission), not by the order of the commands. Recorded in the
    audit trail like the withdrawal.

    Example: tracker reports reinstate 3c8dd20f --reason "withdrawn by mistake"
    """
    _change(ctx, sha256, reason, withdrawn=False)


def _change(ctx: typer.Context, sha256: str, reason: str, *, withdrawn: bool) -> None:
    from tracker.db import transaction
    from tracker.services.reports import check_reason
    from tracker.services.reports import reinstate as undo
    from tracker.services.reports import withdraw as run
    from tracker.wording import plural

    check_reason(reason)  # wrong usage before touching the database
    engine = engine_for(ctx)
    with transaction(engine) as session:
        done = (run if withdrawn else undo)(session, sha256, reason=reason)
    label = f"{done.path} ({done.sha256[:12]})"
    if done.changed == 0:
        state = "was withdrawn already" if withdrawn else "is not withdrawn"
        typer.echo(f"{label} {state}: nothing changed")
        return
    typer.echo(
        f"{'withdrawn' if withdrawn else 'reinstated'}: {label}, {plural(done.changed, 'report')}"
    )
    for chain in done.chains:
        current = chain.current
        now = f"current now {current.where}" if current else "no current version left"
        key = chain.key
        typer.echo(f"  {key.state_iso3} {key.reporting_year} {key.report_type.value}: {now}")
