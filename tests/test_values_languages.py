"""Values written the Arabic, Chinese and Russian way: dates, digits, yes/no, numbers (pure)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tracker.months import MONTHS, month_of
from tracker.values import ValueProblem, parse_date, parse_number, parse_yes_no

APRIL_30 = dt.date(2025, 4, 30)


@pytest.mark.parametrize(
    "written",
    [
        "30 أبريل 2025",
        "30 إبريل 2025",
        "30 ابريل 2025",
        "٣٠ أبريل ٢٠٢٥",  # Arabic-Indic digits
        "۳۰ أبريل ۲۰۲۵",  # Persian digits
        "30 نيسان 2025",  # Levantine and Iraqi
        "30 نيسان/أبريل 2025",  # as UN Arabic texts write it
        "30 أفريل 2025",  # Algeria, Tunisia, Mauritania
        "30 أبريل 2025م",  # "of the Christian era"
        "30 أبريل 2025 م",
        "2025年4月30日",
        "2025 年 4 月 30 日",
        "２０２５年４月３０日",  # full-width digits
        "2025年04月30日",
        "2025/4/30",
        "２０２５／０４／３０",
        "30 апреля 2025 г.",
        "30 апреля 2025 года",
        "30 апреля 2025",
        "30 апрель 2025",  # nominative
        "30 апр. 2025",
        "«30» апреля 2025 г.",
        "\u200f30/04/2025\u200f",  # right-to-left marks around a numeric date
        "٣٠/٠٤/٢٠٢٥",
        "30.04.2025",
    ],
)
def test_dates_written_the_local_way(written):
    assert parse_date(written) == APRIL_30


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("1 كانون الثاني 2025", dt.date(2025, 1, 1)),  # two-word Syriac month names
        ("15 تشرين الأول 2024", dt.date(2024, 10, 15)),
        ("3 كانون الأول/ديسمبر 2008", dt.date(2008, 12, 3)),
        ("1 آب/أغسطس 2010", dt.date(2010, 8, 1)),
        ("31 ديسمبر 2024", dt.date(2024, 12, 31)),
        ("1 ماي 2025", dt.date(2025, 5, 1)),  # Maghreb
        ("20 غشت 2025", dt.date(2025, 8, 20)),  # Morocco
        ("1 мая 2025 г.", dt.date(2025, 5, 1)),
        ("1 май 2025", dt.date(2025, 5, 1)),
        ("31 декабря 2024 г.", dt.date(2024, 12, 31)),
        ("1 сентября 2024", dt.date(2024, 9, 1)),
        ("1 сент. 2024", dt.date(2024, 9, 1)),
        ("1 ЯНВАРЯ 2025", dt.date(2025, 1, 1)),
    ],
)
def test_month_names_in_every_series_and_grammatical_form(written, expected):
    assert parse_date(written) == expected


@pytest.mark.parametrize(
    "written",
    ["31 февраля 2025 г.", "2025年2月31日", "٣١/٠٢/٢٠٢٥", "31 شباط 2025", "2025/2/31"],
)
def test_impossible_dates_in_every_language_are_bad_date(written):
    with pytest.raises(ValueProblem) as err:
        parse_date(written)
    assert err.value.code == "bad-date" and "real calendar date" in err.value.message


@pytest.mark.parametrize("written", ["30 نيسان/أيار 2025", "30 mai juin 2025", "30 мюля 2025"])
def test_two_different_months_or_an_unknown_one_is_no_date(written):
    with pytest.raises(ValueProblem) as err:
        parse_date(written)
    assert err.value.code == "bad-date"


@pytest.mark.parametrize("written", ["٢٠٢٥", "２０２５"])
def test_a_year_in_any_digits_looks_like_a_year(written):
    with pytest.raises(ValueProblem) as err:
        parse_date(written)
    assert err.value.message.startswith("2025 looks like a year")


def test_every_month_key_is_normalised_and_names_one_month():
    assert all(1 <= m <= 12 for m in MONTHS.values())
    assert month_of("نيسان ابريل") == 4
    assert month_of("نيسان ايار") is None


@pytest.mark.parametrize(
    ("written", "answer"),
    [
        ("نعم", True),
        ("لا", False),
        ("是", True),
        ("否", False),
        ("Да", True),
        ("НЕТ", False),
        ("Yes / نعم", True),
        ("是｜Yes", True),
        ("Нет\nNo", False),
    ],
)
def test_yes_and_no_in_every_language(written, answer):
    assert parse_yes_no(written) is answer


@pytest.mark.parametrize("written", ["Yes/No", "N/A", "ربما", "может быть", "也许"])
def test_halves_that_disagree_or_unknown_words_are_bad_yes_no(written):
    with pytest.raises(ValueProblem) as err:
        parse_yes_no(written)
    assert err.value.code == "bad-yes-no"


@pytest.mark.parametrize(
    ("written", "lang", "expected"),
    [
        ("١٬٢٣٤٫٥", "ar", "1234.5"),  # Arabic separators and digits
        ("1٬234٫5", "ar", "1234.5"),
        ("١٢٣٤", "ar", "1234"),
        ("1,234.5", "ar", "1234.5"),  # Arabic with Latin digits writes as English does
        ("2.5", "ar", "2.5"),
        ("١٬٢٣٤٫٥", "ru", "1234.5"),  # the Arabic separators are unambiguous anywhere
        ("1,234.5", "zh", "1234.5"),
        ("１，２３４．５", "zh", "1234.5"),  # full-width
        ("1 234,5", "ru", "1234.5"),
        ("1\u00a0234,5", "ru", "1234.5"),  # no-break space
        ("1\u202f234,5", "ru", "1234.5"),  # narrow no-break space
        ("2,5", "ru", "2.5"),
        ("-٥", "ar", "-5"),
    ],
)
def test_numbers_written_the_local_way(written, lang, expected):
    assert parse_number(written, lang) == Decimal(expected)


@pytest.mark.parametrize(
    ("written", "lang", "advice"),
    [("1,5", "ar", "1234.5"), ("1,5", "zh", "1234.5"), ("2.5", "ru", "1234,5")],
)
def test_ambiguous_numbers_in_each_language(written, lang, advice):
    with pytest.raises(ValueProblem) as err:
        parse_number(written, lang)
    assert err.value.code == "ambiguous-number"
    assert f"such as {advice}" in err.value.message
    assert parse_number(advice, lang) == Decimal("1234.5")  # the advice reads as given
