"""The web app's users: adding, listing, changing and removing them, and checking a login.

Users are managed on the command line only (``tracker users``); the web app only checks
logins and sessions. Every change is in the audit trail (never a password or a hash) and bumps
the user's session version, which ends their sessions at their next request. The last admin
can never be removed or demoted. Like every service, these functions take a Session and never
commit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from tracker import clock
from tracker.enums import WebRole
from tracker.errors import TrackerError, UsageError
from tracker.models import EndedSession, LoginFailure, User
from tracker.models.web import MAX_NAME
from tracker.services.audit import record_event

MIN_PASSWORD = 10
MAX_PASSWORD = 1024
_NAME = re.compile(r"[a-z0-9][a-z0-9._@-]*")

#: Login throttle: after this many failures for one name within the window...
THROTTLE_FAILURES = 5
THROTTLE_WINDOW = dt.timedelta(minutes=15)
#: ... that name's logins are refused for this long (from the last of those failures).
LOCKOUT = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class UserInfo:
    """A user as ``tracker users list`` shows it (never the hash)."""

    name: str
    role: WebRole
    created_at: dt.datetime
    updated_at: dt.datetime


def normalize_name(name: str) -> str:
    """A user name as stored: trimmed and in lower case (``Alice`` and ``alice`` are one user)."""
    return name.strip().lower()


def check_name(name: str) -> str:
    """The stored form of a new user's name, or a usage error saying what a name may hold."""
    key = normalize_name(name)
    if not key or len(key) > MAX_NAME or not _NAME.fullmatch(key):
        raise UsageError(
            f"{name!r} is not a usable user name: use 1 to {MAX_NAME} letters, digits and "
            ". _ @ - (starting with a letter or digit), e.g. alice or a.smith"
        )
    return key


def check_password(password: str, name: str) -> None:
    """Refuse a password that is too short, too long, or the user's own name."""
    if len(password) < MIN_PASSWORD:
        raise TrackerError(
            f"the password is too short: use at least {MIN_PASSWORD} characters "
            "(a few words make a good one)"
        )
    if len(password) > MAX_PASSWORD:
        raise TrackerError(f"the password is too long: use at most {MAX_PASSWORD} characters")
    if password.strip().lower() == name:
        raise TrackerError("the password must not be the user's name: choose another")


def _role(role: str) -> WebRole:
    try:
        return WebRole(role.strip().lower())
    except ValueError:
        roles = "|".join(r.value for r in WebRole)
        raise UsageError(f"{role!r} is not a role: use {roles}") from None


def find_user(session: Session, name: str) -> User:
    """The user called ``name`` (any case), or an error listing the known names."""
    user = session.scalar(select(User).where(User.name == normalize_name(name)))
    if user is None:
        names = session.scalars(select(User.name).order_by(User.name)).all()
        known = f"the users are {', '.join(names)}" if names else "there is no user yet"
        raise TrackerError(f"no user {name!r}: {known} (tracker users list)")
    return user


def count_users(session: Session) -> int:
    """How many web users the store has."""
    return int(session.scalar(select(func.count()).select_from(User)) or 0)


def list_users(session: Session) -> list[UserInfo]:
    """Every user, by name."""
    return [
        UserInfo(u.name, WebRole(u.role), u.created_at, u.updated_at)
        for u in session.scalars(select(User).order_by(User.name))
    ]


def add_user(session: Session, name: str, role: str, password: str) -> User:
    """Add a user; an existing name is refused (change its role or password instead)."""
    from tracker.passwords import hash_password

    key = check_name(name)
    chosen = _role(role)
    if session.scalar(select(User.id).where(User.name == key)) is not None:
        raise TrackerError(
            f"user {key} exists already: change the role with `tracker users role {key} ROLE` "
            f"or the password with `tracker users passwd {key}`"
        )
    check_password(password, key)
    now = clock.now()
    user = User(
        name=key,
        role=chosen,
        password_hash=hash_password(password),
        session_version=0,
        created_at=now,
        updated_at=now,
    )
    session.add(user)
    record_event(session, "user-add", key, detail=f"role {chosen.value}")
    return user


def set_password(session: Session, name: str, password: str) -> User:
    """Give a user a new password and end their sessions."""
    from tracker.passwords import hash_password

    user = find_user(session, name)
    check_password(password, user.name)
    user.password_hash = hash_password(password)
    _end_sessions(user)
    record_event(session, "user-passwd", user.name, detail="password changed, sessions ended")
    return user


def set_role(session: Session, name: str, role: str) -> tuple[User, WebRole]:
    """Change a user's role and end their sessions; returns the user and the role they had."""
    user = find_user(session, name)
    chosen, before = _role(role), WebRole(user.role)
    if chosen is before:
        return user, before
    if before is WebRole.ADMIN:
        _keep_an_admin(session, user, f"demote {user.name}")
    user.role = chosen
    _end_sessions(user)
    record_event(session, "user-role", user.name, detail=f"role {before.value} -> {chosen.value}")
    return user, before


