"""Expand the PATH arguments of ``tracker import`` into the files to read, in sorted path order.

A file named on the command line is always handed to the reader, whatever its format, so that a
``.xls`` or ``.csv`` gets a clear one-line rejection. Folders are scanned recursively and give
only ``*.xlsx`` / ``*.xlsm``; everything else in them, and Office lock files (``~$…``), is
skipped with an info note that never changes the exit code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tracker.issues import Issue, Severity

WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm"})
LOCK_PREFIX = "~$"


@dataclass
class Collected:
    """The files to import (sorted, each once), the paths that do not exist, and skip notes."""

    files: list[Path] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)
    notes: list[Issue] = field(default_factory=list)


def _skip_note(path: Path) -> Issue | None:
    """Why a file found in a folder scan is not imported (None: import it)."""
    if path.name.startswith(LOCK_PREFIX):
        return Issue(
            file=str(path),
            code="lock-file-skipped",
            severity=Severity.INFO,
            message="Office lock file (the workbook is open in Excel): skipped",
        )
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        return Issue(
            file=str(path),
            code="not-a-workbook-skipped",
            severity=Severity.INFO,
            message="not an .xlsx or .xlsm workbook: skipped by the folder scan",
        )
    return None


def collect(paths: Iterable[Path]) -> Collected:
    """The workbooks behind ``paths`` (files or folders, recursive), in sorted path order.

    Hidden folders (``.git`` and the like) are not entered: they never hold reports.
    """
    found: set[Path] = set()
    result = Collected()
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if not child.is_file() or _in_hidden_folder(child, path):
                    continue
                note = _skip_note(child)
                if note is None:
                    found.add(child)
                else:
                    result.notes.append(note)
        elif path.is_file():
            found.add(path)  # named explicitly: the reader judges its format
        else:
            result.missing.append(path)
    result.files = sorted(found, key=str)
    result.notes.sort(key=lambda i: i.file)
    return result


def _in_hidden_folder(child: Path, root: Path) -> bool:
    """True when a folder between ``root`` and ``child`` starts with a dot."""
    return any(part.startswith(".") for part in child.relative_to(root).parts[:-1])
