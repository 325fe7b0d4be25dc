"""``tracker reports list`` and ``tracker reports withdraw``: the stored versions of reports."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from tracker.cli.common import engine_for

if TYPE_CHECKING:
    from tracker.services.reports import ReportChain, StoredVersion


def register(app: typer.Typer) -> None:
    """Add ``list`` and ``withdraw`` to the ``reports`` group."""
    app.command("list")(list_reports)
    app.command("withdraw")(withdraw)


def list_reports(
    ctx: typer.Context,
    year: Annotated[
        int | None, typer.Option("--year", help="Only this reporting year.", metavar="Y")
    ] = None,
    state: Annotated[
        str | None, typer.Option("--state", help="Only this State (name or ISO3).", metavar="S")
    ] = None,
) -> None:
    """Reports in the store: each State, year and type with its versions, the current one first.

    Each version shows its status (current, superseded, withdrawn), channel (workbook or
    matrix), date of submission, the start of its SHA-256 (what withdraw takes), who imported
    it (user@host, from the audit trail) and the file.

    Example: tracker reports list --year 2024 --state "Lao PDR"
    """
    from tracker.db import transaction
    from tracker.reference import require_state
    from tracker.services.reports import list_reports as query

    iso3 = require_state(state) if state else None
    engine = engine_for(ctx)
    with transaction(engine) as session:
        chains = query(session, year=year, state=iso3)
    if not chains:
        where = " ".join(x for x in (iso3, str(year) if year else None) if x)
        typer.echo("no reports in the store" + (f" for {where}" if where else ""))
        return
    for chain in chains:
        typer.echo(chain_lines(chain))


def chain_lines(chain: ReportChain) -> str:
    """A chain as text: a heading line, then one indented line per version."""
    key = chain.key
    count = len(chain.versions)
    heading = (
        f"{key.state_iso3} {key.reporting_year} {key.report_type.value}: "
        f"{count} version{'s' if count != 1 else ''}"
    )
    return "\n".join([heading, *(f"  {version_line(v)}" for v in chain.versions)])


def version_line(v: StoredVersion) -> str:
    """``current    workbook  submitted 2025-04-30  3c8dd20f3058  alice@isu-pc  reports/TCD.xlsx``.

    The user@host of the import that brought the version in sits before the file, so that the
    file (which may contain spaces) stays the end of the line.
    """
    status = "current" if v.is_current else "withdrawn" if v.is_withdrawn else "superseded"
    submitted = f"submitted {v.submitted_on.isoformat()}" if v.submitted_on else "undated"
    who = v.imported_by or "unknown"
    return f"{status:<10} {v.channel.value:<8}  {submitted:<20}  {v.sha256[:12]}  {who}  {v.where}"


def withdraw(
    ctx: typer.Context,
    sha256: Annotated[
        str,
        typer.Argument(
            help="The file's SHA-256, or its first 8 or more characters.", metavar="SHA256"
        ),
    ],
) -> None:
    """Withdraw a stored file's reports: kept as history, never current or counted again.

    The current version of each State, year and type it held is chosen again by the rule
    (latest date of submission). A matrix file withdraws all of its rows.

    Example: tracker reports withdraw 3c8dd20f
    """
    from tracker.db import transaction
    from tracker.services.reports import withdraw as run

    engine = engine_for(ctx)
    with transaction(engine) as session:
        done = run(session, sha256)
    if done.newly_withdrawn == 0:
        typer.echo(f"{done.path} ({done.sha256[:12]}) was withdrawn already: nothing changed")
        return
    typer.echo(
        f"withdrawn: {done.path} ({done.sha256[:12]}), "
        f"{done.newly_withdrawn} report{'s' if done.newly_withdrawn != 1 else ''}"
    )
    for chain in done.chains:
        current = chain.current
        now = f"current now {current.where}" if current else "no current version left"
        key = chain.key
        typer.echo(f"  {key.state_iso3} {key.reporting_year} {key.report_type.value}: {now}")
