"""Exceptions the command line turns into one clear line (and an exit code)."""

from __future__ import annotations


class TrackerError(Exception):
    """A known failure with a message that says what is wrong and what to do (exit 1)."""

    exit_code = 1


class UsageError(TrackerError):
    """Contradictory or impossible options (exit 2)."""

    exit_code = 2


class DatabaseNotAtHead(TrackerError):
    """The database schema is older than the code (or missing)."""


class UnknownStateError(TrackerError):
    """A State name or code that the resolver cannot place."""


class ReadOnlyDatabase(TrackerError):
    """A write to a database the process may only read (a read-only folder or filesystem)."""
