"""The shipped reference list of States and the one resolver of written names to ISO3 codes.

The list (``tracker/data/states.csv``, built by ``scripts/build_states.py`` from pycountry) is read
once per process; resolving is a dictionary look-up on the normalised text, then on the forms
the general rules of :mod:`tracker.names` give (``Congo, Rep.``, ``Netherlands (Kingdom of the)``).
Names in the six UN languages are known: the store keeps the English, French and Spanish names
in columns and the Arabic, Chinese and Russian ones in its alias table
(:func:`tracker.services.setup.load_reference_states`); the resolver reads the package data.
"""

from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from tracker import names
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
    name_ar: str = ""
    name_zh: str = ""
    name_ru: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        """Every name and alias, the ISO3 code first (what the resolver knows it by)."""
        return (
            self.iso3,
            self.name_en,
            self.name_fr,
            self.name_es,
            self.name_ar,
            self.name_zh,
            self.name_ru,
            *self.aliases,
        )

    def name(self, lang: str) -> str:
        """The State's name in ``lang`` (one of the six UN languages; English otherwise)."""
        return str(getattr(self, f"name_{lang}", "") or self.name_en)


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
            name_ar=row["name_ar"],
            name_zh=row["name_zh"],
            name_ru=row["name_ru"],
        )
        for row in rows
    )


@cache
def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    for state in reference_states():
        for alias in state.names:
            index.setdefault(normalize(alias), state.iso3)
    return index


@cache
def states_by_iso3() -> dict[str, StateRef]:
    """The reference list keyed by ISO3."""
    return {s.iso3: s for s in reference_states()}


@cache
def _loose_index() -> dict[str, str]:
    """Loose keys (:func:`tracker.names.loose_key`) of every known name and its inverted forms.

    A key two States share is left out: a loose match must name exactly one State.
    """
    owners: dict[str, set[str]] = {}
    for state in reference_states():
        for alias in state.names:
            for form in names.variants(alias, drop_generic=False):
                owners.setdefault(names.loose_key(form), set()).add(state.iso3)
    return {key: next(iter(found)) for key, found in owners.items() if key and len(found) == 1}


def resolve_state(written: str) -> str | None:
    """The ISO3 code of a State written as any known name (six languages, aliases) or ISO3 code.

    An exact look-up of the normalised text first; then the forms of :mod:`tracker.names`
    (qualifiers moved or dropped, "The", "&", abbreviations, articles), accepted only when
    they all point at one State.
    """
    found = _index().get(normalize(written))
    return found if found is not None else _resolve_variants(written)


@lru_cache(maxsize=4096)
def _resolve_variants(written: str) -> str | None:
    forms = names.variants(written)
    index = _index()
    found = {index[f] for f in forms if f in index}
    if not found:
        loose = _loose_index()
        found = {loose[k] for k in map(names.loose_key, forms) if k in loose}
    return next(iter(found)) if len(found) == 1 else None


def closest_names(written: str, limit: int = 3, cutoff: float = 0.6) -> list[str]:
    """Display names of the States whose known names are closest to ``written``.

    The name without its qualifier is compared first, so that ``Chadd (Republic of)`` suggests
    Chad rather than the Republic of Korea and the Republic of Moldova. ``cutoff`` is difflib's
    similarity (0–1) a name must reach.
    """
    index = _index()
    keys = list(index)
    by_iso3 = states_by_iso3()

    def close_to(forms: list[str]) -> list[str]:
        found: list[str] = []
        for form in dict.fromkeys(forms):
            for match in difflib.get_close_matches(form, keys, n=limit * 4, cutoff=cutoff):
                name = by_iso3[index[match]].name_en
                if name not in found:
                    found.append(name)
        return found[:limit]

    return close_to([names.core(written)]) or close_to(names.variants(written))


def unknown_state(written: str) -> tuple[str, dict[str, str]]:
    """The ``unknown-state`` issue of a name the resolver cannot place: variant and parameters.

    The closest known names are suggested.
    """
    suggestions = closest_names(written)
    if not suggestions:
        return "no-suggestion", {"written": written}
    return "", {"written": written, "suggestions": ", ".join(repr(s) for s in suggestions)}


def unknown_state_message(written: str) -> str:
    """The message for a name the resolver cannot place, with the closest known names."""
    from tracker.codes import message

    variant, params = unknown_state(written)
    return message("unknown-state", variant, **params)


def require_state(written: str) -> str:
    """Like :func:`resolve_state`, but raise :class:`UnknownStateError` with suggestions."""
    iso3 = resolve_state(written)
    if iso3 is None:
        raise UnknownStateError(unknown_state_message(written))
    return iso3
