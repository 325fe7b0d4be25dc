"""Import messages in the six UN languages: the catalogues, the rendering, ``--lang``.

The catalogues (``tracker/messages/locale/LANG/LC_MESSAGES/tracker.po``) hold exactly the
templates of the code table, every one translated with exactly its placeholders, and the
compiled ``.mo`` files are those of the ``.po`` files. Bad values in a workbook give the same
code and sheet!cell pointer in every language and a message in the language asked for (or, with
``--lang auto``, the workbook's own); the default output stays English, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import string
from collections import Counter
from pathlib import Path

import pytest

from tests.workbooks import build_report
from tracker import messages
from tracker.codes import CODES
from tracker.issues import Issue
from tracker.messages import LANGUAGES, LOCALE, catalogue, message_pair, render, template
from tracker.services.import_results import BatchResult, FileResult
from tracker.services.loading.loader import Outcome

TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")
SCRIPT = {
    "ar": re.compile("[\u0600-\u06ff]"),
    "zh": re.compile("[\u4e00-\u9fff]"),
    "ru": re.compile("[\u0400-\u04ff]"),
}
WORDS = {  # words a message in the language has (any one of them), for the Latin scripts
    "fr": ("écrivez", "remplissez", "n’est", "obligatoire", "inconnu", "ne peut", "choisissez"),
    "es": ("escriba", "complete", "no es", "obligatorio", "desconocido", "no puede", "elija"),
}


def placeholders(text: str) -> Counter[tuple[str, str | None, str | None]]:
    """Every ``{name!conversion:spec}`` of a template, counted."""
    return Counter(
        (name, conversion, spec)
        for _, name, spec, conversion in string.Formatter().parse(text)
        if name is not None
    )


def in_language(text: str, lang: str) -> bool:
    if lang in SCRIPT:
        return bool(SCRIPT[lang].search(text))
    return any(word in text.lower() for word in WORDS[lang])


def english_pieces(code: str, variant: str) -> list[str]:
    """The English template's own words (between placeholders), those long enough to mean text."""
    text = CODES[code].templates[variant]
    pieces = [literal.strip(" :;,.()") for literal, *_ in string.Formatter().parse(text)]
    return [p for p in pieces if len(p) >= 12]


# --- the catalogues ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_template_has_a_translation(lang):
    assert catalogue.missing(lang) == [], f"templates without a {lang} translation (by code)"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_catalogue_holds_exactly_the_tables_templates(lang):
    wanted = {(ctxt, text) for ctxt, text, _ in catalogue.templates()}
    held = {(m.context, m.id) for m in catalogue.read(lang) if m.id}
    assert sorted(wanted - held) == [], f"{lang}: templates missing from the catalogue"
    assert sorted(held - wanted) == [], f"{lang}: entries that are no template of the table"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_translation_has_exactly_the_templates_placeholders(lang):
    wrong = [
        (m.context, lang)
        for m in catalogue.read(lang)
        if m.id and placeholders(str(m.string)) != placeholders(str(m.id))
    ]
    assert wrong == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_are_in_the_language_without_bidi_controls(lang):
    for m in catalogue.read(lang):
        if not m.id:
            continue
        text = str(m.string)
        assert text != m.id, (m.context, lang)
        assert not BIDI_CONTROLS.search(text), (m.context, lang)
        if lang in SCRIPT and m.context != "output|value" and not m.id.startswith("{"):
            assert SCRIPT[lang].search(text), (m.context, lang)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_compiled_catalogue_is_the_po_file(lang):
    assert messages.mo_path(lang).read_bytes() == catalogue.compiled(catalogue.read(lang)), (
        f"run: python -m tracker.messages.catalogue compile ({lang})"
    )


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_po_file_is_marked_for_review_by_a_native_speaker(lang):
    text = catalogue.po_path(lang).read_text(encoding="utf-8")
    assert "AWAITING REVIEW BY A NATIVE SPEAKER" in text.split('\nmsgid ""', 1)[0]


def test_the_conventions_un_terms_are_used():
    party = render(issue("not-a-state-party", state="X", day="2024-01-01", why="y"), "fr")
    assert "État partie" in party
    expected = {
        "es": "Estado parte",
        "ar": "دولة طرف",
        "zh": "缔约国",
        "ru": "государством-участником",
    }
    for lang, term in expected.items():
        made = issue("not-a-state-party", state="X", day="2024-01-01", why="y")
        assert term in render(made, lang), lang
    meeting = {"fr": "États parties", "es": "Estados partes", "ar": "للدول الأطراف", "zh": "缔约国"}
    for lang, term in meeting.items():
        assert term in template("missing-meeting", "", lang), lang


