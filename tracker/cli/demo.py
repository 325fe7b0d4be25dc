"""``tracker demo``: a fresh store from the bundled sample data, and everything it produces."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add the top-level ``demo`` command to ``app``."""
    app.command("demo")(demo)


def demo(
    ctx: typer.Context,
    directory: Annotated[
        Path, typer.Option("--dir", help="Folder for tracker.db and the workbooks.", metavar="DIR")
    ] = Path("demo"),
) -> None:
    """Recreate DIR/tracker.db from the bundled samples and show what the tracker does.

    Example: tracker demo --dir /tmp/ccm-demo
    """
    from tracker.cli.common import options
    from tracker.errors import UsageError
    from tracker.services.demo import run_demo

    if options(ctx).db_given:
        raise UsageError("tracker demo makes its own database in DIR: do not give --db")
    run_demo(directory, echo=typer.echo)
