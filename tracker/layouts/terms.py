"""The layout file's terms: one English text in more languages, applied wherever it is written.

A layout file's ``terms`` give each English text of the layout (a label, a header, a title, a
sheet name, a vocabulary value) in more languages, with the source of each translation and the
other forms that are read. :func:`apply_terms` adds them to the layout data before it is parsed,
so the sheets are written once, in English, French and Spanish, and a language is reviewed, and
added, term by term. The form words and letters that make a sheet name look like a form's come
from the same data (:func:`form_like_pattern`).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any

from tracker.text import normalize


def texts(raw: Mapping[str, Any]) -> tuple[dict[str, str], tuple[str, ...]]:
    """A text mapping's texts by language, and its aliases."""
    found = {str(k): str(v) for k, v in raw.items() if k != "aliases"}
    return found, tuple(str(a) for a in raw.get("aliases", ()))


# Keys of a term that are not a language.
TERM_KEYS = frozenset({"en", "sources", "aliases", "note"})
# Parts of a layout file that hold no translatable texts, or their own per-language lists.
_NOT_TEXTS = frozenset({"terms", "instructions", "matrix", "writing", "letters"})


def _texts_of(node: Any) -> list[dict[str, Any]]:
    """Every text mapping (a mapping with an ``en`` string) in the layout data, once each."""
    found: dict[int, dict[str, Any]] = {}
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("en"), str):
                found.setdefault(id(item), item)
                continue
            stack.extend(v for k, v in item.items() if k not in _NOT_TEXTS)
        elif isinstance(item, list):
            stack.extend(item)
    return list(found.values())


def apply_terms(data: Mapping[str, Any]) -> dict[str, Any]:
    """The layout data with each term's translations added where its English text is written.

    Texts the layout spells out itself win over a term (a language added to one label by
    hand stays as written); a term's ``aliases`` (per language) join the text's own aliases.
    The data passed in is not changed.
    """
    result = copy.deepcopy(dict(data))
    terms = {str(t["en"]): t for t in result.get("terms") or ()}
    if not terms:
        return result
    for texts in _texts_of(result):
        term = terms.get(texts["en"])
        if term is None:
            continue
        for lang, text in term.items():
            if lang not in TERM_KEYS:
                texts.setdefault(lang, str(text))
        extra = [str(a) for written in (term.get("aliases") or {}).values() for a in written]
        if extra:
            own = list(texts.get("aliases") or ())
            texts["aliases"] = own + [a for a in extra if a not in own]
    return result


def form_like_pattern(
    form_sheet: Mapping[str, Any], forms: tuple[str, ...]
) -> tuple[re.Pattern[str], dict[str, str], dict[str, str]]:
    """The pattern of a sheet name that looks like a form's, its words' languages, its letters.

    The words are the form sheets' names without the letter (``Form``, ``Formulaire``,
    ``Форма``, ``表``…, and their aliases), the letters A–J and the other ways of writing them
    (``letters``). A word and a letter are whole words: ``Notes`` or ``Formation`` never match.
    """
    templates, aliases = texts(form_sheet.get("names") or {})
    words: dict[str, str] = {}
    for lang, template in templates.items():
        words.setdefault(normalize(template.replace("{form}", "")), lang)
    for alias in aliases:
        words.setdefault(normalize(alias.replace("{form}", "")), "")  # language unknown
    words.pop("", None)
    letters = {normalize(f): f for f in forms}
    for form, others in (form_sheet.get("letters") or {}).items():
        for other in others:
            letters.setdefault(normalize(str(other)), str(form))
    if not words:
        return re.compile(r"(?!)"), words, letters
    alternatives = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    letter_alternatives = "|".join(map(re.escape, sorted(letters, key=len, reverse=True)))
    # Word boundaries are explicit: Chinese writes no space between the word and the letter.
    pattern = re.compile(rf"(?<!\w)({alternatives}) ?({letter_alternatives})(?!\w)")
    return pattern, words, letters
