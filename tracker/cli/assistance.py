"""``tracker assistance``: flows of assistance provided and received, matched with needs.

``import`` stores flow files from other sources (Monitor tables, IATI exports as CSV or xlsx),
``withdraw`` / ``reinstate`` take one out of the counts and back, ``list`` shows every stored
flow, ``match`` says which declared needs were reported supported (``spec/assistance.md``).
"""

from __future__ import annotations

import enum
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from tracker.cli.common import (
    AsOfOption,
    CurrentOption,
    SinceOption,
    StyleOption,
    engine_for,
)
from tracker.wording import Style

app = typer.Typer(
    help="Assistance provided and received: import flow files, list flows, match with needs.",
    no_args_is_help=True,
)


class OutputFormat(enum.StrEnum):
    """text, json or csv."""

    TEXT = "text"
    JSON = "json"
    CSV = "csv"


class ImportFormat(enum.StrEnum):
    """text or json."""

    TEXT = "text"
    JSON = "json"


RatesOption = Annotated[
    Path | None,
    typer.Option(
        "--rates",
        help="CSV currency,year,rate_to_usd: also show amounts converted to USD (labelled so).",
        metavar="FILE",
    ),
]


def _rates(path: Path | None) -> Any:
    from tracker.assistance.rates import read_rates

    return None if path is None else read_rates(path)


