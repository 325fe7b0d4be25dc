"""The shipped reference list of States and the one resolver of written names to ISO3 codes.

The list (``tracker/data/states.csv``, built by ``scripts/build_states.py`` from pycountry) is read
once per process; resolving is a dictionary look-up on the normalised text.
"""

from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from tracker.errors import UnknownStateError
from tracker.text import normalize


@dataclass(frozen=True)
class StateRef:
    """A State of the reference list."""

    iso3: str
    category: str
    name_en: str
    name_fr: str
    name_es: str
    aliases: tuple[str, ...]


@cache
def reference_states() -> tuple[StateRef, ...]:
    """Every State the tracker knows, sorted by ISO3."""
    text = resources.files("tracker.data").joinpath("states.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(text.splitlines())
    return tuple(
        StateRef(
            iso3=row["iso3"],
            category=row["category"],
            name_en=row["name_en"],
            name_fr=row["name_fr"],
            name_es=row["name_es"],
            aliases=tuple(a for a in row["aliases"].split("|") if a),
        )
        for row in rows
    )


@cache
def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    for state in reference_states():
        for alias in (state.iso3, state.name_en, state.name_fr, state.name_es, *state.aliases):
            index.setdefault(normalize(alias), state.iso3)
    return index


@cache
def states_by_iso3() -> dict[str, StateRef]:
    """The reference list keyed by ISO3."""
    return {s.iso3: s for s in reference_states()}


def resolve_state(written: str) -> str | None:
    """The ISO3 code of a State written as any known name (en/fr/es, aliases) or ISO3 code."""
    return _index().get(normalize(written))


def closest_names(written: str, limit: int = 3) -> list[str]:
    """Display names of the States whose known names are closest to ``written``."""
    index = _index()
    matches = difflib.get_close_matches(normalize(written), list(index), n=limit * 4, cutoff=0.6)
    names: list[str] = []
    by_iso3 = states_by_iso3()
    for match in matches:
        name = by_iso3[index[match]].name_en
        if name not in names:
            names.append(name)
    return names[:limit]


def unknown_state_message(written: str) -> str:
    """The message for a name the resolver cannot place, with the closest known names."""
    suggestions = closest_names(written)
    hint = f"did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
    remedy = "write the State's English, French or Spanish name or its ISO 3166 alpha-3 code"
    return f"unknown State {written!r}: {hint + ' ' if hint else ''}{remedy}"


def require_state(written: str) -> str:
    """Like :func:`resolve_state`, but raise :class:`UnknownStateError` with suggestions."""
    iso3 = resolve_state(written)
    if iso3 is None:
        raise UnknownStateError(unknown_state_message(written))
    return iso3
