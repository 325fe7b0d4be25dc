"""Where the figure pages link to: a report version, a State, a sentence's numbers.

Links to the pages of reports (``/reports/{sha256}`` and ``/reports/{sha256}/{n}``) follow the
spec's paths; ``n`` is the report's row in its file (0 for a form workbook, the sheet's row for a
matrix file), which is unique within a file and never changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlencode


def file_href(sha256: str) -> str:
    """The page of one stored file."""
    return f"/reports/{sha256}"


def report_href(sha256: str, source_row: int = 0) -> str:
    """The page of one report of a stored file (its row in the file)."""
    return f"/reports/{sha256}/{source_row}"


def state_href(iso3: str) -> str:
    """A State's page."""
    return f"/states/{quote(iso3)}"


def with_query(path: str, params: dict[str, object], anchor: str = "") -> str:
    """``path?a=1&b=2#anchor`` with the parameters whose value is not None."""
    given = {k: str(v) for k, v in params.items() if v is not None and v is not False}
    query = urlencode(given)
    return path + (f"?{query}" if query else "") + (f"#{anchor}" if anchor else "")


@dataclass(frozen=True)
class Piece:
    """A piece of a sentence: its text, and the link of a number (None: plain text)."""

    text: str
    href: str | None = None


def linked(sentence: str, numbers: Sequence[tuple[str, str]]) -> tuple[Piece, ...]:
    """``sentence`` cut into pieces so that each ``(phrase, href)`` becomes a link.

    The phrases are found left to right, each after the previous one (``eight (8)`` of
    ``eight (8)`` links both); a phrase not found stays text. The words are the sentence's own:
    joined, the pieces give the sentence back byte for byte.
    """
    pieces: list[Piece] = []
    start = 0
    for phrase, href in numbers:
        at = sentence.find(phrase, start) if phrase else -1
        if at < 0:
            continue
        if at > start:
            pieces.append(Piece(sentence[start:at]))
        pieces.append(Piece(phrase, href))
        start = at + len(phrase)
    if start < len(sentence):
        pieces.append(Piece(sentence[start:]))
    return tuple(pieces)
