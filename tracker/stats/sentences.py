"""The three "X of Y" sentences in the retreat-slide style (``spec/statistics.md``, Wording).

Counts are written by :func:`tracker.wording.count` (``sixteen (16)``, ``16``, ``none``); this
module only chooses the words around them: singular or plural, "have or had" or "have", and
the sentence for a denominator of zero.
"""

from __future__ import annotations

from tracker.wording import Style, count

# What each article's needs are "in" (the end of the sentence).
NEEDS_PHRASE: dict[int, str] = {
    3: "in stockpile destruction",
    4: "in clearance and/or risk reduction",
    5: "to address the needs of victims",
}


def obligation_phrase(article: int, *, current_only: bool) -> str:
    """``to have or had obligations``; Article 5 and ``--current`` have no "had"."""
    if article == 5 or current_only:
        return "to have obligations"
    return "to have or had obligations"


def needs_sentence(
    article: int,
    denominator: int,
    numerator: int,
    *,
    current_only: bool = False,
    style: Style = Style.WORDS,
) -> str:
    """One article's sentence, e.g. ``Of sixteen (16) States parties that have ...``.

    A numerator of one or zero takes "has" (``one (1) has``, ``none has``); a denominator of
    zero gives the "No State party has reported ..." sentence instead.
    """
    if numerator > denominator or numerator < 0:
        raise ValueError(f"numerator {numerator} outside 0..{denominator}")
    obligations = obligation_phrase(article, current_only=current_only)
    if denominator == 0:
        return f"No State party has reported {obligations} under Article {article}."
    subject = "State party that has" if denominator == 1 else "States parties that have"
    verb = "have" if numerator > 1 else "has"
    return (
        f"Of {count(denominator, style)} {subject} reported {obligations} under Article "
        f"{article}, {count(numerator, style)} {verb} highlighted assistance needs "
        f"{NEEDS_PHRASE[article]}."
    )