def test_a_new_code_without_translations_is_named_by_code_and_language(monkeypatch):
    from tracker.codes import Code
    from tracker.issues import Severity

    new = Code(Severity.ERROR, "a test code", {"": "a brand-new message about {thing}"})
    monkeypatch.setitem(CODES, "brand-new-code", new)
    for lang in TRANSLATED:
        assert catalogue.missing(lang) == ["brand-new-code"]
    assert catalogue.main(["check"]) == 1
    # Until it is translated, the new code is shown in English in every language.
    made = issue("brand-new-code", thing="X")
    assert render(made, "fr") == "a brand-new message about X"


def test_an_update_of_the_committed_catalogues_changes_no_byte(tmp_path, monkeypatch):
    committed = {lang: catalogue.po_path(lang).read_bytes() for lang in TRANSLATED}
    for lang, data in committed.items():
        (tmp_path / lang / "LC_MESSAGES").mkdir(parents=True)
        (tmp_path / lang / "LC_MESSAGES" / "tracker.po").write_bytes(data)
    monkeypatch.setattr(catalogue, "LOCALE", tmp_path)
    for lang in TRANSLATED:
        catalogue.write(lang, catalogue.updated(lang))
        assert catalogue.po_path(lang).read_bytes() == committed[lang], (
            f"run: python -m tracker.messages.catalogue update ({lang})"
        )


# --- rendering --------------------------------------------------------------------------------


def issue(code: str, variant: str = "", **params: object) -> Issue:
    from tracker.codes import issue as make

    return make("f.xlsx", code, variant, **params)


def bad_workbooks(tmp_path: Path, lang: str) -> dict[str, tuple[Path, str, str]]:
    """Five workbooks in ``lang``, each with one bad value: code -> (path, sheet, cell)."""
    from tests.workbooks import default_forms

    made: dict[str, tuple[Path, str, str]] = {}
    b = build_report(tmp_path / f"date-{lang}.xlsx", lang=lang,
                     cover_overrides={"submitted_on": "31/02/2025"})  # fmt: skip
    made["bad-date"] = (b.path, b.sheet("cover"), b.cell("cover", "submitted_on"))
    b = build_report(tmp_path / f"state-{lang}.xlsx", lang=lang, state="Atlantis")
    made["unknown-state"] = (b.path, b.sheet("cover"), b.cell("cover", "state"))
    needs = default_forms(2024, lang)["I"]["tables"]["needs"]
    needs[0] = needs[0] | {"needed": "perhaps"}
    b = build_report(tmp_path / f"yes-{lang}.xlsx", lang=lang,
                     forms={"I": {"tables": {"needs": needs}}})  # fmt: skip
    made["bad-yes-no"] = (b.path, b.sheet("I"), b.row_cell("I", "needs", 0, "needed"))
    areas = default_forms(2024, lang)["F"]["tables"]["areas"]
    areas[0] = areas[0] | {"area_m2": -5}
    b = build_report(tmp_path / f"neg-{lang}.xlsx", lang=lang,
                     forms={"F": {"tables": {"areas": areas}}})  # fmt: skip
    made["negative-value"] = (b.path, b.sheet("F"), b.row_cell("F", "areas", 0, "area_m2"))
    b = build_report(tmp_path / f"req-{lang}.xlsx", lang=lang,
                     cover_overrides={"period_to": None})  # fmt: skip
    made["missing-required-value"] = (b.path, b.sheet("cover"), b.cell("cover", "period_to"))
    return made


def read_issue(path: Path, code: str) -> tuple[Issue, str | None]:
    from tracker.ingest.reader import read_file

    parsed = read_file(path)
    found = [i for i in parsed.issues if i.code == code]
    assert len(found) == 1, [i.as_text() for i in parsed.issues]
    return found[0], parsed.language


@pytest.mark.parametrize("lang", LANGUAGES)
def test_bad_values_give_the_code_the_pointer_and_a_message_in_the_language(tmp_path, lang):
    for code, (path, sheet, cell) in bad_workbooks(tmp_path, "en").items():
        found, _ = read_issue(path, code)
        assert (found.code, found.sheet, found.cell) == (code, sheet, cell)
        shown = render(found, lang)
        line = messages.issue_text(found, lang)
        assert line.startswith(f"{path}: {sheet}!{cell}: error {code}: "), line
        if lang == "en":
            assert shown == found.message
            continue
        assert in_language(shown, lang), (code, lang, shown)
        leaks = [p for p in english_pieces(found.code, found.variant) if p in shown]
        assert leaks == [], (code, lang, shown)
        assert shown in line and found.message not in line


