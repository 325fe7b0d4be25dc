"""The match sentences (``assistance.md`` §3, "Sentences"), in the statistics' wording.

Counts are written as :func:`tracker.wording.count` writes them (``two (2)``, ``none``; digits
with ``--style digits``); names as the indicators' English name lists (sorted, ``A, B and C``);
the window ``2021–2025`` (en dash), or ``2025`` when it is one year.
"""

from __future__ import annotations

from collections.abc import Sequence

from tracker.indicators.sentences import name_list
from tracker.wording import Style, count

# Article → (what the need is in, what the support is for).
PHRASES: dict[int, tuple[str, str]] = {
    3: ("in stockpile destruction", "for stockpile destruction"),
    4: ("in clearance and/or risk reduction", "for clearance and/or risk reduction"),
    5: ("to address the needs of victims", "to address the needs of victims"),
}


def window(since: int, as_of: int) -> str:
    """``2021–2025``, or ``2025`` when the window is one year."""
    return str(as_of) if since == as_of else f"{since}–{as_of}"


def match_sentences(
    article: int,
    *,
    numerator: int,
    supported: int,
    possibly: int,
    unsupported: Sequence[str],
    since: int,
    as_of: int,
    style: Style = Style.WORDS,
) -> list[str]:
    """Sentence 1 (always) and sentence 2 (when some States have no reported support)."""
    need, support = PHRASES[article]
    span = window(since, as_of)
    if numerator == 0:
        return [f"No State party has highlighted assistance needs {need} in {span}."]
    if numerator == 1:
        of = f"Of the {count(1, style)} State party that has highlighted assistance needs {need}"
    else:
        of = f"Of the {count(numerator, style)} States parties that have highlighted assistance "
        of += f"needs {need}"
    verb = "were" if supported > 1 else "was"
    first = f"{of}, {count(supported, style)} {verb} reported to have received assistance "
    first += f"{support} in {span}"
    if possibly:
        more = "" if supported == 0 else " more"
        first += f", and {count(possibly, style)}{more} for other or unspecified areas only"
    sentences = [first + "."]
    if unsupported:
        verb = "was" if len(unsupported) == 1 else "were"
        sentences.append(
            f"{name_list(unsupported)} {verb} not reported to have received assistance "
            f"{support} in {span}."
        )
    return sentences


def flows_line(counts: dict[str, int], since: int, as_of: int) -> str:
    """``Flows in 2021–2025: 12 reported by donors, 7 by recipients, 4 from other sources``."""
    return (
        f"Flows in {window(since, as_of)}: {counts.get('donor_report', 0)} reported by donors, "
        f"{counts.get('recipient_report', 0)} by recipients, "
        f"{counts.get('other_source', 0)} from other sources"
    )
