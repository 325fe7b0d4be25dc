"""Finding a stored file by its SHA-256 or the first characters of it, as people type them.

Imported workbooks (``reports withdraw``, the report pages) and assistance flow files
(``assistance withdraw``) are both named by SHA-256; a person gives the first 8 or more
hexadecimal characters that ``reports list`` or ``assistance list`` shows.
"""

from __future__ import annotations

import re
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.errors import TrackerError, UsageError
from tracker.models import FlowFile, SourceFile

MIN_PREFIX = 8
_HEX = re.compile(r"[0-9a-f]+")

Stored = TypeVar("Stored", SourceFile, FlowFile)


def find_by_sha256(
    session: Session, model: type[Stored], sha: str, *, what: str, listing: str
) -> Stored:
    """The stored ``model`` row whose SHA-256 is ``sha`` or starts with it.

    ``what`` names the row in messages ("file", "flow file"); ``listing`` is the command line
    that shows the stored SHA-256s.
    """
    prefix = sha.strip().lower()
    if not (MIN_PREFIX <= len(prefix) <= 64 and _HEX.fullmatch(prefix)):
        raise UsageError(
            f"{sha!r} is not a SHA-256: give the {what}'s SHA-256 or its first {MIN_PREFIX} or "
            f"more hexadecimal characters ({listing} shows them)"
        )
    found = session.scalars(select(model).where(model.sha256.startswith(prefix)).limit(6)).all()
    if not found:
        raise TrackerError(f"no stored {what} has a SHA-256 starting with {prefix}: see {listing}")
    if len(found) > 1:
        names = ", ".join(f"{f.sha256[:16]} {f.file_name}" for f in found[:5])
        raise TrackerError(
            f"{prefix} matches more than one stored {what} ({names}): give more characters"
        )
    return found[0]
