"""Sessions in a signed cookie, and who is asking.

The cookie holds a random session id, the CSRF token of the session's forms, and once logged
in the user's id, name and the session version they logged in under, with the times the
session began and was last used. It is signed (itsdangerous, HMAC-SHA1 over the app's key), so
it cannot be forged or changed; it is HttpOnly, SameSite=Lax, and Secure over HTTPS. Nothing
about sessions is kept in a server process: whether a session is still valid is decided by
the database (the user, their session version, the sessions ended by a logout) and the clock
(8 hours idle, 7 days in all, :mod:`tracker.clock`).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import asdict, dataclass, replace
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer

from tracker import clock
from tracker.enums import WebRole

COOKIE = "tracker_session"
#: A used session's cookie is written again (its "last used" time) at most this often.
REFRESH_AFTER = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class SessionCookie:
    """What the cookie carries. Times are seconds since the epoch (UTC)."""

    sid: str
    csrf: str
    started: int
    seen: int
    uid: int | None = None
    name: str | None = None
    version: int | None = None

    @property
    def logged_in(self) -> bool:
        """True when the cookie names a user."""
        return self.uid is not None


@dataclass(frozen=True)
class Viewer:
    """Who is asking: a logged-in user, or the person at the machine in local mode."""

    name: str
    role: WebRole
    local: bool = False

    def may(self, role: WebRole) -> bool:
        """True when this viewer's role includes ``role``'s rights."""
        return self.role.rank >= role.rank


def _epoch(moment: dt.datetime) -> int:
    return int(moment.timestamp())


def new_session(**user: Any) -> SessionCookie:
    """A new session (fresh id and CSRF token), anonymous or for ``uid``/``name``/``version``."""
    now = _epoch(clock.now())
    return SessionCookie(
        sid=secrets.token_urlsafe(24), csrf=secrets.token_urlsafe(24), started=now, seen=now, **user
    )


class CookieSigner:
    """Turns sessions into signed cookie values and back."""

    def __init__(self, secret_key: str) -> None:
        self._serializer = URLSafeSerializer(secret_key, salt="tracker.session")

    def dump(self, session: SessionCookie) -> str:
        """The cookie's value."""
        return str(self._serializer.dumps(asdict(session)))

    def load(self, value: str | None) -> SessionCookie | None:
        """The session in a cookie value; None when absent, forged or not ours."""
        if not value:
            return None
        try:
            data = self._serializer.loads(value)
            return SessionCookie(**data)
        except (BadSignature, TypeError, ValueError):
            return None


def expiry(session: SessionCookie, *, idle: dt.timedelta, most: dt.timedelta) -> str | None:
    """Why a logged-in session is over by the clock (``idle`` or ``age``), or None."""
    now = _epoch(clock.now())
    if now - session.started > most.total_seconds():
        return "age"
    if now - session.seen > idle.total_seconds():
        return "idle"
    return None


def touched(session: SessionCookie) -> SessionCookie | None:
    """The session with "last used" set to now, when that is worth a new cookie (else None)."""
    now = _epoch(clock.now())
    if now - session.seen < REFRESH_AFTER.total_seconds():
        return None
    return replace(session, seen=now)


def ends_at(session: SessionCookie, most: dt.timedelta) -> dt.datetime:
    """When the session would expire in any case (7 days after it began)."""
    return dt.datetime.fromtimestamp(session.started, dt.UTC) + most
