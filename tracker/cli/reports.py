"""``tracker reports``: the reports in the store, their compliance, and the import history.

The group's commands live in one module per concern, each with a ``register(app)``.
"""

from __future__ import annotations

import typer

from tracker.cli import reports_history, reports_recheck, reports_status, reports_store

app = typer.Typer(
    help="Reports in the store: list, withdraw, reinstate, recheck, submission status, history.",
    no_args_is_help=True,
)
reports_store.register(app)  # list, withdraw, reinstate
reports_status.register(app)  # status (compliance)
reports_history.register(app)  # history (audit trail)
reports_recheck.register(app)  # recheck (stored originals under today's rules)
