"""``tracker import`` and ``tracker template``: Article 7 workbooks in and out."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the top-level ``import`` and ``template`` commands to ``app``."""
