"""``tracker extensions``: decisions extending Article 3/4 deadlines (``compliance.md``)."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tracker.cli.common import engine_for, parse_day

if TYPE_CHECKING:
    from tracker.services.extensions import StoredDecision

app = typer.Typer(
    help="Extension decisions on Article 3 and 4 deadlines: import, list, remove.",
    no_args_is_help=True,
)

CSV_COLUMNS = ("State", "ISO3", "Article", "Extended until", "Decided on", "Meeting", "Source")


class ListFormat(enum.StrEnum):
    """How ``tracker extensions list`` prints the decisions."""

    TEXT = "text"
    JSON = "json"
    CSV = "csv"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@app.command("import")
def import_extensions(
    ctx: typer.Context,
    path: Annotated[
        Path,
        typer.Argument(
            help="CSV (UTF-8) or .xlsx with State, Article, Extended until, Decided on, "
            "Meeting, Source."
        ),
    ],
) -> None:
    """Add or correct extension decisions, keyed by State, Article and Decided on.

    A file with any error changes nothing; importing the same file again changes nothing.
    Every decision added or corrected is recorded in the audit trail.

    Example: tracker extensions import decisions-13msp.csv
    """
    from tracker.db import transaction
    from tracker.errors import TrackerError
    from tracker.ingest.decisions import read_decisions
    from tracker.services.extensions import import_decisions

    if not path.is_file():
        raise TrackerError(f"{path}: no such file")
    engine = engine_for(ctx)
    parsed = read_decisions(path)
    for line in parsed.lines():
        typer.echo(line, err=True)
    if not parsed.ok:
        raise TrackerError(
            f"{path.name}: {_plural(parsed.errors, 'error')}, nothing imported: correct the "
            "rows above and import the file again"
        )
    with transaction(engine) as session:
        summary = import_decisions(session, parsed)
    engine.dispose()
    typer.echo(
        f"{path.name}: {_plural(len(parsed.rows), 'decision')}: {len(summary.added)} added, "
        f"{len(summary.corrected)} corrected, {summary.unchanged} unchanged"
    )


@app.command("remove")
def remove(
    ctx: typer.Context,
    state: Annotated[str, typer.Argument(help="The State: a name (en/fr/es) or ISO3 code.")],
    article: Annotated[int, typer.Argument(help="3 or 4.", metavar="ARTICLE")],
    decided_on: Annotated[
        str, typer.Argument(help="The date the decision was taken, YYYY-MM-DD.", metavar="DATE")
    ],
    reason: Annotated[
        str, typer.Option("--reason", help="Why it is removed (kept in the audit trail).")
    ],
) -> None:
    """Remove one extension decision (recorded in the audit trail with the reason).

    Example: tracker extensions remove Germany 4 2019-09-04 --reason "entered twice"
    """
    from tracker.db import transaction
    from tracker.errors import UsageError
    from tracker.reference import require_state
    from tracker.services.extensions import remove_decision

    if article not in (3, 4):
        raise UsageError(f"ARTICLE is 3 or 4, not {article}")
    if not reason.strip():
        raise UsageError("--reason must say why the decision is removed")
    day = parse_day(decided_on, "DATE")
    assert day is not None
    iso3 = require_state(state)
    engine = engine_for(ctx)
    with transaction(engine) as session:
        gone = remove_decision(session, iso3, article, day, reason.strip())
    engine.dispose()
    typer.echo(
        f"removed: {gone.key} (extended until {gone.extended_until.isoformat()}, {gone.meeting})"
    )


def decision_json(d: StoredDecision, name: str) -> dict[str, Any]:
    """One decision in the JSON of ``tracker extensions list`` (``docs/compliance.md``)."""
    return {
        "state": d.state_iso3,
        "name": name,
        "article": d.article,
        "extended_until": d.extended_until.isoformat(),
        "decided_on": d.decided_on.isoformat(),
        "meeting": d.meeting,
        "source": d.source,
        "origin": d.origin,
    }


@app.command("list")
def list_extensions(
    ctx: typer.Context,
    state: Annotated[
        str | None, typer.Option("--state", help="Only this State (name or ISO3).", metavar="S")
    ] = None,
    output: Annotated[
        ListFormat, typer.Option("--format", help="text, json or csv.")
    ] = ListFormat.TEXT,
) -> None:
    """The extension decisions in the store, by State, article and date decided.

    Example: tracker extensions list --state Germany --format json
    """
    import csv
    import io
    import json

    from tracker.db import transaction
    from tracker.export.safety import is_formula_like
    from tracker.reference import require_state, states_by_iso3
    from tracker.services.extensions import list_decisions

    iso3 = require_state(state) if state is not None else None
    engine = engine_for(ctx)
    with transaction(engine) as session:
        decisions = list_decisions(session, iso3)
    engine.dispose()
    names = {d.state_iso3: states_by_iso3()[d.state_iso3].name_en for d in decisions}
    if output is ListFormat.JSON:
        typer.echo(json.dumps([decision_json(d, names[d.state_iso3]) for d in decisions], indent=2))
        return
    if output is ListFormat.CSV:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for d in decisions:
            texts = [names[d.state_iso3], d.meeting, d.source]
            safe = [f"'{t}" if is_formula_like(t) else t for t in texts]
            writer.writerow(
                [safe[0], d.state_iso3, d.article, d.extended_until.isoformat(),
                 d.decided_on.isoformat(), safe[1], safe[2]]
            )  # fmt: skip
        typer.echo(out.getvalue(), nl=False)
        return
    if not decisions:
        where = f" for {states_by_iso3()[iso3].name_en}" if iso3 else ""
        typer.echo(f"no extension decisions{where} (tracker extensions import FILE adds them)")
        return
    for d in decisions:
        typer.echo(
            f"{d.state_iso3}  {names[d.state_iso3]}  Article {d.article}: extended until "
            f"{d.extended_until.isoformat()}, decided {d.decided_on.isoformat()} by {d.meeting} "
            f"[{d.origin}]  source: {d.source}"
        )
    typer.echo(_plural(len(decisions), "decision"))
