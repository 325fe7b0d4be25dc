"""Sheets found by name: a form sheet renamed by the State is never skipped silently, the
template's own Instructions sheet is passed over without a note (workbook spec, "Sheets")."""

from __future__ import annotations

import pytest

from tests.workbooks import build_report
from tracker.ingest.reader import looks_like_form, read_file


def found(parsed, code):
    return [i for i in parsed.issues if i.code == code]


def renamed(letter: str, name: str):
    def rename(wb) -> None:
        for ws in wb.worksheets:
            if ws.title.endswith(f" {letter}"):
                ws.title = name
                return

    return rename


@pytest.mark.parametrize(
    ("name", "letter"),
    [
        ("Formulaire I (besoins)", "I"),
        ("Form I - needs", "I"),
        ("Form I (2)", "I"),
        ("form_i", "I"),
        ("FORM-B", "B"),
        ("FormJ", "J"),
        ("Formulario F: zonas", "F"),
        ("Besoins - formulaire I", "I"),
    ],
)
def test_names_that_look_like_a_form(name, letter):
    assert looks_like_form(name) == letter


@pytest.mark.parametrize(
    "name",
    ["Notes", "Information", "I", "Formation", "Form Ab", "Form K", "Forms", "Platform I", "Cover"],
)
def test_names_that_do_not_look_like_a_form(name):
    assert looks_like_form(name) is None


def test_a_renamed_form_sheet_is_an_error_not_a_silent_loss(tmp_path):
    # Finding 4: the French Form I renamed by the State; its needs must not vanish.
    path = tmp_path / "r.xlsx"
    build_report(path, lang="fr", extra=renamed("I", "Formulaire I (besoins)"))
    parsed = read_file(path)
    (misnamed,) = found(parsed, "misnamed-sheet")
    assert (misnamed.severity, misnamed.sheet, misnamed.cell) == (
        "error",
        "Formulaire I (besoins)",
        None,
    )
    assert misnamed.message == (
        "this sheet looks like Form I but is named 'Formulaire I (besoins)': rename it "
        "'Formulaire I'"
    )
    assert not parsed.ok
    assert found(parsed, "unknown-sheet") == [] and found(parsed, "missing-sheet") == []


def test_the_rename_advice_is_in_the_workbook_language(tmp_path):
    path = tmp_path / "r.xlsx"
    build_report(path, lang="es", extra=renamed("F", "Formulario F - zonas"))
    (misnamed,) = found(read_file(path), "misnamed-sheet")
    assert misnamed.message.endswith("rename it 'Formulario F'")


def test_a_second_sheet_for_a_form_that_has_its_own_is_a_warning(tmp_path):
    path = tmp_path / "r.xlsx"
    build_report(path, extra=lambda wb: wb.create_sheet("Form I (2)"))
    parsed = read_file(path)
    (duplicate,) = found(parsed, "duplicate-sheet")
    assert (duplicate.severity, duplicate.sheet) == ("warning", "Form I (2)")
    assert "'Form I'" in duplicate.message and "merge" in duplicate.message
    assert parsed.ok and found(parsed, "unknown-sheet") == []


def test_notes_and_information_sheets_are_only_an_info_note(tmp_path):
    path = tmp_path / "r.xlsx"

    def extra(wb):
        wb.create_sheet("Notes")
        wb.create_sheet("Information")

    build_report(path, extra=extra)
    parsed = read_file(path)
    assert [(i.code, i.sheet) for i in parsed.issues] == [
        ("unknown-sheet", "Notes"),
        ("unknown-sheet", "Information"),
    ]


@pytest.mark.parametrize(
    ("lang", "name"), [("en", "Instructions"), ("fr", "Instructions"), ("es", "Instrucciones")]
)
def test_the_template_instructions_sheet_is_read_silently(tmp_path, lang, name):
    # Finding 12: every import printed an info line about the template's own sheet.
    path = tmp_path / "r.xlsx"
    build_report(path, lang=lang, extra=lambda wb: wb.create_sheet(name, 0))
    parsed = read_file(path)
    assert parsed.ok and parsed.issues == []


def test_a_renamed_form_sheet_fails_the_import_and_stores_nothing(
    db_url, engine, run_cli, tmp_path
):
    # Finding 4 end to end: the import exited 0 and the State's needs vanished from the figures.
    from tests.parsed_fakes import row_counts

    path = tmp_path / "TCD-2024.xlsx"
    build_report(path, lang="fr", extra=renamed("I", "Formulaire I (besoins)"))
    before = row_counts(engine)
    result = run_cli("--db", db_url, "import", str(path))
    assert result.exit_code == 1
    assert (
        f"{path}: Formulaire I (besoins): error misnamed-sheet: this sheet looks like Form I but "
        "is named 'Formulaire I (besoins)': rename it 'Formulaire I'"
    ) in result.stdout.splitlines()
    assert row_counts(engine) == before
