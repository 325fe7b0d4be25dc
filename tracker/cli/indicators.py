"""``tracker indicators``: indicators as data (``spec/indicators.md``).

``list`` and ``check`` need no database; ``compute``, ``report`` and ``chart`` read the store
once through the indicators service. Every command loads the shipped catalogues and each
``--catalogue FILE``, validated against the shipped plan data plus ``--plans-dir`` files, and
stops with every problem (``FILE:LINE: message``, exit 1) before the database is opened.
"""

from __future__ import annotations

import enum
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tracker.cli.common import AsOfOption, SinceOption

if TYPE_CHECKING:
    from tracker.indicators.catalogue import Loaded
    from tracker.indicators.results import Run, Series
    from tracker.services.indicators import Options

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


class ComputeFormat(enum.StrEnum):
    """Output formats of ``indicators compute``."""

    TEXT = "text"
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"


class StyleChoice(enum.StrEnum):
    """How counts are written (words only in English)."""

    WORDS = "words"
    DIGITS = "digits"


class Lang(enum.StrEnum):
    """The sentences' language."""

    EN = "en"
    FR = "fr"
    ES = "es"


OnOption = Annotated[
    str | None,
    typer.Option(
        "--on",
        help="Judge reporting and deadlines on this date, YYYY-MM-DD (default: the earlier of "
        "31 December A+1 and today; never after today).",
        metavar="DATE",
    ),
]
YearsOption = Annotated[
    str | None,
    typer.Option(
        "--years",
        help="A series Y1-Y2 (at most 30 years): each year with A = the year; not with "
        "--as-of or --on.",
        metavar="Y1-Y2",
    ),
]
StyleOption = Annotated[
    StyleChoice | None,
    typer.Option("--style", help="Counts in words (English only, the default) or digits."),
]
LangOption = Annotated[Lang, typer.Option("--lang", help="Sentences in en, fr or es.")]
OutputOption = Annotated[
    Path | None,
    typer.Option("-o", "--output", help="The file to write (a bare name goes to ./exports/)."),
]


def _options(
    ctx: typer.Context,
    as_of: int | None,
    since: int | None,
    on: str | None,
    style: StyleChoice | None,
    lang: Lang,
) -> Options:
    from tracker.cli.common import database_url, parse_on
    from tracker.config import database_name
    from tracker.services.indicators import Options, check_options
    from tracker.services.stats import check_window
    from tracker.wording import Style

    chosen = Style(style.value) if style else (Style.WORDS if lang is Lang.EN else Style.DIGITS)
    check_options(chosen, lang.value)
    day = parse_on(on)
    if as_of is not None and since is not None:
        check_window(as_of, since)
    return Options(as_of, since, day, chosen, lang.value, database_name(database_url(ctx)))


def _target(output: Path | None, suffixes: tuple[str, ...], what: str) -> Path:
    """``-o``, checked: required, with one of ``suffixes`` (exit 2 otherwise)."""
    from tracker.cli.common import output_path
    from tracker.errors import UsageError

    wanted = " or ".join(suffixes)
    if output is None:
        raise UsageError(f"{what} is written to a file: give -o FILE{suffixes[0]}")
    if output.suffix.lower() not in suffixes:
        raise UsageError(f"-o must name a {wanted} file for {what}, not {output}")
    return output_path(output)


def _compute(
    ctx: typer.Context,
    loaded: Loaded,
    ids: list[str] | None,
    plan: str | None,
    years: str | None,
    options: Options,
    *,
    sources: bool = False,
) -> Run | Series:
    from tracker.db import transaction
    from tracker.indicators.catalogue import select
    from tracker.services.indicators import compute_run, compute_series, parse_years

    chosen = select(loaded, ids or (), plan)
    span = parse_years(years) if years is not None else None
    if span is not None and (options.as_of is not None or options.on is not None):
        from tracker.errors import UsageError

        raise UsageError("--years computes each year with its own --as-of and --on: give one")
    from tracker.cli.common import engine_for

    engine = engine_for(ctx)
    try:
        with transaction(engine) as session:
            if span is not None:
                return compute_series(session, loaded, chosen, *span, options)
            return compute_run(session, loaded, chosen, options, sources=sources)
    finally:
        engine.dispose()