def test_every_layout_language_with_auto_gives_the_workbooks_language(tmp_path):
    from tracker.layouts import get_layout

    for lang in get_layout().languages:
        for code, (path, sheet, cell) in bad_workbooks(tmp_path, lang).items():
            found, detected = read_issue(path, code)
            assert detected == lang
            assert (found.sheet, found.cell) == (sheet, cell)
            shown, english = message_pair(found, detected)
            assert english == found.message
            if lang == "en":
                assert shown == english
            else:
                assert shown != english and in_language(shown, lang), (code, lang, shown)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_a_flow_issue_of_a_ccm_a7_2_workbook_is_in_the_workbooks_language(tmp_path, lang):
    # Issue 18's codes in the catalogues: the default template (ccm-a7/2) filled in the
    # language, with a recipient that is no State, Global or region in Assistance provided.
    from tests.filled_templates import filled

    path = filled(tmp_path, lang, {"recipient": "Atlantis"})
    found, detected = read_issue(path, "unknown-recipient")
    assert detected == lang and found.field == "recipient"
    shown, english = message_pair(found, detected)
    assert english == found.message and shown != english
    assert in_language(shown, lang), shown
    leaks = [p for p in english_pieces(found.code, found.variant) if p in shown]
    assert leaks == [], shown


@pytest.mark.parametrize(
    ("lang", "written", "convention"),
    [("ru", "2.5", "a Russian workbook"), ("ar", "1,5", "an Arabic workbook"),
     ("zh", "1,5", "a Chinese workbook")],
)  # fmt: skip
def test_an_ambiguous_number_names_the_workbooks_own_convention(
    tmp_path, lang, written, convention
):
    from tests.filled_templates import filled

    path = filled(tmp_path, lang, {"area_m2": written})
    found, detected = read_issue(path, "ambiguous-number")
    assert convention in found.message
    shown = render(found, detected)
    assert in_language(shown, lang) and convention not in shown, shown


def test_english_rendered_again_from_the_parameters_is_the_issues_message(tmp_path):
    for code, (path, _, _) in bad_workbooks(tmp_path, "fr").items():
        found, _ = read_issue(path, code)
        again = template(found.code, found.variant, "en").format(**dict(found.params))
        assert again == found.message


def test_arabic_lines_keep_latin_cell_names_whole_and_in_order():
    made = Issue(
        "iraq.xlsx", "missing-required-value", CODES["missing-required-value"].severity,
        "Date of submission is required: fill in cell B7", "الغلاف", "B7", None, None, "",
        (("label", "تاريخ التقديم"), ("at", "B7")),
    )  # fmt: skip
    line = messages.issue_text(made, "ar")
    # Logical order, no bidi control characters: the pointer first, then the Arabic message
    # with the cell name as one Latin run; a bidi terminal or the browser lays it out.
    assert line.startswith("iraq.xlsx: الغلاف!B7: error missing-required-value: تاريخ التقديم")
    assert line.endswith(" B7")
    assert not BIDI_CONTROLS.search(line)


def test_a_language_without_a_catalogue_falls_back_to_english(monkeypatch, tmp_path):
    made = issue("bad-year", text="x")
    assert messages.untranslated("auto", ["fr", "xx", None, "xx"]) == ["xx"]
    assert messages.choose("auto", "xx") == "en"
    assert render(made, "xx") == made.message
    monkeypatch.setattr(messages, "LOCALE", tmp_path)
    messages.translations.cache_clear()
    try:
        assert messages.choose("auto", "fr") == "en"
        assert messages.untranslated("fr", []) == ["fr"]
    finally:
        monkeypatch.setattr(messages, "LOCALE", LOCALE)
        messages.translations.cache_clear()
    assert messages.choose("auto", "fr") == "fr"


def test_json_gains_message_en_beside_message_only_when_not_english():
    made = issue("bad-year", text="x")
    result = BatchResult([FileResult("f.xlsx", None, Outcome.REJECTED, issues=[made],
                                     language="fr")])  # fmt: skip
    english = result.as_json()
    as_default = json.dumps(english)
    french = result.as_json("auto")
    (en_issue,) = english["files"][0]["issues"]  # type: ignore[index]
    (fr_issue,) = french["files"][0]["issues"]  # type: ignore[index]
    assert "message_en" not in en_issue
    assert fr_issue.pop("message_en") == en_issue["message"]
    assert fr_issue.pop("message") != en_issue.pop("message")
    assert fr_issue == en_issue  # code, severity, sheet, cell, field, value: the same
    assert json.dumps(result.as_json("en")) == as_default


# --- the command line -------------------------------------------------------------------------


@pytest.fixture
def store(engine, db_url):
    return db_url


