"""How State names are written in lists and reports, folded into forms that can be looked up.

One State is written many ways: ``Congo, Rep.``, ``Congo (Republic of)``, ``Republic of Congo``;
``Netherlands, the Kingdom of the``; ``The Holy See``; ``Antigua & Barbuda``; French
``Saint-Kitts-et-Nevis``, Portuguese ``Sao Tome e Principe``. Rather than list every form, the
resolver (:mod:`tracker.reference`) tries, after the exact look-up, the forms these rules give:

- :func:`variants`: a qualifier in brackets or after one comma is moved to the front
  (``Congo (Republic of)`` → ``Republic of Congo``), or dropped when it only says what kind of
  State it is (``Kingdom of the``, ``Royaume des``, ``Reino de los``, ``Republic of``, ``Rep.``,
  ``The``, ``FYR``); a leading ``The`` is dropped; ``&`` reads ``and``.
- :func:`loose_key`: articles, ``of``, ``and`` (``et``, ``y``, ``e``) dropped in English, French,
  Spanish and Portuguese, and the usual abbreviations written out (``Rep.``, ``Dem.``, ``St``,
  ``FYR``), so ``Democratic Republic of Congo`` meets ``Democratic Republic of the Congo``.

Pure functions on text; the resolver accepts a form only when it names exactly one State.
"""

from __future__ import annotations

import re

from tracker.text import normalize

# Words that only say what kind of State it is: a qualifier made of them alone can be dropped.
GENERIC = frozenset(
    "the of republic rep kingdom state fyr "  # English (FYR: "former Yugoslav Republic")
    "republique royaume etat de des du la le les l "  # French
    "republica reino estado del los las el".split()  # Spanish
)
# Words a loose comparison ignores: articles, "of", "and".
STOP = frozenset("the of and de des du la le les l d et y e del los las el".split())
ABBREVIATIONS = {
    "rep": "republic",
    "dem": "democratic",
    "st": "saint",
    "ste": "sainte",
    "fed": "federated",
    "sts": "states",
    "fyr": "former yugoslav republic",
}

_BRACKETED = re.compile(r"^(?P<base>[^()]+?)\s*\((?P<qualifier>[^()]+)\)\s*$")


def _split(text: str) -> tuple[str, str] | None:
    """``(base, qualifier)`` of ``Base (Qualifier)`` or ``Base, Qualifier``, else None."""
    bracketed = _BRACKETED.match(text)
    if bracketed:
        return bracketed["base"], bracketed["qualifier"]
    if text.count(",") == 1 and "(" not in text:
        base, qualifier = text.split(",")
        return base, qualifier
    return None


def is_generic(qualifier: str) -> bool:
    """True when ``qualifier`` only says what kind of State it is (``Kingdom of the``)."""
    words = normalize(qualifier).split()
    return bool(words) and all(w in GENERIC for w in words)


def variants(written: str, *, drop_generic: bool = True) -> list[str]:
    """The normalised forms to look up for ``written``, most literal first (no duplicates).

    ``drop_generic=False`` keeps every qualifier: the resolver indexes the known names so,
    lest ``Korea, Republic of`` made a bare ``Korea`` mean one of the two Koreas.
    """
    text = written.replace("&", " and ")
    forms = [text]
    split = _split(text)
    if split is not None:
        base, qualifier = split
        forms.append(f"{qualifier} {base}")
        if drop_generic and is_generic(qualifier):
            forms.append(base)
    found: list[str] = []
    for form in forms:
        key = normalize(form)
        for candidate in (key, key.removeprefix("the ")):
            if candidate and candidate not in found:
                found.append(candidate)
    return found


def core(written: str) -> str:
    """The name without its qualifier (``Chadd (Republic of)`` → ``chadd``), for suggestions."""
    split = _split(written.replace("&", " and "))
    return normalize(split[0] if split else written).removeprefix("the ")


def loose_key(normalised: str) -> str:
    """A normalised form without articles and conjunctions, abbreviations written out."""
    words = " ".join(ABBREVIATIONS.get(w, w) for w in normalised.split()).split()
    return " ".join(w for w in words if w not in STOP)
