"""``tracker export``: workbooks for people outside the ISU (``spec/donor-workbook.md``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tracker.cli.common import (
    AsOfOption,
    SinceOption,
    database_url,
    engine_for,
    output_path,
    parse_on,
)
from tracker.wording import plural

app = typer.Typer(help="Workbooks for donors and partners.", no_args_is_help=True)


@app.command("donors")
def donors(
    ctx: typer.Context,
    output: Annotated[
        Path,
        typer.Option(
            "-o",
            "--output",
            help="The .xlsx file to write (a bare name goes into ./exports/).",
            metavar="FILE.xlsx",
        ),
    ],
    as_of: AsOfOption = None,
    since: SinceOption = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            help="Day the reporting and deadlines are judged on, YYYY-MM-DD (default: "
            "31 December of the year after A, so the workbook does not change daily, or today "
            "if that day has not come; never after today).",
            metavar="DATE",
        ),
    ] = None,
) -> None:
    """The donor workbook: needs statistics, needs by State, articles, reporting, method.

    Example: tracker export donors -o donors-2025.xlsx --as-of 2025 --since 2021
    """
    from tracker.gc import collector_paused

    # The whole command (imports included) makes many objects and no garbage cycles worth
    # collecting while it runs.
    with collector_paused():
        from tracker.db import transaction
        from tracker.errors import UsageError
        from tracker.services.export import write_donor_workbook
        from tracker.services.stats import check_window

        if output.suffix.lower() != ".xlsx":
            raise UsageError(f"-o must name an .xlsx file, not {output}")
        day = parse_on(on)
        if as_of is not None and since is not None:
            check_window(as_of, since)  # wrong usage before touching the database
        target = output_path(output)
        engine = engine_for(ctx)
        with transaction(engine) as session:
            data = write_donor_workbook(
                session, target, as_of, since, day, database_url=database_url(ctx)
            )
        engine.dispose()
        typer.echo(
            f"donor workbook: {target} (as of {data.as_of}, needs {data.since}–{data.as_of}, "
            f"{plural(data.reports_counted, 'report')} counted, "
            f"reporting judged on {data.on.isoformat()})"
        )
        if data.sample:
            typer.echo("note: sample data — the workbook says so on every sheet", err=True)
