"""The loader's statements on SQLite, run by the driver itself: the same SQL and values, less work.

An import stores thousands of small files, each in a few INSERTs; on SQLite, SQLAlchemy's work
around each statement (an execution context, a parameter dict processed per row, a result
object) costs more than the statement itself. Here each statement is compiled once by
SQLAlchemy per column set (:func:`plan`), a row becomes a tuple in C (``itemgetter``), and only
the columns whose types process values (dates, enums, booleans, decimals, bytes) go through the
same bind processors SQLAlchemy would use, so the values stored are the same; a SELECT's
columns go through their types' result processing (:func:`select_rows`). On any other
database (PostgreSQL) the statements go through SQLAlchemy, which sends an ``executemany`` as
one multi-row INSERT there.

The engine does not see these statements, so each one that changes a row tells
:mod:`tracker.generation` itself (:func:`~tracker.generation.note_change`). A database error (a
CHECK constraint) is a :class:`LoaderError`: the caller rolls the file back and reports it
refused.
"""

from __future__ import annotations

import operator
import sqlite3
from collections.abc import Callable, Mapping, Sequence, Set
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import Connection, Dialect, Insert, Select, Table, insert

from tracker.generation import note_change

Row = Mapping[str, Any]


class LoaderError(Exception):
    """The parsed data breaks the reader–loader contract (a bug, reported as a rejected file)."""


@dataclass(frozen=True)
class Plan:
    """An INSERT compiled once, with what turns a row into the driver's parameter tuple."""

    sql: str
    values: Callable[[Row], tuple[Any, ...]]  # a row's values, in the markers' order
    processors: tuple[tuple[int, Callable[[Any], Any]], ...]  # (position, the type's processing)

    def params(self, rows: Sequence[Row]) -> list[tuple[Any, ...]]:
        """The rows as the driver's parameter tuples, with the types' bind processing."""
        params = [self.values(row) for row in rows]
        if not self.processors:
            return params
        columns = list(zip(*params, strict=True))  # processed column by column, in C
        for position, process in self.processors:
            columns[position] = tuple(map(process, columns[position]))
        return list(zip(*columns, strict=True))


@lru_cache(maxsize=256)
def plan(statement: Insert, keys: frozenset[str], dialect: Dialect) -> Plan:
    """``statement`` (an INSERT of one table) compiled for the columns ``keys``."""
    table = statement.table
    assert isinstance(table, Table)
    _check_keys(table, keys)
    compiled = statement.compile(dialect=dialect, column_keys=sorted(keys))
    columns = tuple(compiled.positiontup or ())
    if set(columns) != keys:  # a key with a SQL-side default would be left out: not expected
        raise LoaderError(f"{table.name}: cannot insert the columns {sorted(keys)} as given")
    processors = []
    for position, column in enumerate(columns):
        process = table.c[column].type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            processors.append((position, process))
    getter = operator.itemgetter(*columns)
    values = getter if len(columns) > 1 else lambda row: (getter(row),)
    return Plan(compiled.string, values, tuple(processors))


@cache
def insert_stmt(table: Table) -> Insert:
    """``INSERT INTO table`` (built once: SQLAlchemy memoises a statement's cache key on it)."""
    return insert(table)


def insert_many(connection: Connection, table: Table, rows: Sequence[Row]) -> None:
    """Insert ``rows`` (not empty) into ``table`` with one ``executemany``."""
    rows = uniform(table, rows)  # every row with every key (the reader's rows already are)
    statement = insert_stmt(table)
    if connection.dialect.name != "sqlite":
        _check_keys(table, rows[0].keys())
        connection.execute(statement, list(rows))
        return
    driver = _driver(connection)
    params = _params(statement, rows, connection.dialect)
    try:
        driver.executemany(plan(statement, frozenset(rows[0]), connection.dialect).sql, params)
    except sqlite3.Error as exc:
        raise LoaderError(f"{exc} (table {table.name})") from exc
    note_change(connection, table.name)


