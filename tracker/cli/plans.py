"""``tracker plans``: the action plans (``spec/action-plans.md``): compare, show, load."""

from __future__ import annotations

import enum
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tracker.cli.common import engine_for, output_path
from tracker.errors import TrackerError, UsageError
from tracker.invocation import command_line
from tracker.listings.formats import NestedFormat
from tracker.wording import plural

if TYPE_CHECKING:
    from tracker.plans.schema import Plan

app = typer.Typer(
    help="The action plans: the comparison table, one plan, extra plan files.",
    no_args_is_help=True,
)


class Format(enum.StrEnum):
    """Output formats of ``plans compare``."""

    text = "text"
    xlsx = "xlsx"


def _width() -> int:
    """The terminal's width (``COLUMNS`` when set), 120 when output is not a terminal."""
    return shutil.get_terminal_size((120, 24)).columns


def _stored_plans(ctx: typer.Context) -> tuple[Plan, ...]:
    from tracker.db import transaction
    from tracker.services.plans import plans_from_store

    with transaction(engine_for(ctx)) as session:
        plans = plans_from_store(session)
    if not plans:
        raise TrackerError(f"no action plans in the store: run {command_line('db', 'upgrade')}")
    return plans


@app.command("compare")
def compare(
    ctx: typer.Context,
    fmt: Annotated[
        Format, typer.Option("--format", help="text (terminal) or xlsx (needs -o).")
    ] = Format.text,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="File to write (bare names go into ./exports/)."),
    ] = None,
    width: Annotated[
        int | None,
        typer.Option("--width", min=40, help="Text width (default: the terminal's, else 120)."),
    ] = None,
) -> None:
    """The plans compared section by section: themes as rows, plans as columns.

    Example: tracker plans compare --format xlsx -o action-plans.xlsx
    """
    from tracker.plans.compare import compare_plans
    from tracker.plans.render import comparison_text

    if fmt is Format.xlsx and output is None:
        raise UsageError("--format xlsx writes a workbook: give the file with -o FILE.xlsx")
    plans = _stored_plans(ctx)
    if fmt is Format.xlsx:
        from tracker.plans.workbook import write_workbook

        assert output is not None
        target = output_path(output)
        write_workbook(plans, target)
        typer.echo(f"comparison of {plural(len(plans), 'plan')} written: {target}")
        return
    text = comparison_text(compare_plans(plans), width or _width())
    if output is None:
        typer.echo(text, nl=False)
    else:
        target = output_path(output)
        target.write_text(text, encoding="utf-8")
        typer.echo(f"comparison of {plural(len(plans), 'plan')} written: {target}")


@app.command("show")
def show(
    ctx: typer.Context,
    plan: Annotated[str, typer.Argument(help="Name, label, city or a unique prefix (any case).")],
    output: Annotated[
        NestedFormat, typer.Option("--format", help="text or json.")
    ] = NestedFormat.TEXT,
) -> None:
    """One plan: its period, its sections in order and its known actions.

    Example: tracker plans show Dubrovnik --format json
    """
    found = find_plan(_stored_plans(ctx), plan)
    if output is NestedFormat.JSON:
        from tracker.listings.formats import to_json
        from tracker.plans.output import plan_shape

        typer.echo(to_json(plan_shape(found)))
        return
    from tracker.plans.render import plan_text

    typer.echo(plan_text(found, _width()), nl=False)


def find_plan(plans: tuple[Plan, ...], wanted: str) -> Plan:
    """The plan named, labelled or located ``wanted``, or the one it is a unique prefix of."""
    key = wanted.strip().casefold()

    def names(plan: Plan) -> list[str]:
        return [plan.name.casefold(), plan.label.casefold(), plan.city.casefold()]

    exact = [p for p in plans if key in names(p)]
    matches = exact or [p for p in plans if key and any(n.startswith(key) for n in names(p))]
    if len(matches) == 1:
        return matches[0]
    known = ", ".join(p.name for p in plans)
    if not matches:
        raise TrackerError(f"no plan {wanted!r}: the plans are {known}")
    found = ", ".join(p.name for p in matches)
    raise TrackerError(f"{wanted!r} could be {found}: give more of the name")


@app.command("load")
def load(
    ctx: typer.Context,
    directory: Annotated[Path, typer.Argument(help="Folder of plan files (*.yaml).")],
) -> None:
    """Load extra plan files, such as a draft plan, into the store: all of them or none.

    Example: tracker plans load drafts/plans/
    """
    from tracker.db import transaction
    from tracker.plans.schema import PlanDataError
    from tracker.services.plans import load_plans_dir

    engine = engine_for(ctx)
    try:
        with transaction(engine) as session:
            result = load_plans_dir(session, directory)
    except PlanDataError as exc:
        for issue in exc.issues:
            typer.echo(issue.as_text(), err=True)
        raise TrackerError(
            f"{plural(len(exc.issues), 'error')} in the plan files of {directory}, nothing loaded: "
            "correct them and run again"
        ) from exc
    typer.echo(
        f"{plural(result.total, 'plan')} from {directory}: {len(result.added)} added, "
        f"{len(result.updated)} updated, {len(result.unchanged)} unchanged"
    )


@app.command("remove")
def remove(
    ctx: typer.Context,
    plan: Annotated[str, typer.Argument(help="Name, label, city or a unique prefix (any case).")],
) -> None:
    """Remove a plan from the store, such as a draft loaded with ``plans load``.

    A shipped plan comes back at the next ``tracker db upgrade``.

    Example: tracker plans remove "Draft (2026)"
    """
    from tracker.db import transaction
    from tracker.plans.files import shipped_plans
    from tracker.services.plans import remove_plan

    found = find_plan(_stored_plans(ctx), plan)
    with transaction(engine_for(ctx)) as session:
        remove_plan(session, found.name)
    shipped = found.name in {p.name for p in shipped_plans()}
    note = f" (shipped: {command_line('db', 'upgrade')} loads it again)" if shipped else ""
    typer.echo(f"removed: {found.name}{note}")
