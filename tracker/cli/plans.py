"""``tracker plans``: commands of this group (see docs and spec/cli.md)."""

from __future__ import annotations

import typer

app = typer.Typer(help="(plans: not yet implemented)", no_args_is_help=True)
