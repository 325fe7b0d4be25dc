"""``tracker import``: Article 7 workbooks (form workbooks and matrix sheets) into the store.

Thin: parse the options, start reading (:func:`tracker.ingest.ahead.open_batch`), store with
:func:`tracker.services.imports.import_batch`, render the result as text or JSON; the exit
code follows the result (1 when a file was rejected or rolled back).
"""

from __future__ import annotations

import contextlib
import enum
import shlex
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tracker.cli.common import engine_for, is_terminal

if TYPE_CHECKING:
    from tracker.services.import_results import BatchResult
    from tracker.services.imports import Progress


class OutputFormat(enum.StrEnum):
    """How the outcome is printed."""

    TEXT = "text"
    JSON = "json"


class MessageLanguage(enum.StrEnum):
    """The language of the issue messages: a UN language, or each workbook's own (``auto``)."""

    EN = "en"
    FR = "fr"
    ES = "es"
    AR = "ar"
    ZH = "zh"
    RU = "ru"
    AUTO = "auto"


LANG_HELP = (
    "Language of the issue messages: en (default), fr, es, ar, zh, ru, or auto (each "
    "workbook's own); codes, sheet!cell pointers and JSON keys stay the same."
)


def register(app: typer.Typer) -> None:
    """Add the top-level ``import`` command to ``app``."""
    app.command("import")(import_reports)


def import_reports(
    ctx: typer.Context,
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Workbooks (.xlsx, .xlsm) or folders (scanned recursively).",
            metavar="PATH",
            show_default=False,
        ),
    ],
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Validate and show the outcomes; write nothing."),
    ] = False,
    all_or_nothing: Annotated[
        bool,
        typer.Option(
            "--all-or-nothing",
            help="One transaction: store every file or, if any is rejected, none.",
        ),
    ] = False,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="Output: text or json.")
    ] = OutputFormat.TEXT,
    max_unzipped_mb: Annotated[
        int,
        typer.Option(
            "--max-unzipped-mb",
            min=1,
            envvar="TRACKER_MAX_UNZIPPED_MB",
            help="Reject workbooks larger than this uncompressed (MB).",
            metavar="N",
        ),
    ] = 100,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar.")] = False,
    lang: Annotated[
        MessageLanguage, typer.Option("--lang", help=LANG_HELP, show_default=False)
    ] = MessageLanguage.EN,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            min=0,
            envvar="TRACKER_IMPORT_JOBS",
            help="Worker processes reading workbooks while this one stores them "
            "(default: one per CPU; 0: read here).",
            metavar="N",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Import Article 7 workbooks: files or folders, in sorted path order, each file all or nothing.

    A file already stored (same SHA-256) is unchanged; another file for the same State, year and
    report type is a revision (the current version follows the latest date of submission).
    Exit code 1 when any file was rejected or rolled back.

    Example: tracker import reports/2025 --dry-run --format json --lang auto
    """
    import json

    from tracker.ingest.ahead import open_batch
    from tracker.messages import choose, issue_text, untranslated

    # Reading starts first, in worker processes, so that it overlaps the database's start-up
    # (SQLAlchemy, the schema check); a batch that never reaches the store stops its workers.
    limit = max_unzipped_mb * 1024 * 1024
    with open_batch(paths, max_unzipped_bytes=limit, jobs=jobs) as batch:
        from tracker.services.imports import import_batch

        engine = engine_for(ctx)
        arguments = _arguments(paths, dry_run, all_or_nothing, max_unzipped_mb, lang)
        with _progress_bar(enabled=is_terminal() and not quiet) as progress:
            result = import_batch(
                engine,
                batch,
                dry_run=dry_run,
                all_or_nothing=all_or_nothing,
                arguments=arguments,
                progress=progress,
            )
    if output_format is OutputFormat.JSON:
        for note in result.skipped:
            typer.echo(issue_text(note, choose(lang, None)), err=True)
        typer.echo(json.dumps(result.as_json(lang), ensure_ascii=False, indent=2))
    else:
        for line in text_lines(result, lang):
            typer.echo(line)
    for missing in untranslated(lang, [f.language for f in result.files]):
        typer.echo(f"note: no messages in {missing!r}: they are shown in English", err=True)
    if result.stop_message:
        typer.echo(f"error: {result.stop_message}", err=True)
    if dry_run:
        typer.echo("dry run: nothing was written to the store", err=True)
    if result.exit_code:
        # sys.exit, not typer.Exit: main() runs the app with standalone_mode=False, where click
        # returns an Exit's code instead of exiting with it.
        sys.exit(result.exit_code)


def text_lines(result: BatchResult, lang: str = "en") -> Iterator[str]:
    r"""One line per file with its outcome, then every issue, then the summary line.

    Lines are made as they are printed: 20,000 files' lines never sit in memory at once. A line
    break in a file name or a value is written as ``\n`` (:func:`tracker.issues.one_line`).
    Issue messages are in ``lang`` (``auto``: each workbook's own); the outcome lines and the
    summary line, which are the ISU's and scripts', stay English.
    """
    from tracker.issues import one_line
    from tracker.messages import choose, issue_text
    from tracker.wording import plural

    for f in result.files:
        one = f.single
        if one is not None:
            detail = f" ({one.state_iso3} {one.reporting_year} {one.report_type})"
        elif f.kind == "matrix":
            detail = f" (matrix: {plural(len(f.reports), 'report')})"
        else:
            detail = ""
        yield one_line(f"{f.outcome.value:<11} {f.path}{detail}")
    for f in result.files:
        shown = choose(lang, f.language)
        for issue in f.issues:
            yield issue_text(issue, shown)
    for note in result.skipped:
        yield issue_text(note, choose(lang, None))
    yield result.summary.as_text()


def _arguments(
    paths: list[Path], dry_run: bool, all_or_nothing: bool, max_mb: int, lang: str = "en"
) -> str:
    """The command for the audit trail (never the database URL: it may hold a password)."""
    words = ["tracker", "import", *(str(p) for p in paths)]
    words += ["--dry-run"] if dry_run else []
    words += ["--all-or-nothing"] if all_or_nothing else []
    words += [] if max_mb == 100 else ["--max-unzipped-mb", str(max_mb)]
    words += [] if lang == "en" else ["--lang", lang]
    return shlex.join(words)


@contextlib.contextmanager
def _progress_bar(*, enabled: bool) -> Iterator[Progress | None]:
    """A rich progress bar on standard error while the block runs, or nothing when not wanted."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn
    from rich.progress import Progress as Bar

    with Bar(
        TextColumn("importing"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("", total=None)

        def advance(done: int, total: int, path: str) -> None:
            bar.update(task, completed=done, total=total, description=Path(path).name)

        yield advance
