"""A throwaway PostgreSQL cluster for the test session (or the one named by the environment).

Order: ``TRACKER_TEST_POSTGRES_URL`` (an existing server where the tests may create and drop
databases); else, when PostgreSQL's server programs are installed, ``initdb`` a cluster in a
temporary folder, start it on a free loopback port and stop it at the end. initdb refuses to run
as root, so as root the cluster is made and run by the ``postgres`` user.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

URL_ENV = "TRACKER_TEST_POSTGRES_URL"


def _bin_dir() -> Path | None:
    found = shutil.which("pg_ctl")
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for directory in candidates:
        if Path(directory, "initdb").exists() and Path(directory, "pg_ctl").exists():
            return Path(directory)
    if found and shutil.which("initdb"):
        return Path(found).parent
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PostgresServer:
    """A server the tests may create databases on; ``admin_url`` points at ``postgres``."""

    admin_url: str
    reason: str = ""
    _stop: list[list[str]] = field(default_factory=list)
    _cleanup: list[str] = field(default_factory=list)

    def url_for(self, database: str) -> str:
        """The URL of ``database`` on this server."""
        base, _, _ = self.admin_url.rpartition("/")
        return f"{base}/{database}"

    def create_database(self, owner: str | None = None) -> str:
        """A new empty database; returns its URL."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(_libpq(self.admin_url), autocommit=True) as conn:
            extra = f" OWNER {owner}" if owner else ""
            conn.execute(f'CREATE DATABASE "{name}"{extra}')
        return self.url_for(name)

    def drop_database(self, url: str) -> None:
        """Drop a database made by :meth:`create_database` (ending its connections)."""
        import psycopg

        name = url.rpartition("/")[2]
        with psycopg.connect(_libpq(self.admin_url), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        """Stop a cluster this module started and remove its files."""
        for command in self._stop:
            subprocess.run(command, capture_output=True, check=False)
        for path in self._cleanup:
            shutil.rmtree(path, ignore_errors=True)


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def _as_postgres(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    runuser = shutil.which("runuser")
    if runuser:
        return [runuser, "-u", "postgres", "--", *command]
    return ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(command)]


def start() -> PostgresServer | None:
    """The server to test against, or None (with the reason printed by the caller)."""
    url = os.environ.get(URL_ENV)
    if url:
        return PostgresServer(admin_url=url)
    bin_dir = _bin_dir()
    if bin_dir is None:
        return None
    workdir = tempfile.mkdtemp(prefix="tracker-pg-")
    data = Path(workdir, "data")
    if os.geteuid() == 0:
        shutil.chown(workdir, "postgres", "postgres")
    os.chmod(workdir, 0o700)
    subprocess.run(
        _as_postgres([str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres",
                      "--auth=trust", "-E", "UTF8", "--locale=C"]),
        check=True, capture_output=True,
    )  # fmt: skip
    port = _free_port()
    log = Path(workdir, "server.log")
    options = f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1 -c fsync=off"
    options += " -c max_connections=200"
    subprocess.run(
        _as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log),
                      "-o", options, "-w", "-t", "60", "start"]),
        check=True, capture_output=True,
    )  # fmt: skip
    server = PostgresServer(admin_url=f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres")
    server._stop.append(
        _as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"])
    )
    server._cleanup.append(workdir)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            import psycopg

            psycopg.connect(_libpq(server.admin_url)).close()
            break
        except Exception:
            time.sleep(0.2)
    return server
