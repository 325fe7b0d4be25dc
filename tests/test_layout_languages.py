"""The layout's Arabic, Chinese and Russian terms: complete, sourced, unambiguous, applied as data."""

from __future__ import annotations

import re
from importlib import resources

import pytest
import yaml

from tracker.layouts import TERM_KEYS, apply_terms, get_layout, parse_layout
from tracker.text import normalize
from tracker.values import parse_yes_no

LAYOUT_FILE = "ccm-a7-1.yaml"
EXTENDING_FILE = "ccm-a7-2.yaml"  # extends ccm-a7/1: its own terms for the texts it adds
LAYOUTS = ["ccm-a7/1", "ccm-a7/2"]
CITED = re.compile(r"^CCM Art\. \d+(\.\d+)?(\([a-z]\))?( \(.+\))?$")


def raw_layout(name: str = LAYOUT_FILE) -> dict:
    text = resources.files("tracker.layouts").joinpath(name).read_text("utf-8")
    return yaml.safe_load(text)


def layout_texts(node, found=None):
    """Every text mapping (with an ``en`` string) of the raw layout, outside the terms."""
    found = [] if found is None else found
    if isinstance(node, dict):
        if isinstance(node.get("en"), str):
            found.append(node)
            return found
        for key, value in node.items():
            if key not in ("terms", "instructions", "matrix", "writing", "letters"):
                layout_texts(value, found)
    elif isinstance(node, list):
        for value in node:
            layout_texts(value, found)
    return found


def added_languages() -> list[str]:
    data = raw_layout()
    return [lang for lang in data["languages"] if lang not in ("en", "fr", "es")]


def test_the_layout_is_in_the_six_un_languages():
    assert get_layout().languages == ("en", "fr", "es", "ar", "zh", "ru")


@pytest.mark.parametrize("name", [LAYOUT_FILE, EXTENDING_FILE])
def test_every_term_is_complete_and_sourced(name):
    data = {**raw_layout(), "terms": raw_layout(name)["terms"]}
    others = added_languages()
    assert others == ["ar", "zh", "ru"]
    english = [term["en"] for term in data["terms"]]
    assert len(english) == len(set(english)), "one term per English text"
    for term in data["terms"]:
        assert set(term) <= TERM_KEYS | set(data["languages"]), term["en"]
        assert set(others) <= set(term), term["en"]
        assert set(term["sources"]) == set(others), term["en"]
        for lang, source in term["sources"].items():
            assert source == "proposal" or CITED.match(source), (term["en"], lang, source)
        assert set(term.get("aliases") or {}) <= set(others), term["en"]


def test_every_term_is_used_and_every_text_has_a_term():
    data = raw_layout()
    texts = {t["en"] for t in layout_texts(data)}
    terms = {t["en"] for t in data["terms"]}
    assert terms == texts


def test_an_extending_layout_has_terms_for_exactly_the_texts_it_adds():
    base, child = raw_layout(), raw_layout(EXTENDING_FILE)
    assert child["extends"] == base["id"] and "languages" not in child  # inherited
    inherited = {t["en"] for t in base["terms"]}
    own = [t["en"] for t in child["terms"]]
    texts = {t["en"] for t in layout_texts(child)}
    assert set(own) == texts - inherited  # the texts it adds, none twice, none it lacks
    assert not set(own) & inherited  # never a second translation of a base text


@pytest.mark.parametrize("lang", ["ar", "zh", "ru"])
def test_the_extending_layout_is_whole_in_every_language(lang):
    layout = get_layout("ccm-a7/2")
    base = get_layout()
    assert (layout.languages, layout.writing) == (base.languages, base.writing)  # inherited
    assert layout.title[lang] and len(layout.instructions[lang]) == len(layout.instructions["en"])
    tables = [t for s in layout.sheets for t in s.tables]
    assert layout.flow_file is not None
    for table in (*tables, layout.flow_file):
        assert lang in table.title, table.name
        for column in table.columns:
            assert lang in column.texts, (table.name, column.name)
    for sheet in layout.sheets:
        assert lang in sheet.names and all(lang in f.texts for f in sheet.fields), sheet.key
    for name in ("flow_area", "flow_type", "flow_recipient"):
        for code, texts in layout.vocabularies[name].labels.items():
            assert lang in texts, (name, code)
    # The base's translations reach the tables it inherits and the texts the two share.
    base_i, form_i = get_layout().sheet("I"), layout.sheet("I")
    assert form_i.table("needs").title[lang] == base_i.table("needs").title[lang]
    assert form_i.table("provided").title[lang] == base_i.table("provided").title[lang]


