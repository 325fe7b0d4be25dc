"""Numbers as the ISU writes them: British English words with the figure in brackets.

``sixteen (16)``, ``thirty-seven (37)``, ``one hundred and twelve (112)``; ``none`` for zero; a
word that begins a sentence is capitalised. With the ``digits`` style the figure stands alone.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence

_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = ((1_000_000_000, "billion"), (1_000_000, "million"), (1_000, "thousand"))


class Style(enum.StrEnum):
    """How counts are written: ``words`` (the slides' style) or ``digits``."""

    WORDS = "words"
    DIGITS = "digits"


def _below_thousand(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    parts = []
    if hundreds:
        parts.append(f"{_UNITS[hundreds]} hundred")
    if rest:
        if rest < 20:
            words = _UNITS[rest]
        else:
            tens, units = divmod(rest, 10)
            words = _TENS[tens] + (f"-{_UNITS[units]}" if units else "")
        parts.append(words)
    return " and ".join(parts)


def in_words(n: int) -> str:
    """A non-negative whole number in British English words (no commas, "and" after hundreds).

    >>> in_words(1205)
    'one thousand two hundred and five'
    """
    if n < 0:
        raise ValueError("only counts (n >= 0) are written in words")
    if n == 0:
        return "zero"
    parts: list[str] = []
    rest = n
    for size, name in _SCALES:
        count, rest = divmod(rest, size)
        if count:
            parts.append(f"{_below_thousand(count)} {name}")
    if rest:
        # British usage: "one thousand and five", but "one thousand two hundred and five".
        if parts and rest < 100:
            parts.append(f"and {_below_thousand(rest)}")
        else:
            parts.append(_below_thousand(rest))
    return " ".join(parts)


def count(n: int, style: Style = Style.WORDS, *, start: bool = False) -> str:
    """A count in the house style: ``sixteen (16)``, ``16``, or ``none`` for zero.

    ``start`` capitalises the first letter (the count begins a sentence).
    """
    if n == 0:
        text = "none"
    elif style is Style.DIGITS:
        text = str(n)
    else:
        text = f"{in_words(n)} ({n})"
    return text[0].upper() + text[1:] if start else text


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """A count with its noun in the right number: ``1 file``, ``2 files``, ``0 files``.

    Irregular nouns give their plural: ``plural(n, "State Party", "States Parties")``.

    >>> plural(1, "revision"), plural(2, "error"), plural(0, "warning")
    ('1 revision', '2 errors', '0 warnings')
    """
    noun = singular if n == 1 else (plural_form or f"{singular}s")
    return f"{n} {noun}"


def text_table(rows: Sequence[Sequence[str]]) -> list[str]:
    """``rows`` (the header first) as aligned text lines: labels left, figures right, a rule."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for index, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [
            cell.rjust(width) if index else cell.ljust(width)
            for cell, width in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append(" | ".join(cells).rstrip())
        if index == 0:
            lines.append("-+-".join("-" * w for w in widths))
    return lines
