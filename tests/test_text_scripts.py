"""Normalisation per script: Arabic letter forms, full-width forms, ё and й, two languages at once."""

from __future__ import annotations

import pytest

from tracker.text import normalize, parts, plain


@pytest.mark.parametrize(
    ("written", "same_as"),
    [
        ("أبريل", "ابريل"),  # hamza above
        ("إبريل", "ابريل"),  # hamza below
        ("آذار", "اذار"),  # madda
        ("ٱلدولة", "الدولة"),  # alef wasla
        ("مؤسسة", "موسسة"),  # hamza on waw
        ("الجزائرية", "الجزايرية"),  # hamza on ya
    ],
)
def test_arabic_alef_and_hamza_forms_are_one_letter(written, same_as):
    assert normalize(written) == normalize(same_as)


def test_arabic_tashkeel_and_tatweel_are_removed():
    assert normalize("تَارِيخُ التَّقْدِيمِ") == normalize("تاريخ التقديم")  # fatha, kasra, shadda…
    assert normalize("تـــاريـخ") == normalize("تاريخ")  # tatweel
    assert normalize("الجمهوريّة") == normalize("الجمهورية")


def test_ta_marbuta_and_ha_alef_maqsura_and_ya_are_unified():
    assert normalize("الجمهورية") == normalize("الجمهوريه")
    assert normalize("مصطفى") == normalize("مصطفي")


def test_persian_forms_read_as_arabic():
    assert normalize("کیف") == normalize("كيف")  # Persian kaf and ya


def test_arabic_indic_and_persian_digits_are_digits():
    assert normalize("المادة ٤") == "الماده 4"
    assert normalize("۲۰۲۵") == "2025"
    assert plain("٣٠/٠٤/٢٠٢٥") == "30/04/2025"


def test_invisible_marks_are_dropped_not_spaced():
    assert normalize("\u200fتاريخ\u200c التقديم\u200f") == normalize("تاريخ التقديم")
    assert plain("\u200f30/04/2025\u200e") == "30/04/2025"


def test_full_width_forms_fold_to_half_width():
    assert normalize("Ｆｏｒｍ　Ａ：") == "form a"  # letters, ideographic space, colon
    assert normalize("表Ａ（需求）") == normalize("表A(需求)")
    assert plain("２０２５／４／３０") == "2025/4/30"


def test_russian_yo_reads_ye_and_short_i_is_kept():
    assert normalize("Отчётный") == normalize("Отчетный")
    assert normalize("Ё") == "е"
    assert normalize("Государственный") == "государственный"
    assert normalize("мой") != normalize("мои")
    assert normalize("ЙОД") == "йод"
    assert normalize("и\u0306") == "й"  # й typed as и + combining breve


def test_latin_rules_are_unchanged():
    assert normalize("  Côte d'Ivoire : ") == "cote d ivoire"
    assert normalize("STATE_NAME") == "state name"
    assert normalize("Straße") == "strasse"


@pytest.mark.parametrize(
    ("written", "halves"),
    [
        ("Date of submission / تاريخ التقديم", ["Date of submission", "تاريخ التقديم"]),
        ("提交日期｜Date of submission", ["提交日期", "Date of submission"]),
        ("Дата представления\nDate of submission", ["Дата представления", "Date of submission"]),
        ("Date of submission", []),
        ("E-mail", []),
        ("Area (m2)", []),
        ("/", []),
    ],
)
def test_two_languages_at_once_split_into_halves(written, halves):
    assert parts(written) == halves