def test_terms_never_change_what_the_layout_writes_itself():
    data = raw_layout()
    data["terms"].append({"en": "State", "fr": "Pays", "de": "Staat"})
    applied = apply_terms(data)
    before = [dict(t) for t in layout_texts(raw_layout())]
    after = layout_texts(applied)
    for old, new in zip(before, after, strict=True):
        for lang in ("en", "fr", "es"):
            assert new[lang] == old[lang]  # the English, French and Spanish texts as written
    cover = parse_layout(applied).cover
    assert cover.field("state").text("fr") == "État"


def test_a_new_language_is_a_list_of_terms():
    """German as terms only: its labels are read and written without any code change."""
    data = raw_layout()
    data["id"] = "ccm-a7/1-de"
    data["languages"].append("de")
    data["terms"] = [{"en": "Cover", "de": "Deckblatt"}, {"en": "State", "de": "Staat"}]
    layout = parse_layout(data)
    assert layout.sheet_lookup[normalize("Deckblatt")] == "cover"
    assert layout.cover.label_lookup["staat"] == "state"
    assert layout.cover.field("report_type").text("de") == "Report type"  # English fallback


@pytest.mark.parametrize("layout_id", LAYOUTS)
@pytest.mark.parametrize("lang", ["en", "fr", "es", "ar", "zh", "ru"])
def test_titles_never_read_as_a_label_or_a_header_of_their_sheet(lang, layout_id):
    # The scanner claims a column-A title before it looks for headers: a title written like a
    # header (活动 for both "Activities" and "Activity") would hide the table.
    for sheet in get_layout(layout_id).sheets:
        titles = {normalize(t.title[lang]) for t in sheet.tables}
        labels = {normalize(f.text(lang)) for f in sheet.fields}
        headers = {normalize(c.text(lang)) for t in sheet.tables for c in t.columns}
        assert not titles & (labels | headers), (sheet.key, titles & (labels | headers))


@pytest.mark.parametrize("layout_id", LAYOUTS)
@pytest.mark.parametrize("lang", ["ar", "zh", "ru"])
def test_every_written_value_reads_back_as_its_code(lang, layout_id):
    layout = get_layout(layout_id)
    for name, vocabulary in layout.vocabularies.items():
        for code in vocabulary.labels:
            assert vocabulary.code(vocabulary.label(code, lang)) == code, (name, code)
    yes_no = layout.vocabularies["yes_no"]
    assert parse_yes_no(yes_no.label("yes", lang)) is True
    assert parse_yes_no(yes_no.label("no", lang)) is False


@pytest.mark.parametrize("layout_id", LAYOUTS)
def test_no_two_codes_of_a_vocabulary_share_a_written_form(layout_id):
    # Normalisation folds letters (ة/ه, ى/ي, ё/е): no fold may merge two values of one list.
    layout = get_layout(layout_id)
    for name, vocabulary in layout.vocabularies.items():
        owners: dict[str, str] = {}
        for code, texts in vocabulary.labels.items():
            for text in texts.values():
                assert owners.setdefault(normalize(text), code) == code, (name, text)


def test_sheet_names_are_valid_excel_names_in_every_language():
    layout = get_layout()
    for lang in layout.languages:
        names = [layout.instructions_sheet[lang], *(s.name(lang) for s in layout.sheets)]
        assert len(set(names)) == len(names), lang
        for name in names:
            assert len(name) <= 31 and not set(name) & set("[]:*?/\\"), (lang, name)


@pytest.mark.parametrize("layout_id", LAYOUTS)
def test_drop_down_lists_fit_excel(layout_id):
    # A list validation is one formula: comma-separated, at most 255 characters.
    layout = get_layout(layout_id)
    for lang in layout.languages:
        for vocabulary in layout.vocabularies.values():
            written = vocabulary.written(lang)
            assert not any("," in w for w in written), (vocabulary.name, lang)
            assert len(",".join(written)) + 2 <= 255, (vocabulary.name, lang)


def test_the_arabic_template_runs_right_to_left_with_a_font_for_its_script():
    writing = get_layout().writing
    assert writing["ar"]["direction"] == "rtl" and writing["ar"]["font"]
    assert writing["zh"]["font"] and "direction" not in writing["zh"]


def test_the_review_tables_in_the_docs_are_the_layout_data():
    import importlib.util
    from pathlib import Path

    script = Path(__file__).resolve().parents[1] / "scripts" / "layout_terms.py"
    spec = importlib.util.spec_from_file_location("layout_terms", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    doc = module.DOC.read_text(encoding="utf-8")
    assert module.rewrite(doc, module.layout_data()) == doc, "run scripts/layout_terms.py"
    assert "| Clearance | ar | الإزالة |" not in doc  # a proposal is never listed as cited
    assert (
        "| Risk reduction education | ar | التثقيف بمسائل الحد من المخاطر | CCM Art. 4.2(e) |"
        in doc
    )
