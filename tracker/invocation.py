"""Command lines the tracker prints for a person to run, written so that they work as printed.

A hint such as the demo's ``Explore: tracker --db sqlite:///demo/tracker.db state show Chad``
is only useful when pasting it runs it. Two things decide that:

- the program: ``tracker`` works only when it is on ``PATH`` and is this same program (an
  active virtual environment). Otherwise the program is named the way it was started, which
  works from the same folder: ``.venv/bin/tracker`` after ``make demo``, an absolute path, or
  ``.venv/bin/python -m tracker``;
- the database: a ``--db`` given to this command is repeated (without its password: passwords
  belong in ``~/.pgpass``, see ``docs/operations.md``); ``TRACKER_DATABASE_URL`` or the default
  apply by themselves in the same shell.

Arguments are quoted for a POSIX shell (``shlex.join``), so paths with spaces survive.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sys
from pathlib import Path

_state: dict[str, str | None] = {"db": None}


def remember_db_option(url: str | None) -> None:
    """Record the ``--db`` given to this invocation (None when it was not given)."""
    _state["db"] = url


def db_option() -> str | None:
    """The ``--db`` of this invocation, without its password, or None."""
    url = _state["db"]
    return None if url is None else without_password(url)


def without_password(url: str) -> str:
    """``postgresql+psycopg://alice:secret@host/db`` → ``postgresql+psycopg://alice@host/db``."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1@", url)


def program(argv0: str | None = None) -> list[str]:
    """The words that start the tracker again from the current folder.

    ``argv0`` defaults to ``sys.argv[0]``. ``tracker`` when the program found on ``PATH`` under
    that name is this one (or the program was started by that bare name, or the tracker runs
    inside another program); otherwise the path it was started by, or the Python interpreter
    with ``-m tracker``.
    """
    started = sys.argv[0] if argv0 is None else argv0
    path = Path(started)
    if path.name == "__main__.py" and path.parent.name == "tracker":  # python -m tracker
        return [_shown(Path(sys.executable)), "-m", "tracker"]
    if path.name != "tracker" or os.sep not in started:
        # Started by the bare name (the shell found it on PATH), or not from the command line
        # at all (the web app, a script, the tests): the documented name.
        return ["tracker"]
    on_path = shutil.which("tracker")
    if on_path is not None and _same_file(Path(on_path), path):
        return ["tracker"]
    return [_shown(path)]


def command_line(*args: str, db: bool = True) -> str:
    """A shell command line running ``tracker ARGS...`` as this invocation would.

    With ``db`` (the default) the ``--db`` given to this invocation is repeated, so that the
    command acts on the same database.
    """
    words = program()
    url = db_option() if db else None
    if url is not None:
        words += ["--db", url]
    return shlex.join([*words, *args])


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _shown(path: Path) -> str:
    """``path`` as typed when relative (it works from this folder), else absolute."""
    if not path.is_absolute():
        return str(path)
    try:
        relative = path.relative_to(Path.cwd())
    except ValueError:
        return str(path)
    return str(relative) if os.sep in str(relative) else f".{os.sep}{relative}"
