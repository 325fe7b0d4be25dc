"""The ``tracker`` command line: a thin layer over :mod:`tracker.services`.

Every command module imports its heavy libraries inside the command functions, so that
``tracker --help`` starts fast. Known failures become one line on stderr and an exit code
(1 for bad input or data, 2 for wrong usage); ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from tracker.cli import (
    assistance,
    db,
    demo,
    export,
    extensions,
    imports,
    indicators,
    plans,
    reports,
    serve,
    state,
    states,
    stats,
    template,
    users,
)
from tracker.cli.common import options

app = typer.Typer(
    name="tracker",
    help="CCM needs tracker: States Parties' Article 7 reports, obligations and assistance needs.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.callback()
def _global(
    ctx: typer.Context,
    db_url: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database URL (default: $TRACKER_DATABASE_URL, else sqlite:///tracker.db).",
            metavar="URL",
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    """CCM needs tracker: Article 7 reports, obligations, assistance needs, statistics, exports.

    Example: tracker --db sqlite:///ccm.db stats needs --as-of 2025
    """
    from tracker.invocation import remember_db_option

    opts = options(ctx)
    opts.db, opts.debug, opts.db_given = db_url, debug, db_url is not None
    remember_db_option(db_url)  # repeated in the command lines printed for a person


app.add_typer(db.app, name="db")
app.add_typer(states.app, name="states")
app.add_typer(extensions.app, name="extensions")
app.add_typer(state.app, name="state")
app.add_typer(reports.app, name="reports")
app.add_typer(stats.app, name="stats")
app.add_typer(export.app, name="export")
app.add_typer(plans.app, name="plans")
app.add_typer(users.app, name="users")
app.add_typer(indicators.app, name="indicators")
app.add_typer(assistance.app, name="assistance")
imports.register(app)
template.register(app)
demo.register(app)
serve.register(app)


def main() -> None:
    """Entry point: run the app, turning known errors into one clear line."""
    from tracker.errors import TrackerError

    debug = "--debug" in sys.argv
    if not debug:
        _quiet_driver_logs()
    try:
        # Without standalone mode click returns the code of a ``typer.Exit`` instead of exiting.
        code = app(standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except TrackerError as exc:
        if debug:
            raise
        typer.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("aborted", err=True)
        sys.exit(1)
    except typer.TyperException as exc:  # click's usage errors (typer vendors click)
        _hint_dash_file(exc)
        show = getattr(exc, "show", None)
        if show is not None:
            show()
        else:
            typer.echo(f"error: {exc}", err=True)
        sys.exit(getattr(exc, "exit_code", 2))
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as exc:
        if debug:
            raise
        typer.echo(_unexpected(exc), err=True)
        sys.exit(1)


def _hint_dash_file(exc: Exception) -> None:
    """Add a hint to "No such option" when the word is a file whose name starts with ``-``.

    The command line cannot tell ``-x.xlsx`` from options: ``./-x.xlsx`` or ``--`` before the
    file names can. (The exception's class is recognised by name: typer vendors click privately.)
    """
    if type(exc).__name__ != "NoSuchOption":
        return
    from pathlib import Path

    name = str(getattr(exc, "option_name", "") or "")
    words = [w for w in sys.argv[1:] if name and w.startswith(name) and w != "--"]
    files = [w for w in words if Path(w).exists() or w.lower().endswith((".xlsx", ".xlsm"))]
    message = getattr(exc, "message", None)
    if not files or not isinstance(message, str):
        return
    word = files[0]
    hint = f"write it as ./{word}, or put -- before the file names: tracker import -- {word}"
    setattr(exc, "message", f"{message} (is {word!r} a file? {hint})")  # noqa: B010


def _quiet_driver_logs() -> None:
    """Keep the database driver's log lines off stderr (``--debug`` shows them).

    psycopg logs a warning such as "error ignored terminating <psycopg.Pipeline ...>" when a
    refused statement ends a pipeline; without a handler Python prints it to stderr, a second
    line beside the one clear error line the command gives.
    """
    import logging

    logging.getLogger("psycopg").addHandler(logging.NullHandler())
    logging.getLogger("psycopg").propagate = False


def _unexpected(exc: Exception) -> str:
    """One line for an unexpected failure (database refused, permission...).

    For a database error the driver's own first line is shown, without SQLAlchemy's wrapper
    and SQL: that line names what was refused (a table, the schema).
    """
    name = type(exc).__name__
    cause = getattr(exc, "orig", None) or exc
    text = str(cause).strip().splitlines()[0] if str(cause).strip() else ""
    lowered = str(exc).lower()
    if "permission denied for schema" in lowered:
        return (
            f"error: the database refused to change its schema ({text}); only the owner role "
            "migrates: run tracker db upgrade as the owner (see docs/operations.md)"
        )
    if "permission denied" in lowered or "readonly" in lowered:
        return (
            f"error: the database refused the change ({text}); "
            "this role or file is read-only: use a writer account (see docs/operations.md)"
        )
    return f"error: {name}: {text} (run with --debug for details)"
