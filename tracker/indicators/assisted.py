"""The ``assisted`` predicate's evaluation (pure): a State's match of needs with support.

The match itself is :mod:`tracker.assistance` (a layer above the indicators), computed once per
run by the caller (:func:`tracker.services.assistance.match_rows`, the same window and reports
as the catalogue's) and handed down as plain :class:`AssistedRow` rows, one per numerator State
and article. This module only decides the predicate and names its evidence: the cells of the
flows that decided the status (``assistance.md`` §3).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

SUPPORTED = "supported"
POSSIBLY_SUPPORTED = "possibly_supported"
NO_REPORTED_SUPPORT = "no_reported_support"


@dataclass(frozen=True)
class AssistedRow:
    """A numerator State under one article: its status and the cells of its deciding flows."""

    state: str
    article: int
    status: str  # supported, possibly_supported or no_reported_support
    cells: tuple[str, ...] = ()  # file!sheet!cell (or file!row N) of each deciding flow


AssistedIndex = Mapping[tuple[int, str], AssistedRow]


def index(rows: Iterable[AssistedRow]) -> dict[tuple[int, str], AssistedRow]:
    """The rows by (article, State), as :func:`assisted` looks them up."""
    return {(r.article, r.state): r for r in rows}


def assisted(
    rows: AssistedIndex, state: str, article: int, status: str = "supported"
) -> tuple[bool, tuple[str, ...]]:
    """Whether ``state`` satisfies ``assisted`` for ``article``, and the evidence cells.

    ``status`` ``supported``: a flow for an area of the article decided; ``possibly``: also a
    flow for other or unspecified areas only. A State that declared no need under the article
    in the window (no row) never satisfies it.
    """
    row = rows.get((article, state))
    if row is None:
        return False, ()
    accepted = {SUPPORTED} if status == "supported" else {SUPPORTED, POSSIBLY_SUPPORTED}
    return (True, row.cells) if row.status in accepted else (False, ())
