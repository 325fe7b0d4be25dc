"""Text normalisation used to match labels, headers, values and State names."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def normalize(value: str) -> str:
    """Lower case, no accents, punctuation and repeated spaces folded, trailing colon ignored.

    >>> normalize("  Côte d'Ivoire : ")
    'cote d ivoire'
    """
    decomposed = unicodedata.normalize("NFKD", value)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = _NON_WORD.sub(" ", stripped.casefold().replace("_", " "))
    return " ".join(folded.split())