def remove_user(session: Session, name: str) -> str:
    """Remove a user (their sessions end with them); returns the name."""
    user = find_user(session, name)
    if WebRole(user.role) is WebRole.ADMIN:
        _keep_an_admin(session, user, f"remove {user.name}")
    removed = user.name
    session.delete(user)
    session.flush()
    record_event(session, "user-remove", removed, detail=f"role {WebRole(user.role).value}")
    return removed


def _keep_an_admin(session: Session, user: User, what: str) -> None:
    """Refuse to take the last admin away (the admins' rows are locked against a race)."""
    admins = session.scalars(
        select(User.id).where(User.role == WebRole.ADMIN).with_for_update()
    ).all()
    if [a for a in admins if a != user.id] == []:
        raise TrackerError(
            f"cannot {what}: {user.name} is the last admin. Make another user admin first "
            "(tracker users role NAME admin)"
        )


def _end_sessions(user: User) -> None:
    user.session_version += 1
    user.updated_at = clock.now()


# -- logins and sessions (the web app) ---------------------------------------------------------


@dataclass(frozen=True)
class Login:
    """The answer to a login attempt: the user, or why not (``refused`` or ``locked``)."""

    user: User | None
    outcome: str  # "ok", "refused" (unknown name or wrong password: never told apart), "locked"
    locked_until: dt.datetime | None = None


def locked_until(failures: Sequence[dt.datetime], now: dt.datetime) -> dt.datetime | None:
    """Until when a name's logins are refused, given its recent failures (None: not locked).

    Any ``THROTTLE_FAILURES`` failures within ``THROTTLE_WINDOW`` lock the name for
    ``LOCKOUT`` from the last of them. Attempts while locked are not checked, so they are not
    failures and cannot extend the lock.
    """
    times = sorted(failures)
    until = None
    for last in range(THROTTLE_FAILURES - 1, len(times)):
        if times[last] - times[last - THROTTLE_FAILURES + 1] <= THROTTLE_WINDOW:
            until = times[last] + LOCKOUT
    return until if until is not None and until > now else None


def _lock_name(session: Session, key: str) -> None:
    """Serialise attempts on one name, so that parallel guesses cannot all pass the throttle.

    PostgreSQL: a transaction-scoped advisory lock on the name. SQLite: the first statement is
    a write (pruning old failures), which takes the database's write lock before anything is
    read, so the count below is never stale.
    """
    old = clock.now() - THROTTLE_WINDOW - LOCKOUT - dt.timedelta(days=1)
    if session.get_bind().dialect.name == "postgresql":
        digest = hashlib.sha256(f"tracker-login:{key}".encode()).digest()
        session.execute(
            select(func.pg_advisory_xact_lock(int.from_bytes(digest[:8], "big", signed=True)))
        )
    session.execute(delete(LoginFailure).where(LoginFailure.at < old))


def authenticate(session: Session, name: str, password: str, *, client: str | None) -> Login:
    """Check a login, with the throttle; records a failure or clears them. The caller commits."""
    from tracker.passwords import hash_password, needs_rehash, verify_password, waste_a_check

    key = normalize_name(name)[:MAX_NAME]
    now = clock.now()
    _lock_name(session, key)
    recent = session.scalars(
        select(LoginFailure.at).where(
            LoginFailure.user_name == key, LoginFailure.at >= now - THROTTLE_WINDOW - LOCKOUT
        )
    ).all()
    until = locked_until([_aware(t) for t in recent], now)
    if until is not None:
        return Login(None, "locked", until)
    user = session.scalar(select(User).where(User.name == key)) if key else None
    if user is None:
        waste_a_check(password)
        ok = False
    else:
        ok = verify_password(user.password_hash, password)
    if not ok:
        session.execute(insert(LoginFailure).values(user_name=key, at=now, client=client))
        return Login(None, "refused")
    assert user is not None
    session.execute(delete(LoginFailure).where(LoginFailure.user_name == key))
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)  # same password: sessions stay
    return Login(user, "ok")


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite gives naive datetimes back (stored in UTC): make them comparable."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def session_user(
    session: Session, user_id: int, name: str, version: int, session_id: str
) -> User | None:
    """The user a session cookie names, if that session is still valid (else None).

    Valid: the user still exists under that name, their session version is the cookie's (no
    password, role change or removal since), and the session was not ended by a logout.
    """
    user = session.get(User, user_id)
    if user is None or user.name != name or user.session_version != version:
        return None
    if session.get(EndedSession, session_id) is not None:
        return None
    return user


def end_session(session: Session, session_id: str, user_id: int, expires_at: dt.datetime) -> None:
    """Refuse this session from now on (logout); forget sessions that have expired anyway."""
    now = clock.now()
    session.execute(delete(EndedSession).where(EndedSession.expires_at < now))
    if session.get(EndedSession, session_id) is None:
        session.add(
            EndedSession(
                session_id=session_id, user_id=user_id, ended_at=now, expires_at=expires_at
            )
        )
        session.flush()
