"""``tracker template``: write the blank Article 7 workbook in any language of the layout."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add the top-level ``template`` command to ``app``."""
    app.command("template")(template)


def template(
    output: Annotated[
        Path,
        typer.Option(
            "-o",
            "--output",
            help="Workbook to write (.xlsx); a bare file name goes into ./exports/.",
            metavar="FILE.xlsx",
        ),
    ],
    lang: Annotated[
        str,
        typer.Option(
            "--lang",
            help="Language of the labels: en, fr, es, ar, zh or ru (the layout's languages).",
            metavar="LANG",
        ),
    ] = "en",
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
    """Write a blank Article 7 workbook (layout ccm-a7/2) that `tracker import` reads.

    Example: tracker template -o article7-ar.xlsx --lang ar
    """
    from tracker.cli.common import output_path
    from tracker.errors import UsageError
    from tracker.layouts import all_layouts
    from tracker.template import write_template

    layouts = all_layouts()
    if layout not in layouts:
        raise UsageError(f"--layout takes one of {', '.join(sorted(layouts))}, not {layout!r}")
    languages = layouts[layout].languages
    if lang not in languages:
        raise UsageError(f"--lang takes one of {', '.join(languages)}, not {lang!r}")
    if output.suffix.lower() not in (".xlsx", ".xlsm"):
        raise UsageError(f"-o must name an .xlsx file, not {output.name!r}")
    target = write_template(output_path(output), lang, layout)
    typer.echo(f"wrote {target}")
