"""``tracker reports recheck``: stored versions re-read under today's rules, changing nothing."""

from __future__ import annotations

import enum
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated

import typer

from tracker.cli.common import engine_for
from tracker.cli.imports import LANG_HELP, MessageLanguage

if TYPE_CHECKING:
    from tracker.services.recheck import RecheckResult


class OutputFormat(enum.StrEnum):
    """How the result is printed."""

    TEXT = "text"
    JSON = "json"


def register(app: typer.Typer) -> None:
    """Add ``recheck`` to the ``reports`` group."""
    app.command("recheck")(recheck)


def recheck(
    ctx: typer.Context,
    state: Annotated[
        str | None, typer.Option("--state", help="Only this State (name or ISO3).", metavar="S")
    ] = None,
    year: Annotated[
        int | None, typer.Option("--year", help="Only this reporting year.", metavar="Y")
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="Output: text or json.")
    ] = OutputFormat.TEXT,
    lang: Annotated[
        MessageLanguage, typer.Option("--lang", help=LANG_HELP, show_default=False)
    ] = MessageLanguage.EN,
    max_unzipped_mb: Annotated[
        int,
        typer.Option(
            "--max-unzipped-mb",
            min=1,
            envvar="TRACKER_MAX_UNZIPPED_MB",
            help="The size guard, as for tracker import (MB).",
            metavar="N",
        ),
    ] = 100,
) -> None:
    """Re-read every stored original under today's rules; list what would now change.

    Lists the versions today's reader would reject (with the errors) or read differently (each
    changed value with its cell), and those stored before originals were kept ("original not
    kept: re-import the file", with the date rules checked on the stored dates). Nothing in the
    store changes. Exit code 1 when a version would be rejected or read differently.

    Example: tracker reports recheck --year 2025
    """
    import json

    from tracker.db import session_factory
    from tracker.reference import require_state
    from tracker.services.recheck import recheck as run

    iso3 = require_state(state) if state else None
    engine = engine_for(ctx)
    with session_factory(engine)() as session:
        try:
            result = run(
                session, state=iso3, year=year, max_unzipped_bytes=max_unzipped_mb * 1024 * 1024
            )
        finally:
            session.rollback()  # read only: nothing to keep
    if output_format is OutputFormat.JSON:
        typer.echo(json.dumps(result.as_json(lang), ensure_ascii=False, indent=2))
    else:
        for line in text_lines(result, lang):
            typer.echo(line)
    if result.exit_code:
        sys.exit(result.exit_code)


OUTCOME_WORDS = {
    "rejected": "would be rejected",
    "changed": "would be read differently",
    "no-original": "original not kept: re-import the file",
}


def text_lines(result: RecheckResult, lang: str = "en") -> Iterator[str]:
    """A line per version worth listing, its issues or differences indented, then the summary.

    Issue messages are in ``lang`` (``auto``: each report's own); the rest stays English.
    """
    from tracker.messages import choose, issue_text

    for v in result.listed:
        yield (f"{v.label} ({v.status}, {v.sha256[:12]}) {v.path}: {OUTCOME_WORDS[v.outcome]}")
        for issue in v.issues:
            yield f"  {issue_text(issue, choose(lang, v.language))}"
        for difference in v.differences:
            yield f"  {difference.as_text()}"
        if v.more_differences:
            more = v.more_differences
            yield f"  … and {more} more difference{'s' if more != 1 else ''}"
    yield result.summary()
