"""How the web app runs: mode, addresses, limits and the key that signs its cookies.

Nothing here imports a web library: ``tracker serve`` checks its options and the store with
these before it loads Starlette and uvicorn.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import secrets
import stat
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import make_url

from tracker.db import sqlite_path
from tracker.errors import TrackerError

SECRET_KEY_ENV = "TRACKER_SECRET_KEY"
MIN_SECRET_KEY = 32
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
#: How long a session lasts without a request, and in all.
SESSION_IDLE = dt.timedelta(hours=8)
SESSION_MAX = dt.timedelta(days=7)


@dataclass(frozen=True)
class WebSettings:
    """Everything :func:`tracker.web.app.create_app` needs to know."""

    database_url: str
    secret_key: str
    local: bool = False
    host: str = "127.0.0.1"
    port: int = 8000
    max_upload_bytes: int = 50 * 1024 * 1024
    #: Team mode: the host names the app answers to besides the loopback names (empty: any).
    allowed_hosts: tuple[str, ...] = ()
    session_idle: dt.timedelta = SESSION_IDLE
    session_max: dt.timedelta = SESSION_MAX
    #: Shown in the footer: the database's name, never its URL.
    database_name: str = field(default="")

    @property
    def mode(self) -> str:
        """``local`` or ``team``."""
        return "local" if self.local else "team"


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and the loopback addresses (127.0.0.0/8, ::1)."""
    name = host.strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def database_name(url: str) -> str:
    """The database's name for people: the SQLite file's name or PostgreSQL's database name.

    Never the URL: no user, host, port or password.
    """
    path = sqlite_path(url)
    if path is not None:
        return path.name
    try:
        return make_url(url).database or "(in memory)"
    except Exception:  # an unparsable URL: say nothing of it
        return "(unnamed)"


def secret_key(url: str, *, local: bool) -> str:
    """The key that signs session cookies and form tokens.

    ``TRACKER_SECRET_KEY`` when set (required in team mode on PostgreSQL: every server
    process behind the proxy must share it). On SQLite, a key file beside the database,
    created once with mode 0600 (``tracker.db`` → ``tracker.db.secret-key``). In local mode on
    PostgreSQL without the variable, a new key per start (local mode is one process on this
    machine; its sessions end when it stops).
    """
    given = os.environ.get(SECRET_KEY_ENV, "").strip()
    if given:
        if len(given) < MIN_SECRET_KEY:
            raise TrackerError(
                f"{SECRET_KEY_ENV} is too short: use at least {MIN_SECRET_KEY} random characters, "
                'e.g. python -c "import secrets; print(secrets.token_hex(32))"'
            )
        return given
    path = sqlite_path(url)
    if path is not None:
        return key_file(path.with_name(path.name + ".secret-key"))
    if local:
        return secrets.token_hex(32)
    raise TrackerError(
        f"team mode on PostgreSQL needs {SECRET_KEY_ENV}, the same in every server process: "
        f'set it to a random value, e.g. export {SECRET_KEY_ENV}="$(python3 -c '
        "'import secrets; print(secrets.token_hex(32))')\""
    )


def key_file(path: Path) -> str:
    """The key kept in ``path``, made (mode 0600) on first use; refuses a file others can read."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            raise TrackerError(
                f"the key file {path} can be read by others (mode {mode:o}): "
                f"run chmod 600 {path}, or delete it to make a new key (this logs everyone out)"
            ) from None
        key = path.read_text(encoding="ascii").strip()
        if len(key) < MIN_SECRET_KEY:
            raise TrackerError(
                f"the key file {path} is damaged: delete it to make a new key"
            ) from None
        return key
    except OSError as exc:
        raise TrackerError(f"cannot create the key file {path}: {exc}") from exc
    key = secrets.token_hex(32)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(key + "\n")
    return key
