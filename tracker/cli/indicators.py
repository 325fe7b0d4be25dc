"""``tracker indicators``: indicators as data (``spec/indicators.md``): list, check.

Both commands need no database: they load the shipped catalogues and each ``--catalogue FILE``,
validated against the shipped plan data plus ``--plans-dir`` files, and stop with every problem
(``FILE:LINE: message``, exit 1) before anything else runs.
"""

from __future__ import annotations

import enum
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from tracker.indicators.catalogue import Loaded

app = typer.Typer(
    help="Indicators as data: the catalogues of X-of-Y indicators and their checks.",
    no_args_is_help=True,
)


class ListFormat(enum.StrEnum):
    """Output formats of ``indicators list``."""

    TEXT = "text"
    JSON = "json"
    CSV = "csv"


class CheckFormat(enum.StrEnum):
    """Output formats of ``indicators check``."""

    TEXT = "text"
    JSON = "json"


CatalogueOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--catalogue",
        help="A further catalogue file, loaded after the shipped ones (repeatable).",
        metavar="FILE",
    ),
]
PlansDirOption = Annotated[
    Path | None,
    typer.Option(
        "--plans-dir",
        help="Plan files to check themes, plans and actions against, beside the shipped ones "
        "(the files `tracker plans load DIR` takes).",
        metavar="DIR",
    ),
]


def _load(catalogues: list[Path] | None, plans_dir: Path | None) -> Loaded:
    """The catalogues, or every problem on stderr and exit 1 when any is an error."""
    from tracker.indicators.catalogue import load_catalogues
    from tracker.indicators.model import CatalogueError

    try:
        loaded = load_catalogues(catalogues or [], plans_dir)
    except CatalogueError as exc:  # the plan files of --plans-dir
        for issue in exc.issues:
            typer.echo(issue.as_text(), err=True)
        raise
    for issue in loaded.issues:
        typer.echo(issue.as_text(), err=True)
    return loaded.require_valid()


@app.command("list")
def list_indicators(
    plan: Annotated[
        str | None,
        typer.Option(
            "--plan", help="Only one catalogue: its key or plan name (any case), or core."
        ),
    ] = None,
    catalogue: CatalogueOption = None,
    plans_dir: PlansDirOption = None,
    fmt: Annotated[ListFormat, typer.Option("--format", help="text, json or csv.")] = (
        ListFormat.TEXT
    ),
) -> None:
    """The loaded indicators: id, plan, actions, theme, unit, title (never cut).

    Example: tracker indicators list --plan lausanne
    """
    from tracker.indicators.catalogue import select
    from tracker.indicators.output import render_list

    loaded = _load(catalogue, plans_dir)
    chosen = select(loaded, plan=plan)
    typer.echo(render_list(chosen, fmt.value), nl=False)


@app.command("check")
def check(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Catalogue files to check (with the shipped ones).", metavar="FILE…"),
    ] = None,
    plans_dir: PlansDirOption = None,
    fmt: Annotated[CheckFormat, typer.Option("--format", help="text or json.")] = (
        CheckFormat.TEXT
    ),
) -> None:
    """Check catalogue files: every problem as FILE:LINE: message; exit 1 on any error.

    The shipped catalogues are checked with them (duplicate ids are found across files).

    Example: tracker indicators check my-indicators.yaml --plans-dir drafts/plans
    """
    from tracker.indicators.catalogue import load_catalogues
    from tracker.indicators.model import CatalogueError, plural

    try:
        loaded = load_catalogues(files or [], plans_dir)
    except CatalogueError as exc:
        for issue in exc.issues:
            typer.echo(issue.as_text(), err=True)
        raise
    if fmt is CheckFormat.JSON:
        doc = {
            "files": [
                {
                    "path": f.file,
                    "indicators": f.indicators,
                    "issues": [i.as_json() for i in f.issues],
                }
                for f in loaded.files
            ]
        }
        typer.echo(json.dumps(doc, indent=2, ensure_ascii=False))
    else:
        for issue in loaded.issues:
            typer.echo(issue.as_text(), err=True)
        for f in loaded.files:
            counts = [plural(f.errors, "error")] if f.errors else []
            counts += [plural(f.warnings, "warning")] if f.warnings else []
            problems = ", ".join(counts) or "no problems"
            typer.echo(f"{f.file}: {plural(f.indicators, 'indicator')}, {problems}")
    if loaded.has_errors:
        raise typer.Exit(1)
