"""Workbooks uploaded in the web app: held until stored, checked and stored as ``tracker import``.

``/import`` works in two steps. The dry run holds each uploaded file in ``pending_uploads``
under its SHA-256 (never under a name from the request; the name is only shown) for
:data:`HOLD` and runs the import's dry run over those bytes; *Store* imports exactly the held
bytes named by their SHA-256, one transaction per file, as ``tracker import`` does. ``/entry``
stores the workbook it writes the same way, with channel ``entered``.

The import itself is :func:`tracker.services.imports.import_paths` over a private temporary
folder where each file is written as ``<sha256>.<suffix>``; the reader names it in its issues
and in the store by the uploaded file's name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from tracker import clock
from tracker.enums import Channel
from tracker.ingest.parsed import ParsedFile
from tracker.models import Original
from tracker.models.web import PendingUpload
from tracker.services.import_results import BatchResult

HOLD = dt.timedelta(hours=1)
_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,5}$")


@dataclass(frozen=True)
class Held:
    """An uploaded file held for the *Store* step."""

    sha256: str
    file_name: str
    content: bytes


def shown_name(name: str) -> str:
    """The name an upload is shown and stored under: its last part, printable, at most 200."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    return base[:200] or "upload.xlsx"


def hold(session: Session, name: str, content: bytes, user: str) -> Held:
    """Keep ``content`` under its SHA-256 for :data:`HOLD` (again: the hold is renewed)."""
    sha = hashlib.sha256(content).hexdigest()
    now = clock.now()
    row = session.get(PendingUpload, sha)
    if row is None:
        row = PendingUpload(sha256=sha, size_bytes=len(content), content=content)
        session.add(row)
    row.file_name, row.uploaded_by = shown_name(name), user
    row.uploaded_at, row.expires_at = now, now + HOLD
    session.flush()
    return Held(sha, row.file_name, content)


def held(session: Session, digests: Sequence[str]) -> tuple[list[Held], list[str]]:
    """The held uploads named by ``digests`` (in that order), and the digests no longer held.

    Expired holds are deleted first: an upload is never stored more than an hour after its
    dry run.
    """
    session.execute(delete(PendingUpload).where(PendingUpload.expires_at <= clock.now()))
    wanted = list(dict.fromkeys(d.strip().lower() for d in digests if d.strip()))
    rows = {
        r.sha256: r
        for r in session.scalars(select(PendingUpload).where(PendingUpload.sha256.in_(wanted)))
    }
    found = [Held(d, rows[d].file_name, rows[d].content) for d in wanted if d in rows]
    return found, [d for d in wanted if d not in rows]


def release(session: Session, digests: Sequence[str]) -> None:
    """Forget held uploads (once stored)."""
    session.execute(delete(PendingUpload).where(PendingUpload.sha256.in_(list(digests))))


def original(session: Session, sha256: str) -> bytes | None:
    """The kept original of a stored file (None when it was stored before originals were kept)."""
    return session.scalar(select(Original.content).where(Original.sha256 == sha256))


def run_import(
    engine: Engine,
    files: Sequence[Held],
    *,
    dry_run: bool,
    app_user: str,
    max_unzipped_bytes: int,
    channel: Channel = Channel.WORKBOOK,
) -> BatchResult:
    """Import (or check) the held files as ``tracker import`` does, one transaction per file."""
    from tracker.ingest.reader import read_file
    from tracker.services.imports import import_paths

    with tempfile.TemporaryDirectory(prefix="tracker-upload-") as tmp:
        names: dict[str, Held] = {}
        paths = []
        for f in files:
            suffix = _SUFFIX.search(f.file_name)
            path = Path(tmp) / f"{f.sha256}{suffix[0].lower() if suffix else ''}"
            path.write_bytes(f.content)
            names[str(path)] = f
            paths.append(path)

        def reader(path: Path, limit: int) -> ParsedFile:
            f = names[str(path)]
            parsed = read_file(path, max_unzipped_bytes=limit, display_path=f.file_name)
            parsed.file_name = f.file_name
            if parsed.ok:
                parsed.content = f.content  # the bytes checked are the bytes kept
                for report in parsed.reports:
                    report.channel = channel
            return parsed

        arguments = f"web {'dry run' if dry_run else 'import'}: " + ", ".join(
            f.file_name for f in files
        )
        return import_paths(
            engine,
            paths,
            dry_run=dry_run,
            max_unzipped_bytes=max_unzipped_bytes,
            arguments=arguments,
            reader=reader,
            jobs=0,
            app_user=app_user,
        )
