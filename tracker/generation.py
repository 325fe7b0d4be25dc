"""The store generation: one number that grows with every committed change to the store.

The web app caches figures computed from the store; the cache is keyed by this number, so it
never serves figures older than the last committed write, in any process. It must therefore
grow *in the same transaction* as the change itself: a change committed without it would let a
cache serve old figures under the old number, and a bump committed before the change would let
a cache keep old figures under the new one.

Rather than ask every write path (imports, withdrawals, membership lists, plans, extension
decisions, ...) to remember it, the engine watches what it executes: an INSERT, UPDATE or
DELETE that changed rows of a table the figures can depend on marks the connection, and a
session that commits over a marked connection bumps the number just before its commit. That
is the transaction's last statement, so on PostgreSQL the row lock it takes is held only for
the commit itself and two writers never wait on each other in a cycle. The web app's own
bookkeeping (users, login failures, ended sessions, pending uploads) and the audit trail do
not move it: they change no figure. Writes made outside a session (``engine.begin()``) are not
watched; only the audit trail's short transactions are made that way. Writes the engine cannot
see (the loader's inserts on SQLite's own connection) mark the connection with
:func:`note_change`.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import event, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session, SessionTransaction

from tracker.models.web import StoreGeneration

#: Tables whose changes do not change any figure.
UNTRACKED = frozenset(
    {
        "store_generation",
        "users",
        "login_failures",
        "ended_sessions",
        "pending_uploads",
        "import_runs",
        "import_run_files",
        "audit_events",
        "alembic_version",
    }
)

_WROTE = "tracker.store_changed"  # key in Connection.info: this transaction changed the store
_CONNECTIONS = "tracker.connections"  # key in Session.info: the connections it began on
_DML = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z_][\w]*)', re.I)


def changed_table(statement: str) -> str | None:
    """The table an INSERT, UPDATE or DELETE statement changes (None for anything else)."""
    match = _DML.match(statement)
    return match.group(1).lower() if match else None


def watch(engine: Engine) -> None:
    """Make every session's commit over ``engine`` bump the generation when the store changed."""
    if not event.contains(engine, "after_cursor_execute", _mark):
        event.listen(engine, "after_cursor_execute", _mark)
        event.listen(engine, "begin", _clear)
        event.listen(engine, "commit", _clear)
        event.listen(engine, "rollback", _clear)
    if not event.contains(Session, "before_commit", _bump):
        event.listen(Session, "after_begin", _remember)
        event.listen(Session, "before_commit", _bump)
        event.listen(Session, "after_transaction_end", _forget)


def current(session: Session) -> int:
    """The store's generation as this transaction sees it."""
    return int(session.scalar(select(StoreGeneration.value).where(StoreGeneration.id == 1)) or 0)


def _mark(
    conn: Connection,
    cursor: Any,
    statement: str,
    _parameters: Any,
    _context: Any,
    _executemany: bool,
) -> None:
    table = changed_table(statement)
    # A statement that touched no row (an INSERT ... ON CONFLICT DO NOTHING of a file already
    # stored, an UPDATE that matched nothing) changed nothing; -1 (unknown) counts as a change.
    if table is not None and getattr(cursor, "rowcount", -1) != 0:
        note_change(conn, table)


def note_change(conn: Connection, table: str) -> None:
    """Record that this transaction changed rows of ``table`` (when the table counts).

    The engine calls it for what it executes; code that writes on the driver's own connection
    (the loader's bulk inserts on SQLite), which the engine does not see, calls it itself.
    """
    if table not in UNTRACKED:
        conn.info[_WROTE] = True


def _clear(conn: Connection) -> None:
    conn.info.pop(_WROTE, None)


def _remember(session: Session, _transaction: SessionTransaction, connection: Connection) -> None:
    session.info.setdefault(_CONNECTIONS, []).append(connection)


def _forget(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the outermost transaction ended
        session.info.pop(_CONNECTIONS, None)


_BUMP = (
    update(StoreGeneration).where(StoreGeneration.id == 1).values(value=StoreGeneration.value + 1)
)


def _bump(session: Session) -> None:
    session.flush()  # pending objects are written now, so their statements mark the connection
    connections = session.info.get(_CONNECTIONS, ())
    if any(c.info.get(_WROTE) for c in connections if not c.closed):
        # Executed on the connection, as plain SQL: through the session it would take the ORM's
        # bulk UPDATE path, which costs more than all of a small file's other statements.
        session.connection().execute(_BUMP)