def insert_each(
    connection: Connection, statement: Insert, rows: Sequence[Row]
) -> list[tuple[Any, ...]]:
    """Run ``statement`` once per row; the rows its RETURNING clause gave, if it has one.

    A row the statement skips (``INSERT OR IGNORE``, ``ON CONFLICT DO NOTHING``) returns nothing.
    """
    if connection.dialect.name != "sqlite":
        results = [connection.execute(statement, dict(row)) for row in rows]
        return [tuple(r) for result in results if result.returns_rows for r in result]
    table = statement.table
    assert isinstance(table, Table)
    rows = uniform(table, rows)
    sql = plan(statement, frozenset(rows[0]), connection.dialect).sql
    driver = _driver(connection)
    returned: list[tuple[Any, ...]] = []
    changed = False
    try:
        for params in _params(statement, rows, connection.dialect):
            cursor = driver.execute(sql, params)
            returned.extend(cursor.fetchall())
            changed = changed or cursor.rowcount != 0
    except sqlite3.Error as exc:
        raise LoaderError(f"{exc} (table {table.name})") from exc
    if changed:
        note_change(connection, table.name)
    return returned


def uniform(table: Table, rows: Sequence[Row]) -> Sequence[Row]:
    """The rows with one key set (an ``executemany`` needs it); missing columns get defaults."""
    first = rows[0].keys()
    if all(r.keys() == first for r in rows):  # the usual case (the plan checks the keys)
        return rows
    keys: set[str] = set().union(*rows)
    _check_keys(table, keys)
    defaults = {key: _default(table, key) for key in keys}
    return [{**defaults, **r} for r in rows]


def _params(statement: Insert, rows: Sequence[Row], dialect: Dialect) -> list[tuple[Any, ...]]:
    """The driver's parameters of ``rows`` (one key set); a value that does not fit is an error."""
    try:
        return plan(statement, frozenset(rows[0]), dialect).params(rows)
    except (LookupError, TypeError, ValueError) as exc:  # e.g. a code outside an enum
        name = getattr(statement.table, "name", "?")
        raise LoaderError(f"{name}: a value does not fit its column ({exc})") from exc


def _driver(connection: Connection) -> sqlite3.Connection:
    driver = connection.connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)
    return driver


@cache
def _column_keys(table: Table) -> frozenset[str]:
    """The names of the table's columns."""
    return frozenset(table.c.keys())


def _check_keys(table: Table, keys: Set[str]) -> None:
    """A column the table does not have is a reader bug."""
    unknown = keys - _column_keys(table)
    if unknown:
        raise LoaderError(f"{table.name}: unknown columns from the reader: {sorted(unknown)}")


def _default(table: Table, key: str) -> Any:
    """The value of a column a row leaves out: its scalar Python default, else NULL."""
    default = table.c[key].default
    arg = getattr(default, "arg", None)
    return arg if default is not None and not callable(arg) else None


@dataclass(frozen=True)
class Query:
    """A SELECT compiled once: its SQL, its parameters in the markers' order, column processing."""

    sql: str
    names: tuple[str, ...]
    binds: tuple[Callable[[Any], Any] | None, ...]  # per parameter
    results: tuple[Callable[[Any], Any] | None, ...]  # per selected column


@lru_cache(maxsize=64)
def query(statement: Select[Any], dialect: Dialect) -> Query:
    """``statement`` compiled for the driver (plain parameters only: no expanding IN)."""
    compiled = statement.compile(dialect=dialect)
    names = tuple(compiled.positiontup or ())
    binds = tuple(
        compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names
    )
    results = tuple(
        column.type.dialect_impl(dialect).result_processor(dialect, None)
        for column in statement.selected_columns
    )
    return Query(compiled.string, names, binds, results)


def select_rows(
    connection: Connection, statement: Select[Any], params: Mapping[str, Any]
) -> list[tuple[Any, ...]]:
    """The rows of ``statement``: on SQLite read by the driver, values as SQLAlchemy gives them."""
    if connection.dialect.name != "sqlite":
        return [tuple(row) for row in connection.execute(statement, dict(params))]
    plan = query(statement, connection.dialect)
    values = [
        params[name] if process is None else process(params[name])
        for name, process in zip(plan.names, plan.binds, strict=True)
    ]
    try:
        rows = _driver(connection).execute(plan.sql, values).fetchall()
    except sqlite3.Error as exc:
        raise LoaderError(str(exc)) from exc
    if not any(plan.results):
        return rows
    return [
        tuple(v if p is None else p(v) for v, p in zip(row, plan.results, strict=True))
        for row in rows
    ]
