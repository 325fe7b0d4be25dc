"""UN M49 regions and sub-regions: a recipient of assistance that is neither a State nor Global.

The list (``tracker/data/m49-regions.csv``, its sources named in its header) is read once per
process. A region is found by its name in English, French or Spanish, or by its three-digit
M49 code, after :func:`tracker.text.normalize`.
"""

from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from tracker.text import normalize


@dataclass(frozen=True)
class Region:
    """One M49 region, sub-region or intermediate region."""

    code: str  # three digits, "002"
    level: str  # region, sub-region or intermediate-region
    parent: str | None
    name_en: str
    name_fr: str
    name_es: str

    def name(self, lang: str = "en") -> str:
        """The region's name in ``lang`` (English when the language is not en, fr or es)."""
        return {"fr": self.name_fr, "es": self.name_es}.get(lang, self.name_en)


@cache
def regions() -> tuple[Region, ...]:
    """Every region of the shipped list, in code order."""
    text = resources.files("tracker.data").joinpath("m49-regions.csv").read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return tuple(
        Region(
            code=row["code"],
            level=row["level"],
            parent=row["parent"] or None,
            name_en=row["name_en"],
            name_fr=row["name_fr"],
            name_es=row["name_es"],
        )
        for row in csv.DictReader(lines)
    )


@cache
def regions_by_code() -> dict[str, Region]:
    """The list keyed by M49 code."""
    return {r.code: r for r in regions()}


@cache
def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    for region in regions():
        for name in (region.code, region.name_en, region.name_fr, region.name_es):
            index.setdefault(normalize(name), region.code)
    return index


def find_region(written: str) -> Region | None:
    """The region named ``written`` (any language, or its M49 code), else None."""
    code = _index().get(normalize(written))
    return regions_by_code()[code] if code is not None else None


def closest_regions(written: str, limit: int = 2) -> list[str]:
    """English names of the regions whose names are closest to ``written``."""
    index = _index()
    found: list[str] = []
    for match in difflib.get_close_matches(normalize(written), list(index), n=limit * 3):
        name = regions_by_code()[index[match]].name_en
        if name not in found:
            found.append(name)
    return found[:limit]


def unknown_recipient(
    written: str, global_word: str = "Global", lang: str = "en"
) -> tuple[str, dict[str, str]]:
    """The ``unknown-recipient`` issue of a recipient that is no State, no Global and no region.

    Its variant and parameters (as :func:`tracker.reference.unknown_state`): the closest State
    and region names are suggested; ``global_word`` and an example region are in ``lang``.
    """
    from tracker.reference import closest_names

    suggestions = [*closest_names(written), *closest_regions(written)][:3]
    params = {
        "written": written,
        "global_word": global_word,
        "example": regions_by_code()["002"].name(lang),
    }
    if not suggestions:
        return "no-suggestion", params
    return "", {**params, "suggestions": ", ".join(f"'{name}'" for name in suggestions)}
