"""``tracker template``: a blank Article 7 workbook (placeholder until implemented)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the top-level ``template`` command to ``app``."""
