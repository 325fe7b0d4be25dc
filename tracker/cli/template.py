"""``tracker template``: the blank Article 7 workbook, or a State's report pre-filled.

Any layout (``--layout``, default the newest) in any of its languages. The pre-fill is
:mod:`tracker.services.prefill`, the same service as the web app's ``/entry``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add the top-level ``template`` command to ``app``."""
    app.command("template")(template)


def template(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="Workbook to write (.xlsx); a bare file name goes into ./exports/.",
            metavar="FILE.xlsx",
        ),
    ] = None,
    state: Annotated[
        str | None,
        typer.Option(
            "--state", help="Pre-fill the State's next annual report from its latest report."
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year", help="Reporting year (default: the year after its latest report).", min=1990
        ),
    ] = None,
    all_parties: Annotated[
        Path | None,
        typer.Option(
            "--all-parties",
            help="Write DIR/ISO3-YEAR-annual.xlsx for every State Party today (never overwrites).",
            metavar="DIR",
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Language of the labels: en, fr, es, ar, zh or ru (the layout's languages; "
            "default: en; pre-filled: that of the latest report).",
            metavar="LANG",
        ),
    ] = None,
    layout: Annotated[
        str,
        typer.Option(
            "--layout",
            help="Layout to write: ccm-a7/2 (default, with assistance provided and received) "
            "or ccm-a7/1 (the 2010 format's single assistance table).",
            metavar="ID",
        ),
    ] = "ccm-a7/2",
) -> None:
    """Write an Article 7 workbook (ccm-a7/2 by default) for `tracker import`, blank or pre-filled.

    Example: tracker template -o chad-2025.xlsx --state Chad --year 2025
    """
    from tracker.cli.common import output_path
    from tracker.errors import UsageError
    from tracker.layouts import all_layouts
    from tracker.template import write_template

    layouts = all_layouts()
    if layout not in layouts:
        raise UsageError(f"--layout takes one of {', '.join(sorted(layouts))}, not {layout!r}")
    languages = layouts[layout].languages
    if lang is not None and lang not in languages:
        raise UsageError(f"--lang takes one of {', '.join(languages)}, not {lang!r}")
    if all_parties is not None:
        if output is not None or state is not None or year is not None:
            raise UsageError("--all-parties takes no -o, --state or --year: it writes them all")
        _all_parties(ctx, all_parties, lang, layout)
        return
    if output is None:
        raise UsageError("give -o FILE.xlsx (or --all-parties DIR)")
    if output.suffix.lower() not in (".xlsx", ".xlsm"):
        raise UsageError(f"-o must name an .xlsx file, not {output.name!r}")
    if state is None:
        if year is not None:
            raise UsageError("--year needs --state (a blank template has no year)")
        typer.echo(f"wrote {write_template(output_path(output), lang or 'en', layout)}")
        return
    _one_state(ctx, output, state, year, lang, layout)


def _one_state(
    ctx: typer.Context,
    output: Path,
    state: str,
    year: int | None,
    lang: str | None,
    layout: str,
) -> None:
    from tracker.cli.common import engine_for, output_path
    from tracker.db import transaction
    from tracker.reference import require_state
    from tracker.services.prefill import prefill
    from tracker.template import write_template

    iso3 = require_state(state)
    with transaction(engine_for(ctx)) as session:
        filled = prefill(session, iso3, year=year, lang=lang, layout_id=layout)
    target = write_template(output_path(output), filled.lang, filled.layout_id, filled.fill)
    typer.echo(f"wrote {target}: {_said(filled)}")


def _said(filled: object) -> str:
    from tracker.services.prefill import Prefill

    assert isinstance(filled, Prefill)
    what = f"{filled.state_iso3} {filled.year} annual ({filled.lang})"
    if filled.source is None:
        return f"{what}, blank: {filled.source_label}"
    return f"{what}, pre-filled from {filled.source_label}; fill in the date of submission"


def _all_parties(ctx: typer.Context, folder: Path, lang: str | None, layout: str) -> None:
    from tracker import clock
    from tracker.cli.common import engine_for
    from tracker.db import transaction
    from tracker.errors import TrackerError
    from tracker.membership import no_membership_message
    from tracker.services.prefill import parties_on, prefill
    from tracker.template import write_template
    from tracker.wording import plural

    today = clock.today()
    folder.mkdir(parents=True, exist_ok=True)
    written = kept = 0
    with transaction(engine_for(ctx)) as session:
        parties = parties_on(session, today)
        if not parties:
            raise TrackerError(no_membership_message())
        for iso3 in parties:
            filled = prefill(session, iso3, lang=lang, layout_id=layout)
            target = folder / filled.file_name
            try:
                with target.open("xb") as fh:  # never overwrites, even a file made meanwhile
                    fh.write(b"")
            except FileExistsError:
                typer.echo(f"kept    {target} (exists; not overwritten)")
                kept += 1
                continue
            write_template(target, filled.lang, filled.layout_id, filled.fill)
            typer.echo(f"wrote   {target}: {_said(filled)}")
            written += 1
    typer.echo(
        f"{plural(len(parties), 'State Party', 'States Parties')} on {today.isoformat()}: "
        f"{written} written, {kept} kept"
    )
