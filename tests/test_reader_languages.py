"""Reading Arabic, Chinese and Russian workbooks: sheets, labels, two languages at once, language."""

from __future__ import annotations

import pytest

from tests.workbooks import build_report, edit_cells
from tracker.ingest.reader import looks_like_form, read_file
from tracker.layouts import get_layout

OTHERS = ["ar", "zh", "ru"]


def texts(parsed):
    return [i.as_text() for i in parsed.issues]


def rename_sheet(old: str, new: str):
    def rename(wb) -> None:
        wb[old].title = new

    return rename


@pytest.mark.parametrize("lang", OTHERS)
def test_a_workbook_in_the_language_reads_without_a_single_issue(tmp_path, lang):
    path = tmp_path / f"{lang}.xlsx"
    build_report(path, lang=lang)
    parsed = read_file(path)
    assert parsed.issues == [], texts(parsed)
    report = parsed.reports[0]
    assert (report.state_iso3, report.reporting_year, report.language) == ("TCD", 2024, lang)
    statuses = {f.form: f.status.value for f in report.forms}
    assert statuses["B"] == "changed" and statuses["C"] == "not_applicable"
    assert {n["area"] for n in report.facts["needs"] if n["needed"]} == {
        "clearance",
        "victim_assistance",
    }


@pytest.mark.parametrize(
    ("name", "letter"),
    [
        ("Форма I (потребности)", "I"),
        ("форма_b", "B"),
        ("表I（需求）", "I"),
        ("表格F", "F"),
        ("الاستمارة I (الاحتياجات)", "I"),
        ("النموذج طاء - الاحتياجات", "I"),  # the UN Arabic letter name of I
        ("Форма В (запасы)", "B"),  # a Cyrillic В typed on a Russian keyboard
    ],
)
def test_names_that_look_like_a_form_in_every_language(name, letter):
    assert looks_like_form(name) == letter


@pytest.mark.parametrize("name", ["Формат", "表格说明", "الاستمارات", "Информация"])
def test_words_that_merely_start_like_a_form_word_do_not(name):
    assert looks_like_form(name) is None


@pytest.mark.parametrize(
    ("lang", "renamed", "suggested"),
    [
        ("ru", "Форма I (потребности)", "Форма I"),
        ("zh", "表I（需求）", "表I"),
        ("ar", "الاستمارة I (الاحتياجات)", "الاستمارة I"),
    ],
)
def test_a_renamed_form_sheet_is_an_error_in_its_own_language(tmp_path, lang, renamed, suggested):
    path = tmp_path / "r.xlsx"
    form_i = get_layout().sheet("I").name(lang)
    build_report(path, lang=lang, extra=rename_sheet(form_i, renamed))
    parsed = read_file(path)
    (misnamed,) = [i for i in parsed.issues if i.code == "misnamed-sheet"]
    assert misnamed.sheet == renamed and repr(suggested) in misnamed.message


@pytest.mark.parametrize(
    ("lang", "written"),
    [("ar", "الاستمارة طاء"), ("ar", "النموذج I"), ("zh", "表格I"), ("ru", "Форма_I")],
)
def test_other_ways_of_writing_a_form_sheet_are_read(tmp_path, lang, written):
    path = tmp_path / "r.xlsx"
    form_i = get_layout().sheet("I").name(lang)
    build_report(path, lang=lang, extra=rename_sheet(form_i, written))
    parsed = read_file(path)
    assert parsed.issues == [], texts(parsed)
    assert parsed.reports[0].facts["needs"], "Form I was read"


@pytest.mark.parametrize(("lang", "letter"), [("ru", "\u0412"), ("ar", "باء"), ("ru", "в")])
def test_the_cover_form_column_reads_other_ways_of_writing_a_letter(tmp_path, lang, letter):
    path = tmp_path / "r.xlsx"
    built = build_report(path, lang=lang)
    form_cell = built.form_cell("B").replace("B", "A")
    edit_cells(path, {(built.sheet("cover"), form_cell): letter})
    parsed = read_file(path)
    assert parsed.issues == [], texts(parsed)
    assert {f.form for f in parsed.reports[0].forms} >= {"B"}


BILINGUAL = {
    "ar": ("Date of submission / تاريخ التقديم", "Area / المجال", "confirmed / مؤكدة"),
    "zh": ("提交日期｜Date of submission", "领域/Area", "已确认 / confirmed"),
    "ru": ("Дата представления\nDate of submission", "Область / Area", "подтвержденный/confirmed"),
}


@pytest.mark.parametrize("lang", OTHERS)
def test_labels_headers_and_values_in_two_languages_at_once(tmp_path, lang):
    label, header, value = BILINGUAL[lang]
    path = tmp_path / "r.xlsx"
    built = build_report(path, lang=lang)
    header_row = built.header_row("I", "needs")
    area_status = built.row_cell("F", "areas", 0, "area_status")
    edit_cells(
        path,
        {
            (built.sheet("cover"), built.cell("cover", "submitted_on").replace("B", "A")): label,
            (built.sheet("I"), f"A{header_row}"): header,
            (built.sheet("F"), area_status): value,
        },
    )
    parsed = read_file(path)
    assert parsed.issues == [], texts(parsed)
    report = parsed.reports[0]
    assert report.submitted_on is not None
    assert report.facts["needs"] and report.facts["contaminated_areas"][0]["area_status"] == (
        "confirmed"
    )


def test_halves_that_name_two_different_labels_are_not_a_label(tmp_path):
    path = tmp_path / "r.xlsx"
    built = build_report(path)
    cell = built.cell("cover", "submitted_on").replace("B", "A")
    edit_cells(path, {(built.sheet("cover"), cell): "Date of submission / Telephone"})
    parsed = read_file(path)
    assert "unknown-label" in [i.code for i in parsed.issues]
    assert parsed.reports[0].submitted_on is None


@pytest.mark.parametrize("lang", OTHERS)
def test_the_language_is_detected_from_sheet_names_and_labels(tmp_path, lang):
    path = tmp_path / "r.xlsx"
    build_report(path, lang=lang)
    assert read_file(path).reports[0].language == lang


def test_a_cover_in_two_languages_with_english_sheet_names_reads_arabic_numbers(tmp_path):
    # Every cover label in English and Arabic, sheets in English: both languages get the votes
    # of the labels, English those of the sheets too.
    path = tmp_path / "r.xlsx"
    built = build_report(path)
    lay = get_layout()
    edits = {
        (built.sheet("cover"), built.cell("cover", f.name).replace("B", "A")): (
            f"{f.text('en')} / {f.text('ar')}"
        )
        for f in lay.cover.fields
    }
    edits[(built.sheet("F"), built.row_cell("F", "areas", 0, "area_m2"))] = "١٬٥٠٠٬٠٠٠٫٥"
    edit_cells(path, edits)
    parsed = read_file(path)
    assert parsed.issues == [], texts(parsed)
    assert parsed.reports[0].language == "en"
    assert str(parsed.reports[0].facts["contaminated_areas"][0]["area_m2"]) == "1500000.5"


@pytest.mark.parametrize(
    ("lang", "written"), [("ar", "المادة ٤"), ("zh", "第4条"), ("ru", "Статья 4"), ("ru", "ст. 4")]
)
def test_the_article_column_in_every_language(tmp_path, lang, written):
    path = tmp_path / "r.xlsx"
    built = build_report(path, lang=lang)
    edit_cells(path, {(built.sheet("I"), built.row_cell("I", "resources", 0, "article")): written})
    parsed = read_file(path)
    assert parsed.issues == [], texts(parsed)
    assert parsed.reports[0].facts["national_resources"][0]["article"] == 4