@app.command("compute")
def compute(
    ctx: typer.Context,
    ids: Annotated[
        list[str] | None,
        typer.Argument(help="Indicator ids, in the order wanted (default: all).", metavar="ID…"),
    ] = None,
    plan: Annotated[
        str | None,
        typer.Option("--plan", help="The indicators of one catalogue: key or plan name, or core."),
    ] = None,
    as_of: AsOfOption = None,
    since: SinceOption = None,
    on: OnOption = None,
    years: YearsOption = None,
    catalogue: CatalogueOption = None,
    plans_dir: PlansDirOption = None,
    fmt: Annotated[
        ComputeFormat, typer.Option("--format", help="text, json, csv or xlsx (with -o).")
    ] = ComputeFormat.TEXT,
    output: OutputOption = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="Each State with the cell behind it.")
    ] = False,
    style: StyleOption = None,
    lang: LangOption = Lang.EN,
) -> None:
    """Compute indicators from the store: sentences, both State lists, figures.

    Example: tracker indicators compute core.needs.art4 --as-of 2024 --explain
    """
    from tracker.gc import collector_paused
    from tracker.indicators.output import render_csv, render_json, render_text

    loaded = _load(catalogue, plans_dir)
    options = _options(ctx, as_of, since, on, style, lang)
    target = _target(output, (".xlsx",), "--format xlsx") if fmt is ComputeFormat.XLSX else None
    with collector_paused():
        data = _compute(ctx, loaded, ids, plan, years, options)
    if fmt is ComputeFormat.XLSX and target is not None:
        from tracker.indicators.workbook import write_workbook

        write_workbook(data, target)
        typer.echo(f"Indicators workbook: {target}")
        return
    if fmt is ComputeFormat.JSON:
        text = render_json(data, explain=explain) + "\n"
    elif fmt is ComputeFormat.CSV:
        text = render_csv(data)
    else:
        text = render_text(data, explain=explain) + "\n"
    if output is not None:
        from tracker.cli.common import output_path

        path = output_path(output)
        path.write_text(text, encoding="utf-8")
        typer.echo(f"Indicators: {path}")
    else:
        typer.echo(text, nl=False)


@app.command("report")
def report(
    ctx: typer.Context,
    output: OutputOption = None,
    plan: Annotated[
        str | None,
        typer.Option("--plan", help="The action plan (default: the plan governing A)."),
    ] = None,
    as_of: AsOfOption = None,
    since: SinceOption = None,
    on: OnOption = None,
    catalogue: CatalogueOption = None,
    plans_dir: PlansDirOption = None,
    style: StyleOption = None,
    lang: LangOption = Lang.EN,
) -> None:
    """Write the Word draft of the progress report: a chapter per theme, then the Method.

    Example: tracker indicators report --as-of 2024 -o progress-2024.docx
    """
    from tracker.errors import UsageError
    from tracker.gc import collector_paused
    from tracker.indicators.catalogue import plan_key
    from tracker.indicators.report import governing_plan, write_report
    from tracker.indicators.results import Run, Series

    loaded = _load(catalogue, plans_dir)
    target = _target(output, (".docx",), "the progress report")
    options = _options(ctx, as_of, since, on, style, lang)
    wanted = None
    if plan is not None:
        key = plan_key(loaded, plan)
        name = next(c.plan for c in loaded.catalogues if c.key == key)
        if name is None:
            raise UsageError(f"{plan} is not an action plan: name one with --plan (lausanne)")
        wanted = loaded.plans.named(name)
    with collector_paused():
        every = _compute(ctx, loaded, None, None, None, options, sources=True)
        assert isinstance(every, Run)
        chosen_plan = governing_plan(loaded.plans.plans, every.as_of, wanted)
        keys = {c.key for c in loaded.catalogues if c.plan in (None, chosen_plan.name)}
        results = tuple(r for r in every.results if r.indicator.catalogue in keys)
        from dataclasses import replace

        run = replace(every, results=results)
        first = max(chosen_plan.first_year, run.as_of - 29)
        series = None
        if first < run.as_of and any(r.unit is not None for r in results):
            ids = [r.id for r in results]
            series_data = _compute(
                ctx,
                loaded,
                ids,
                None,
                f"{first}-{run.as_of}",
                replace(options, as_of=None, on=None, since=options.since),
            )
            assert isinstance(series_data, Series)
            series = series_data
        write_report(run, chosen_plan, target, series=series)
    typer.echo(f"Progress-report draft: {target}")


@app.command("chart")
def chart(
    ctx: typer.Context,
    indicator_id: Annotated[str, typer.Argument(help="The indicator to draw.", metavar="ID")],
    output: OutputOption = None,
    years: YearsOption = None,
    as_of: AsOfOption = None,
    since: SinceOption = None,
    on: OnOption = None,
    catalogue: CatalogueOption = None,
    plans_dir: PlansDirOption = None,
) -> None:
    """Draw one indicator: bars for one year, or a line of its value over --years.

    Example: tracker indicators chart core.reporting.on_time --years 2021-2025 -o on-time.png
    """
    from tracker.errors import TrackerError
    from tracker.indicators.catalogue import select
    from tracker.indicators.charts import draw, series_chart, year_chart
    from tracker.indicators.results import Run

    loaded = _load(catalogue, plans_dir)
    target = _target(output, (".png", ".svg"), "a chart")
    (indicator,) = select(loaded, [indicator_id])
    if not indicator.computable:
        raise TrackerError(f"{indicator.id} is not computable from Article 7 reports")
    options = _options(ctx, as_of, since, on, None, Lang.EN)
    data = _compute(ctx, loaded, [indicator_id], None, years, options)
    spec = (
        year_chart(data.result(indicator_id), data.as_of)
        if isinstance(data, Run)
        else series_chart(data, indicator_id)
    )
    draw(spec, target)
    typer.echo(f"Chart: {target}")
