"""Helpers shared by the command modules: the database from the global options, output paths.

Nothing heavy is imported at module level: ``tracker --help`` must stay fast.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tracker.errors import UsageError
from tracker.wording import Style

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

EXPORTS_DIR = Path("exports")

# The statistics window, shared by every command that computes the needs figures.
AsOfOption = Annotated[
    int | None,
    typer.Option(
        "--as-of",
        help="As-of year A (default: the latest reporting year with a current report).",
        metavar="A",
    ),
]
SinceOption = Annotated[
    int | None,
    typer.Option(
        "--since",
        help="First year S of the needs window [S, A] (default: first year of the "
        "action plan governing A, else A - 4).",
        metavar="S",
    ),
]
# --current: the statistics' "still have" reading, shared by the needs and the match.
CurrentOption = Annotated[
    bool,
    typer.Option("--current", help="Count only States whose latest report says they still have."),
]
# --style: numbers in words or digits in the sentences (a typer enum from tracker.wording).
StyleOption = Annotated[
    Style, typer.Option("--style", help="Numbers in words (sixteen (16)) or digits.")
]


@dataclass
class Options:
    """The global options, kept on the typer context."""

    db: str | None = None
    debug: bool = False
    db_given: bool = False


def options(ctx: typer.Context) -> Options:
    """The global options of this invocation."""
    root = ctx.find_root()
    if not isinstance(root.obj, Options):
        root.obj = Options()
    return root.obj


def database_url(ctx: typer.Context) -> str:
    """The URL chosen by ``--db``, ``TRACKER_DATABASE_URL`` or the default."""
    from tracker.config import database_url as resolve

    return resolve(options(ctx).db)


def engine_for(ctx: typer.Context, *, require_head: bool = True) -> Engine:
    """An engine on the chosen database; refuses an out-of-date schema unless told otherwise."""
    from tracker.db import make_engine
    from tracker.db import require_head as check

    engine = make_engine(database_url(ctx))
    if require_head:
        check(engine)
    return engine


def output_path(path: Path) -> Path:
    """Where ``-o`` writes: a bare file name goes into ``./exports/`` (created if missing)."""
    target = EXPORTS_DIR / path if path.parent == Path(".") and not path.is_absolute() else path
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def parse_day(value: str | None, option: str) -> dt.date | None:
    """A date option given as YYYY-MM-DD (wrong usage, exit 2, otherwise)."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} takes a date as YYYY-MM-DD, not {value!r}") from None


def parse_on(value: str | None, option: str = "--on") -> dt.date | None:
    """A judging date (``--on``): as :func:`parse_day`, and never after today (exit 2).

    The tracker says what was known on a date; a date that has not come cannot be judged
    (``compliance.md``: "An ``--on`` after today is exit 2 for every command that takes it").
    """
    from tracker import clock

    day = parse_day(value, option)
    today = clock.today()
    if day is not None and day > today:
        raise UsageError(
            f"{option} {day.isoformat()} is after today ({today.isoformat()}): the tracker "
            f"judges only dates that have come; give {option} {today.isoformat()} or earlier, "
            "or leave it out"
        )
    return day


def is_terminal() -> bool:
    """True when standard error is a terminal (progress bars only then)."""
    return sys.stderr.isatty()
