"""The web app's own tables, and the store generation its cache of figures is keyed by.

Users, login failures, ended sessions and pending uploads: everything the web app remembers
lives here, in the database, never in a server process, so several ``tracker serve``
processes behind a proxy on one PostgreSQL database share it. On PostgreSQL the reader role of
``docs/roles.sql`` gets no access to ``users``, ``login_failures`` and ``ended_sessions``
(migration 0004 and roles.sql revoke it).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from tracker.db import Base
from tracker.models.enums import WebRole, db_enum

#: The longest user name (``tracker users add`` checks it before the database does).
MAX_NAME = 64


class User(Base):
    """A web user: a name, a role, an argon2id hash, and the version of their sessions.

    A session cookie carries the ``session_version`` it was issued under: changing the password,
    the role or removing the user bumps it (or deletes the row), which ends every session of
    that user at their next request. Ids are never reused (SQLite AUTOINCREMENT), so a cookie
    of a removed user can never name a later one.
    """

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("session_version >= 0", name="session_version_not_negative"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(MAX_NAME), unique=True)
    role: Mapped[WebRole] = mapped_column(db_enum(WebRole, "user_role"))
    password_hash: Mapped[str] = mapped_column(Text)
    session_version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class LoginFailure(Base):
    """One failed login for a user name (known or not): what the login throttle counts.

    Kept by name, not by user, so that a name nobody has is throttled exactly like a real one
    (the login page never tells them apart). A successful login clears the name's failures.
    """

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_name: Mapped[str] = mapped_column(String(MAX_NAME), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    client: Mapped[str | None] = mapped_column(String(64))


class EndedSession(Base):
    """A session ended by logging out: its cookie, even a copy of it, is refused from then on.

    Kept until the session would have expired anyway (7 days after it began), then pruned.
    """

    __tablename__ = "ended_sessions"

    session_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    ended_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)


class PendingUpload(Base):
    """A workbook uploaded for a dry run and held until it is stored, or for one hour.

    Kept under its SHA-256 (never under a name from the request), so that the *Store* step
    stores exactly the bytes that the dry run checked. ``file_name`` is only what is shown.
    """

    __tablename__ = "pending_uploads"
    __table_args__ = (CheckConstraint("size_bytes >= 0", name="size_not_negative"),)

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    file_name: Mapped[str] = mapped_column(String(255))
    size_bytes: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[str] = mapped_column(String(MAX_NAME))
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)


class StoreGeneration(Base):
    """One row: a number that grows with every committed change to what figures are read from.

    Bumped in the same transaction as the change (:mod:`tracker.generation`), so a cache keyed
    by it never serves figures older than the last committed write.
    """

    __tablename__ = "store_generation"
    __table_args__ = (
        CheckConstraint("id = 1", name="one_row"),
        CheckConstraint("value >= 0", name="value_not_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    value: Mapped[int] = mapped_column(BigInteger)
