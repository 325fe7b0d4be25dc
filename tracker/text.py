"""Text normalisation used to match labels, headers, values and State names."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


# Cached: the same labels, headers, vocabulary words, yes/no answers and State names come back
# in every row of every workbook, and the Unicode decomposition is the costly part. Bounded, so
# that an import of many files with free text does not grow it without end.
@lru_cache(maxsize=65536)
def normalize(value: str) -> str:
    """Lower case, no accents, punctuation and repeated spaces folded, trailing colon ignored.

    >>> normalize("  Côte d'Ivoire : ")
    'cote d ivoire'
    """
    decomposed = unicodedata.normalize("NFKD", value)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = _NON_WORD.sub(" ", stripped.casefold().replace("_", " "))
    return " ".join(folded.split())
