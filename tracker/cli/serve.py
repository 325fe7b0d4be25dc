"""``tracker serve``: the web app (``spec/web.md``) under uvicorn.

Web libraries are imported inside the command only, so ``tracker --help`` never loads them.
Everything is checked before the server starts, each refusal one line: the store at the
newest migration, the mode (local: asked for, on a loopback host, with no web user; team:
every other start, which needs a user), the key that signs the cookies.
"""

from __future__ import annotations

from typing import Annotated

import typer

from tracker.cli.common import database_url, engine_for
from tracker.errors import TrackerError, UsageError


def register(app: typer.Typer) -> None:
    """Add ``serve`` to the top-level commands."""
    app.command("serve")(serve)


def address(host: str, port: int) -> str:
    """The address to open: ``http://127.0.0.1:8000/``.

    ``[::1]`` for IPv6; this machine's name when listening on every address.
    """
    import socket

    shown = host
    if host in ("0.0.0.0", "::", ""):
        shown = socket.gethostname()
    elif ":" in host:
        shown = f"[{host}]"
    return f"http://{shown}:{port}/"


def serve(
    ctx: typer.Context,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (0.0.0.0: every address).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port.")] = 8000,
    max_upload_mb: Annotated[
        float,
        typer.Option(
            "--max-upload-mb", min=0.001, help="Refuse requests larger than this (megabytes)."
        ),
    ] = 50,
    local: Annotated[
        bool,
        typer.Option(
            "--local",
            help="No login: the person at this machine acts as an editor (loopback host, "
            "a store without web users).",
        ),
    ] = False,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allowed-host",
            help="Team mode: a host name the app answers to behind a proxy (repeatable).",
            metavar="NAME",
        ),
    ] = None,
    forwarded_allow_ips: Annotated[
        str | None,
        typer.Option(
            "--forwarded-allow-ips",
            help="Team mode: the proxy addresses whose X-Forwarded-* headers are trusted "
            "(comma-separated; none by default).",
            metavar="IPS",
        ),
    ] = None,
) -> None:
    """Serve the web app: the tracker in a browser (docs/web.md).

    Local mode (--local) needs no login and answers to this machine only; team mode (every
    other start) needs users (tracker users add) and a login.

    Example: tracker serve --port 8000 --allowed-host tracker.isu.example
    """
    from tracker.config import redact_url
    from tracker.db import transaction
    from tracker.services.users import count_users
    from tracker.web.settings import WebSettings, database_name, is_loopback, secret_key

    url = database_url(ctx)
    if local and (allowed_host or forwarded_allow_ips):
        raise UsageError(
            "--local answers to this machine only: --allowed-host and --forwarded-allow-ips "
            "are for team mode behind a proxy"
        )
    if local and not is_loopback(host):
        raise UsageError(
            f"--local serves without a login, so only on a loopback host (127.0.0.1, ::1 or "
            f"localhost), not {host}: use team mode (tracker users add) to serve a network"
        )
    engine = engine_for(ctx)  # refuses a database not at the newest migration
    with transaction(engine) as session:
        users = count_users(session)
    if local and users:
        raise TrackerError(
            f"--local needs a store without web users, and this one has {users} "
            f"user{'s' if users != 1 else ''}: start without --local and log in"
        )
    if not local and not users:
        raise TrackerError(
            "no web user in this store: add one with `tracker users add NAME --role admin` "
            "(or, on this machine only, start with --local)"
        )
    settings = WebSettings(
        database_url=url,
        secret_key=secret_key(url, local=local),
        local=local,
        host=host,
        port=port,
        max_upload_bytes=int(max_upload_mb * 1024 * 1024),
        allowed_hosts=tuple(allowed_host or ()),
        database_name=database_name(url),
    )

    import uvicorn

    from tracker.web.app import create_app

    app = create_app(settings, engine=engine)
    where = address(host, port)
    typer.echo(f"tracker serve: {where} ({settings.mode} mode, database {redact_url(url)})")
    if local:
        typer.echo("local mode: no login, you act as an editor; only this machine can connect")
    else:
        typer.echo(f"team mode: log in at {where}login (users: tracker users list)")
    typer.echo("stop it with Ctrl-C", err=True)
    uvicorn.run(
        app,
        host=host,
        port=port,
        proxy_headers=bool(forwarded_allow_ips) and not local,
        forwarded_allow_ips=forwarded_allow_ips or "",
        server_header=False,
        log_level="warning",
        access_log=False,
    )
