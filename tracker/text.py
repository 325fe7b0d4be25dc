"""Text normalisation used to match labels, headers, values and State names.

One function, :func:`normalize`, folds every way of writing the same word in the six UN
languages to one key; both sides of every comparison (the layout's texts, the reference list of
States, the month names, a workbook's cells) go through it. Per script:

- **Latin**: lower case, accents removed (``État`` → ``etat``).
- **Arabic**: tashkeel (the short-vowel marks, shadda, sukun, tanwin, the dagger alef) and
  tatweel (the stretching stroke ``ـ``) removed; the hamza and madda forms of alef (``أ إ آ``)
  and alef wasla (``ٱ``) read ``ا``; ``ؤ ئ`` read ``و ي``; ta marbuta reads ha (``ة`` → ``ه``)
  and alef maqsura reads ya (``ى`` → ``ي``), as Arabic search engines fold them: both pairs are
  written for one another in practice (``الجمهورية``/``الجمهوريه``, ``عربى``/``عربي``), and no
  two words of the layouts or of the State names differ only by them. The Persian forms of ya
  and kaf (``ی ک``, from a Persian keyboard) read ``ي ك``; Arabic-Indic and Persian digits
  (``٠–٩``, ``۰–۹``) read ``0–9``.
- **Chinese**: full-width forms read as their ASCII twins (``Ａ１：`` → ``a1:``), the ideographic
  space as a space; CJK punctuation (``、。：（）``) is punctuation like any other.
- **Cyrillic**: ``ё`` reads ``е`` (its diaeresis is an accent), but ``й`` is kept: its breve
  makes a letter of its own (``мой`` and ``мои`` are different words), so it must not become
  ``и`` when accents are stripped.
- Everywhere: case, punctuation, ``_``, repeated and surrounding spaces and a trailing colon are
  ignored; right-to-left and left-to-right marks and zero-width characters (invisible, common in
  Arabic cells) are dropped.

:func:`parts` splits a text written in two languages at once (``Date of submission / تاريخ
التقديم``) so that either half can be recognised.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)

_BREVE = "\u0306"  # the combining breve of й (и + breve after NFKD)
_SHORT_I = "\ue000"  # a private-use stand-in for й while accents are stripped

# Applied after decomposition, accent stripping and case folding.
# Invisible marks: zero-width space and (non-)joiners, left-to-right and right-to-left marks,
# the Arabic letter mark, the byte-order mark, bidi embeddings, overrides and isolates.
_INVISIBLE: dict[int, None] = {
    **dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u061c\ufeff")),
    **dict.fromkeys(range(0x202A, 0x202F)),
    **dict.fromkeys(range(0x2066, 0x206A)),
}
# Arabic-Indic and Persian (extended Arabic-Indic) digits.
_DIGITS: dict[int, str] = {
    **{0x0660 + d: str(d) for d in range(10)},
    **{0x06F0 + d: str(d) for d in range(10)},
}
# Applied after decomposition, accent stripping and case folding.
_FOLD: dict[int, str | None] = {
    **_INVISIBLE,
    **_DIGITS,
    0x0629: "\u0647",  # ة ta marbuta -> ه ha
    0x0649: "\u064a",  # ى alef maqsura -> ي ya
    0x0671: "\u0627",  # ٱ alef wasla -> ا
    0x06CC: "\u064a",  # ی Persian ya -> ي
    0x06A9: "\u0643",  # ک Persian kaf -> ك
    0x0640: None,  # ـ tatweel
    ord("_"): " ",
    ord(_SHORT_I): "\u0439",  # й
}


# Cached: the same labels, headers, vocabulary words, yes/no answers and State names come back
# in every row of every workbook, and the Unicode decomposition is the costly part. Bounded, so
# that an import of many files with free text does not grow it without end.
@lru_cache(maxsize=65536)
def normalize(value: str) -> str:
    """Lower case, no accents, punctuation and repeated spaces folded, trailing colon ignored.

    The per-script rules of the module docstring apply (Arabic letter forms and digits,
    full-width forms, ``ё`` but not ``й``).

    >>> normalize("  Côte d'Ivoire : ")
    'cote d ivoire'
    >>> normalize("تاريخُ التقديمِ") == normalize("تاريخ التقديم")
    True
    """
    if value.isascii():  # the common case: nothing to decompose, no script rule applies
        folded = value.casefold().replace("_", " ")
    else:
        decomposed = unicodedata.normalize("NFKD", value)
        if _BREVE in decomposed:
            decomposed = decomposed.replace("\u0438\u0306", _SHORT_I).replace(
                "\u0418\u0306", _SHORT_I
            )
        stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        folded = stripped.casefold().translate(_FOLD)
    folded = _NON_WORD.sub(" ", folded)
    return " ".join(folded.split())


_PLAIN: dict[int, str | None] = {**_INVISIBLE, **_DIGITS, 0x0640: None}


def plain(value: str) -> str:
    """``value`` with digits of every script as ``0–9`` and invisible marks dropped.

    For numbers and dates written as text: full-width forms become ASCII (NFKC: ``２０２５／４``
    → ``2025/4``), Arabic-Indic and Persian digits become ``0–9``, and right-to-left marks,
    zero-width characters and tatweel go. Case, accents and punctuation are kept.

    >>> plain("٣٠/٠٤/٢٠٢٥")
    '30/04/2025'
    """
    if value.isascii():
        return value
    return unicodedata.normalize("NFKC", value).translate(_PLAIN)


# What separates the two halves of a text written in two languages at once: a slash (also the
# full-width one), a vertical bar, or a line break inside the cell. Never a hyphen (``E-mail``,
# ``Form-A``) or brackets (``Area (m2)``), which belong to single-language texts.
_TWO_LANGUAGES = re.compile(r"\s*[/|\uff0f\uff5c\r\n]+\s*")


def parts(value: str) -> list[str]:
    """The non-blank halves of a text written in two (or more) languages, else ``[]``.

    >>> parts("Date of submission / Fecha de presentación")
    ['Date of submission', 'Fecha de presentación']
    >>> parts("Date of submission")
    []
    """
    # Substring tests first: the reader asks this of every table cell it does not know, and
    # almost none holds a separator (this is several times faster than the pattern's search).
    if (
        "/" not in value
        and "|" not in value
        and "\n" not in value
        and "\r" not in value
        and (value.isascii() or ("\uff0f" not in value and "\uff5c" not in value))
    ):
        return []
    found = [p for p in _TWO_LANGUAGES.split(value) if p.strip()]
    return found if len(found) > 1 else []