def test_import_lang_auto_on_a_french_workbook_gives_french(store, run_cli, tmp_path):
    b = build_report(tmp_path / "lao.xlsx", state="Atlantis", lang="fr")
    english = run_cli("--db", store, "import", "lao.xlsx", "--dry-run")
    default = run_cli("--db", store, "import", "lao.xlsx", "--dry-run", "--lang", "en")
    auto = run_cli("--db", store, "import", "lao.xlsx", "--dry-run", "--lang", "auto")
    assert english.exit_code == auto.exit_code == 1
    assert english.stdout == default.stdout  # --lang en is the default, byte for byte
    pointer = f"lao.xlsx: {b.sheet('cover')}!{b.cell('cover', 'state')}: error unknown-state: "
    (en_line,) = [line for line in english.stdout.splitlines() if pointer in line]
    (fr_line,) = [line for line in auto.stdout.splitlines() if pointer in line]
    assert "unknown State 'Atlantis'" in en_line
    assert "État inconnu 'Atlantis'" in fr_line and "(valeur: Atlantis)" in fr_line
    # Everything but the issue lines is the same (outcome lines, the summary line).
    assert [x for x in english.stdout.splitlines() if ": error " not in x] == [
        x for x in auto.stdout.splitlines() if ": error " not in x
    ]


def test_import_json_in_russian_keeps_the_keys_and_adds_message_en(store, run_cli, tmp_path):
    build_report(tmp_path / "chad.xlsx", cover_overrides={"submitted_on": "31/02/2025"})
    english = json.loads(run_cli("--db", store, "import", "chad.xlsx", "--format", "json",
                                 "--dry-run").stdout)  # fmt: skip
    russian = json.loads(run_cli("--db", store, "import", "chad.xlsx", "--format", "json",
                                 "--dry-run", "--lang", "ru").stdout)  # fmt: skip
    (en_issue,) = english["files"][0]["issues"]
    (ru_issue,) = russian["files"][0]["issues"]
    assert ru_issue["message_en"] == en_issue["message"]
    assert "не является" in ru_issue["message"]
    assert {k: v for k, v in ru_issue.items() if not k.startswith("message")} == {
        k: v for k, v in en_issue.items() if k != "message"
    }


def test_a_bad_lang_exits_2_with_the_list(store, run_cli, tmp_path):
    build_report(tmp_path / "chad.xlsx")
    result = run_cli("--db", store, "import", "chad.xlsx", "--lang", "de")
    assert result.exit_code == 2
    said = result.stdout + result.stderr
    for lang in (*LANGUAGES, "auto"):
        assert f"'{lang}'" in said, said


def test_auto_without_the_workbooks_catalogue_notes_it_once(store, run_cli, tmp_path, monkeypatch):
    build_report(tmp_path / "a.xlsx", state="Atlantis", lang="fr")
    build_report(tmp_path / "b.xlsx", state="Atlantis", lang="fr")
    monkeypatch.setattr(messages, "LOCALE", tmp_path / "none")
    messages.translations.cache_clear()
    try:
        result = run_cli("--db", store, "import", "a.xlsx", "b.xlsx", "--dry-run", "--lang",
                         "auto")  # fmt: skip
    finally:
        monkeypatch.setattr(messages, "LOCALE", LOCALE)
        messages.translations.cache_clear()
    assert "unknown State 'Atlantis'" in result.stdout
    notes = [x for x in result.stderr.splitlines() if x.startswith("note: no messages")]
    assert notes == ["note: no messages in 'fr': they are shown in English"]


def test_recheck_shows_issues_in_the_reports_language():
    from tracker.cli.reports_recheck import text_lines
    from tracker.services.recheck import RecheckedVersion, RecheckResult

    made = issue("future-date", "submitted", date="2031-01-01", today="2026-01-01")
    version = RecheckedVersion(1, "LAO", 2024, "annual", "a" * 64, "lao.xlsx", 0, True, False,
                               "rejected", [made], language="es")  # fmt: skip
    result = RecheckResult([version], dt.date(2026, 1, 1))
    english = list(text_lines(result))
    spanish = list(text_lines(result, "auto"))
    assert made.message in english[1] and "la fecha de presentación" in spanish[1]
    assert english[0] == spanish[0] and english[-1] == spanish[-1]
    (entry,) = result.as_json("auto")["versions"]  # type: ignore[index]
    assert entry["issues"][0]["message_en"] == made.message


def test_english_reads_no_catalogue_and_no_language_needs_babel():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from tracker.codes import issue\n"
        "from tracker import messages\n"
        "made = issue('f.xlsx', 'bad-year', text='x')\n"
        "messages.issue_text(made, 'en'); messages.issue_json(made, 'en')\n"
        "print(messages.translations.cache_info().currsize)\n"
        "messages.issue_text(made, 'ar')\n"
        "print(messages.translations.cache_info().currsize, 'babel' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == ["0", "1 False"]
