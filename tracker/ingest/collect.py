"""Expand the PATH arguments of ``tracker import`` into the files to read, in sorted path order.

A file named on the command line is always handed to the reader, whatever its format, so that a
``.xls`` or ``.csv`` gets a clear one-line rejection; a name that exists but is no regular file
(a pipe, a device such as ``/dev/zero``) is rejected without being opened (it could block or
never end). Folders are scanned recursively and give only ``*.xlsx`` / ``*.xlsm``; everything
else in them, Office lock files (``~$…``), links that lead nowhere and special files, is
skipped with an info note that never changes the exit code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tracker.codes import issue
from tracker.issues import Issue

WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm"})
LOCK_PREFIX = "~$"


@dataclass
class Collected:
    """The files to import (sorted, each once), the paths that do not exist, and skip notes."""

    files: list[Path] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)
    notes: list[Issue] = field(default_factory=list)
    special: list[Path] = field(default_factory=list)  # named, but not a regular file


def _kind(path: Path) -> str:
    """What a path that is neither a folder nor a regular file is, in words."""
    import stat

    try:
        mode = path.stat().st_mode
    except OSError:
        return "a link that leads nowhere" if path.is_symlink() else "nothing"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _skip_note(path: Path) -> Issue | None:
    """Why a file found in a folder scan is not imported (None: import it)."""
    if path.name.startswith(LOCK_PREFIX):
        return issue(str(path), "lock-file-skipped")
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        return issue(str(path), "not-a-workbook-skipped")
    return None


def _special_note(path: Path) -> Issue:
    """A folder entry that is no regular file: a broken link, a pipe, a device, a socket."""
    kind = _kind(path)
    code = "broken-link-skipped" if kind == "a link that leads nowhere" else "special-file-skipped"
    return issue(str(path), code, kind=kind)


def special_file_issue(path: Path) -> Issue:
    """The error for a PATH argument that exists but is no regular file (never opened)."""
    return issue(str(path), "not-a-file", kind=_kind(path))


def collect(paths: Iterable[Path]) -> Collected:
    """The workbooks behind ``paths`` (files or folders, recursive), in sorted path order.

    Hidden folders (``.git`` and the like) are not entered: they never hold reports.
    """
    found: set[Path] = set()
    result = Collected()
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if _in_hidden_folder(child, path) or child.is_dir():
                    continue
                note = _skip_note(child) if child.is_file() else _special_note(child)
                if note is None:
                    found.add(child)
                else:
                    result.notes.append(note)
        elif path.is_file():
            found.add(path)  # named explicitly: the reader judges its format
        elif path.exists() or path.is_symlink():
            result.special.append(path)
        else:
            result.missing.append(path)
    result.files = sorted(found, key=str)
    result.notes.sort(key=lambda i: i.file)
    return result


def _in_hidden_folder(child: Path, root: Path) -> bool:
    """True when a folder between ``root`` and ``child`` starts with a dot."""
    return any(part.startswith(".") for part in child.relative_to(root).parts[:-1])