@app.command("import")
def import_flows(
    ctx: typer.Context,
    paths: Annotated[
        list[Path], typer.Argument(help="CSV or .xlsx flow files.", metavar="FILE...")
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Read and check everything, store nothing.")
    ] = False,
    source: Annotated[
        str | None,
        typer.Option(
            "--source", help="Source text for rows that leave Source blank.", metavar="TEXT"
        ),
    ] = None,
    output: Annotated[
        ImportFormat, typer.Option("--format", help="text or json.")
    ] = ImportFormat.TEXT,
) -> None:
    """Store flow files from other sources, each in one transaction, once per SHA-256.

    The header row holds Donor, Recipient, Year, Area, Amount, Currency, Type and Source
    (Channel and Description optional). A file with an error is rejected whole and the store
    is left as it was; a file stored already is unchanged.

    Example: tracker assistance import imports/assistance/monitor-2024.csv --dry-run
    """
    from tracker.issues import one_line
    from tracker.services.assistance import import_flow_files
    from tracker.services.audit import finish_run, start_run
    from tracker.services.loading.loader import Outcome
    from tracker.wording import plural

    engine = engine_for(ctx)
    run_id = None
    if not dry_run:
        arguments = " ".join(["tracker assistance import", *(str(p) for p in paths)])
        run_id = start_run(engine, arguments)
    result = import_flow_files(engine, paths, dry_run=dry_run, source=source, run_id=run_id)
    if run_id is not None:
        finish_run(engine, run_id)
    engine.dispose()
    if output is ImportFormat.JSON:
        typer.echo(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
    else:
        for f in result.files:
            rows = "" if f.outcome is Outcome.REJECTED else f" ({plural(f.rows, 'row')})"
            typer.echo(one_line(f"{f.outcome.value:<11} {f.path}{rows}"))
        for f in result.files:
            for found in f.issues:
                typer.echo(found.as_text())
        typer.echo(result.summary_text())
    if dry_run:
        typer.echo("dry run: nothing was written to the store", err=True)
    if result.exit_code:
        sys.exit(result.exit_code)


def _reason_option() -> Any:
    return typer.Option(
        "--reason",
        help="Why (required): goes into the audit trail with who and when.",
        metavar="TEXT",
        show_default=False,
    )


ShaArgument = Annotated[
    str,
    typer.Argument(
        help="The flow file's SHA-256, or its first 8 or more characters.", metavar="SHA256"
    ),
]


@app.command("withdraw")
def withdraw(
    ctx: typer.Context, sha256: ShaArgument, reason: Annotated[str, _reason_option()]
) -> None:
    """Withdraw a flow file: kept, but its flows are never counted or listed.

    Example: tracker assistance withdraw 3c8dd20f --reason "superseded by the 2025 table"
    """
    _change(ctx, sha256, reason, withdrawn=True)


@app.command("reinstate")
def reinstate(
    ctx: typer.Context, sha256: ShaArgument, reason: Annotated[str, _reason_option()]
) -> None:
    """Undo a withdrawal: the file's flows count again.

    Example: tracker assistance reinstate 3c8dd20f --reason "withdrawn by mistake"
    """
    _change(ctx, sha256, reason, withdrawn=False)


def _change(ctx: typer.Context, sha256: str, reason: str, *, withdrawn: bool) -> None:
    from tracker.db import transaction
    from tracker.services.assistance import set_withdrawn
    from tracker.services.reports import check_reason
    from tracker.wording import plural

    check_reason(reason)  # wrong usage before touching the database
    engine = engine_for(ctx)
    with transaction(engine) as session:
        done = set_withdrawn(session, sha256, withdrawn=withdrawn, reason=reason)
    label = f"{done.file_name} ({done.sha256[:12]})"
    if not done.changed:
        state = "was withdrawn already" if withdrawn else "is not withdrawn"
        typer.echo(f"{label} {state}: nothing changed")
        return
    word = "withdrawn" if withdrawn else "reinstated"
    typer.echo(f"{word}: {label}, {plural(done.flows, 'flow')}")


@app.command("list")
def list_flows(
    ctx: typer.Context,
    recipient: Annotated[
        str | None,
        typer.Option("--recipient", help="A State, Global or a region.", metavar="S"),
    ] = None,
    donor: Annotated[
        str | None, typer.Option("--donor", help="A State or an organisation.", metavar="S")
    ] = None,
    year: Annotated[int | None, typer.Option("--year", help="Only this year.", metavar="Y")] = None,
    area: Annotated[
        str | None, typer.Option("--area", help="A flow area code or label.", metavar="A")
    ] = None,
    side: Annotated[
        str | None,
        typer.Option(
            "--side", help="donor_report, recipient_report or other_source.", metavar="SIDE"
        ),
    ] = None,
    rates: RatesOption = None,
    output: Annotated[OutputFormat, typer.Option("--format", help="text, json or csv.")] = (
        OutputFormat.TEXT
    ),
) -> None:
    """Every stored flow (no window), restated rows once, by year, recipient, donor, side.

    Example: tracker assistance list --recipient "Lao PDR" --format csv
    """
    from tracker.assistance.listing import (
        area_filter,
        donor_filter,
        recipient_filter,
        render_list_csv,
        render_list_json,
        render_list_text,
    )
    from tracker.db import transaction
    from tracker.enums import FlowSide
    from tracker.errors import UsageError
    from tracker.services.assistance import list_flows as query

    chosen_side = None
    if side is not None:
        try:
            chosen_side = FlowSide(side.strip().lower())
        except ValueError:
            allowed = ", ".join(s.value for s in FlowSide)
            raise UsageError(f"--side takes {allowed}, not {side!r}") from None
    chosen_area = area_filter(area) if area is not None else None
    chosen_recipient = recipient_filter(recipient) if recipient is not None else None
    chosen_donor = donor_filter(donor) if donor is not None else None
    table = _rates(rates)
    engine = engine_for(ctx)
    with transaction(engine) as session:
        flows = query(
            session,
            recipient=chosen_recipient,
            donor=chosen_donor,
            year=year,
            area=chosen_area,
            side=chosen_side,
        )
    engine.dispose()
    if output is OutputFormat.JSON:
        typer.echo(render_list_json(flows, table))
    elif output is OutputFormat.CSV:
        typer.echo(render_list_csv(flows, table), nl=False)
    else:
        typer.echo(render_list_text(flows, table), nl=False)


@app.command("match")
def match(
    ctx: typer.Context,
    as_of: AsOfOption = None,
    since: SinceOption = None,
    current: CurrentOption = False,
    style: StyleOption = Style.WORDS,
    rates: RatesOption = None,
    output: Annotated[OutputFormat, typer.Option("--format", help="text, json or csv.")] = (
        OutputFormat.TEXT
    ),
    explain: Annotated[
        bool,
        typer.Option("--explain", help="Show each State's need and the flows that decided it."),
    ] = False,
) -> None:
    """Which declared needs were reported supported: supported, possibly, or no reported support.

    Example: tracker assistance match --as-of 2025 --since 2021 --explain
    """
    from tracker.assistance.output import render_csv, render_json, render_text
    from tracker.db import transaction
    from tracker.services.assistance import compute_match
    from tracker.services.stats import check_window

    if as_of is not None and since is not None:
        check_window(as_of, since)  # wrong usage before touching the database
    table = _rates(rates)
    engine = engine_for(ctx)
    with transaction(engine) as session:
        found = compute_match(
            session, as_of=as_of, since=since, current_only=current, style=style, rates=table
        )
    engine.dispose()
    result = found.result
    if output is OutputFormat.JSON:
        typer.echo(render_json(result, explain=explain))
    elif output is OutputFormat.CSV:
        typer.echo(render_csv(result), nl=False)
    else:
        typer.echo(render_text(result, explain=explain), nl=False)
