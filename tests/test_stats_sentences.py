"""The wording of the statistics, sentence by sentence from ``spec/statistics.md``."""

from __future__ import annotations

import pytest

from tracker.stats.sentences import needs_sentence
from tracker.wording import Style, count, in_words


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (1, "one (1)"),
        (8, "eight (8)"),
        (12, "twelve (12)"),
        (16, "sixteen (16)"),
        (21, "twenty-one (21)"),
        (37, "thirty-seven (37)"),
        (100, "one hundred (100)"),
        (112, "one hundred and twelve (112)"),
        (1205, "one thousand two hundred and five (1205)"),
    ],
)
def test_numbers_are_british_words_with_the_figure(n, words):
    assert count(n) == words
    assert count(n, Style.DIGITS) == str(n)


def test_zero_is_none_in_both_styles_and_capitalised_at_a_sentence_start():
    assert count(0) == count(0, Style.DIGITS) == "none"
    assert count(0, start=True) == "None"
    assert count(21, start=True) == "Twenty-one (21)"
    assert in_words(1205) == "one thousand two hundred and five"


# The three sentences of the spec's Wording section, word for word.
SPEC_ARTICLE_3 = (
    "Of thirty-seven (37) States parties that have reported to have or had obligations under "
    "Article 3, eight (8) have highlighted assistance needs in stockpile destruction."
)
SPEC_ARTICLE_4 = (
    "Of sixteen (16) States parties that have reported to have or had obligations under "
    "Article 4, eight (8) have highlighted assistance needs in clearance and/or risk reduction."
)
SPEC_ARTICLE_5 = (
    "Of twelve (12) States parties that have reported to have obligations under Article 5, "
    "seven (7) have highlighted assistance needs to address the needs of victims."
)


def test_the_three_sentences_of_the_spec():
    assert needs_sentence(3, 37, 8) == SPEC_ARTICLE_3
    assert needs_sentence(4, 16, 8) == SPEC_ARTICLE_4
    assert needs_sentence(5, 12, 7) == SPEC_ARTICLE_5


def test_singular_denominator():
    assert needs_sentence(4, 1, 1) == (
        "Of one (1) State party that has reported to have or had obligations under Article 4, "
        "one (1) has highlighted assistance needs in clearance and/or risk reduction."
    )


def test_a_numerator_of_one_with_a_plural_denominator_is_singular():
    assert needs_sentence(3, 21, 1) == (
        "Of twenty-one (21) States parties that have reported to have or had obligations under "
        "Article 3, one (1) has highlighted assistance needs in stockpile destruction."
    )


def test_a_numerator_of_zero_is_none_has():
    assert needs_sentence(5, 112, 0) == (
        "Of one hundred and twelve (112) States parties that have reported to have obligations "
        "under Article 5, none has highlighted assistance needs to address the needs of victims."
    )
    assert ", none has highlighted" in needs_sentence(5, 112, 0, style=Style.DIGITS)


@pytest.mark.parametrize(
    ("article", "current_only", "expected"),
    [
        (3, False, "No State party has reported to have or had obligations under Article 3."),
        (4, False, "No State party has reported to have or had obligations under Article 4."),
        (5, False, "No State party has reported to have obligations under Article 5."),
        (3, True, "No State party has reported to have obligations under Article 3."),
        (4, True, "No State party has reported to have obligations under Article 4."),
        (5, True, "No State party has reported to have obligations under Article 5."),
    ],
)
def test_a_denominator_of_zero(article, current_only, expected):
    assert needs_sentence(article, 0, 0, current_only=current_only) == expected
    assert needs_sentence(article, 0, 0, current_only=current_only, style=Style.DIGITS) == expected


def test_current_says_have_obligations_for_every_article():
    assert needs_sentence(4, 16, 8, current_only=True) == (
        "Of sixteen (16) States parties that have reported to have obligations under Article 4, "
        "eight (8) have highlighted assistance needs in clearance and/or risk reduction."
    )
    assert "to have obligations under Article 3" in needs_sentence(3, 2, 1, current_only=True)


def test_digits_style_writes_the_figure_alone():
    assert needs_sentence(3, 1205, 100, style=Style.DIGITS) == (
        "Of 1205 States parties that have reported to have or had obligations under Article 3, "
        "100 have highlighted assistance needs in stockpile destruction."
    )
    assert needs_sentence(4, 1, 1, style=Style.DIGITS).startswith("Of 1 State party that has")


def test_a_numerator_larger_than_the_denominator_is_a_bug():
    with pytest.raises(ValueError):
        needs_sentence(3, 2, 3)
