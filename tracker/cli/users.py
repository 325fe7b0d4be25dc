"""``tracker users``: the web app's users (``spec/web.md``); managed here only, never on a page.

Passwords are asked twice on a terminal with nothing echoed, or read from the first line of
``--password-file FILE`` (``-`` reads standard input), and never printed, logged or audited.
"""

from __future__ import annotations

import enum
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from tracker.cli.common import engine_for
from tracker.errors import TrackerError, UsageError

app = typer.Typer(
    help="The web app's users: add, list, passwd, role, remove (roles: reader, editor, admin).",
    no_args_is_help=True,
)

ROLES = "reader|editor|admin"

PasswordFileOption = Annotated[
    Path | None,
    typer.Option(
        "--password-file",
        help="Read the password from the first line of FILE ('-': standard input) "
        "instead of asking on the terminal.",
        metavar="FILE",
    ),
]


class ListFormat(enum.StrEnum):
    """Output formats of ``users list``."""

    text = "text"
    json = "json"


def _password(password_file: Path | None) -> str:
    """The new password: from the file, else asked twice on the terminal."""
    if password_file is not None:
        try:
            text = (
                sys.stdin.readline()
                if str(password_file) == "-"
                else password_file.read_text(encoding="utf-8")
            )
        except OSError as exc:
            raise TrackerError(f"cannot read the password file {password_file}: {exc}") from exc
        password = text.splitlines()[0] if text.splitlines() else ""
        if not password:
            raise TrackerError(f"the password file {password_file} is empty: write it on line 1")
        return password
    if not sys.stdin.isatty():
        raise UsageError(
            "no terminal to ask the password on: give it with --password-file FILE "
            "(or --password-file - to read it from standard input)"
        )
    value: str = typer.prompt(
        "Password", hide_input=True, confirmation_prompt="Repeat the password"
    )
    return value


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The login name (letters, digits, . _ @ -).")],
    role: Annotated[str, typer.Option("--role", help=f"{ROLES}.", metavar="ROLE")],
    password_file: PasswordFileOption = None,
) -> None:
    """Add a web user. An existing name is refused: use `users role` or `users passwd`.

    Roles: reader sees and downloads; editor also imports, enters reports, withdraws and
    reinstates; admin also manages users.

    Example: tracker users add alice --role editor
    """
    from tracker.db import transaction
    from tracker.services.users import add_user, check_name

    check_name(name)  # a bad name is refused before the password is asked
    engine = engine_for(ctx)
    password = _password(password_file)
    with transaction(engine) as session:
        user = add_user(session, name, role, password)
        added, chosen = user.name, user.role
    typer.echo(f"added user {added} ({chosen.value})")


@app.command("list")
def list_users(
    ctx: typer.Context,
    fmt: Annotated[ListFormat, typer.Option("--format", help="text or json.")] = ListFormat.text,
) -> None:
    """The web users: name, role, when added and last changed (never a password).

    Example: tracker users list --format json
    """
    from tracker.db import transaction
    from tracker.services.users import list_users as query

    with transaction(engine_for(ctx)) as session:
        users = query(session)
    if fmt is ListFormat.json:
        shape = {
            "users": [
                {
                    "name": u.name,
                    "role": u.role.value,
                    "created_at": u.created_at.isoformat(),
                    "updated_at": u.updated_at.isoformat(),
                }
                for u in users
            ]
        }
        typer.echo(json.dumps(shape, indent=2))
        return
    if not users:
        typer.echo("no web users: add one with tracker users add NAME --role admin")
        return
    width = max(len(u.name) for u in users)
    for u in users:
        added = u.created_at.strftime("%Y-%m-%d %H:%M")
        changed = u.updated_at.strftime("%Y-%m-%d %H:%M")
        typer.echo(f"{u.name:<{width}}  {u.role.value:<6}  added {added}  changed {changed}")
    count = len(users)
    typer.echo(f"{count} user{'s' if count != 1 else ''}")


@app.command("passwd")
def passwd(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The user.")],
    password_file: PasswordFileOption = None,
) -> None:
    """Give a user a new password; their open sessions end.

    Example: tracker users passwd alice
    """
    from tracker.db import transaction
    from tracker.services.users import find_user, set_password

    engine = engine_for(ctx)
    with transaction(engine) as session:
        find_user(session, name)  # an unknown name is refused before the password is asked
    password = _password(password_file)
    with transaction(engine) as session:
        user = set_password(session, name, password)
        changed = user.name
    typer.echo(f"password of {changed} changed: their open sessions are ended")


@app.command("role")
def role(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The user.")],
    new_role: Annotated[str, typer.Argument(help=f"{ROLES}.", metavar="ROLE")],
) -> None:
    """Change a user's role; their open sessions end. The last admin cannot be demoted.

    Example: tracker users role alice admin
    """
    from tracker.db import transaction
    from tracker.services.users import set_role

    with transaction(engine_for(ctx)) as session:
        user, before = set_role(session, name, new_role)
        changed, now = user.name, user.role
    if now is before:
        typer.echo(f"{changed} is {now.value} already: nothing changed")
        return
    typer.echo(f"{changed} is now {now.value} (was {before.value}): their open sessions are ended")


@app.command("remove")
def remove(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The user.")],
) -> None:
    """Remove a user; their open sessions end. The last admin cannot be removed.

    Example: tracker users remove alice
    """
    from tracker.db import transaction
    from tracker.services.users import remove_user

    with transaction(engine_for(ctx)) as session:
        removed = remove_user(session, name)
    typer.echo(f"removed user {removed}: their open sessions are ended")
