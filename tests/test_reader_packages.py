"""Workbooks written by other programs (issue 14, defects 1–3 and 8): formulas, UTF-16 parts,
unusual packages, macro sheets, external links. Real files, changed at the XML level."""

from __future__ import annotations

import zipfile

import pytest

from tests.packages import edit_parts, read_parts, set_formula, sheet_part, write_parts
from tests.workbooks import build_report
from tracker.ingest.reader import read_file


def _codes(parsed) -> list[str]:
    return [i.code for i in parsed.issues]


def _issue(parsed, code: str):
    found = [i for i in parsed.issues if i.code == code]
    assert len(found) == 1, [i.as_text() for i in parsed.issues]
    return found[0]


def _needs_cost_cell(built) -> tuple[str, str]:
    return built.sheet("I"), built.row_cell("I", "needs", 0, "estimated_cost")


# --- 1. formulas ------------------------------------------------------------------------------


def test_formula_without_value_is_an_error_not_a_blank(tmp_path):
    built = build_report(tmp_path / "r.xlsx")
    sheet, cell = _needs_cost_cell(built)
    set_formula(built.path, sheet, cell, "12000000+500000.75")  # a script wrote it: no value
    parsed = read_file(built.path)
    issue = _issue(parsed, "formula-without-value")
    assert (issue.severity, issue.sheet, issue.cell) == ("error", sheet, cell)
    assert "never calculated" in issue.message and "save it, or type the value" in issue.message
    assert issue.value == "=12000000+500000.75"
    assert not parsed.ok


def test_required_date_formula_without_value_is_named_not_missing(tmp_path):
    built = build_report(tmp_path / "r.xlsx")
    cell = built.cell("cover", "period_to")
    set_formula(built.path, built.sheet("cover"), cell, "DATE(2024,12,31)")
    parsed = read_file(built.path)
    assert _issue(parsed, "formula-without-value").cell == cell
    assert "missing-required-value" not in _codes(parsed)


def test_formula_in_a_count_of_form_h_without_value(tmp_path):
    built = build_report(tmp_path / "r.xlsx")
    cell = built.cell("H", "recorded_victims")
    set_formula(built.path, built.sheet("H"), cell, "SUM(50000,823)")
    parsed = read_file(built.path)
    assert _issue(parsed, "formula-without-value").cell == cell


def test_stale_cached_zero_of_a_recalculate_on_load_workbook_is_not_a_value(tmp_path):
    # XlsxWriter writes <v>0</v> for every formula and asks Excel to recalculate on load.
    built = build_report(tmp_path / "r.xlsx")
    sheet, cell = _needs_cost_cell(built)
    set_formula(built.path, sheet, cell, "12000000+500000.75", "0", recalculate_on_load=True)
    parsed = read_file(built.path)
    assert _issue(parsed, "formula-without-value").cell == cell
    assert not parsed.ok


def test_calculated_formula_is_read_with_a_warning_naming_formula_and_value(tmp_path):
    built = build_report(tmp_path / "r.xlsx")
    sheet, cell = _needs_cost_cell(built)
    set_formula(built.path, sheet, cell, "12000000+500000.75", "12500000.75")
    parsed = read_file(built.path)
    issue = _issue(parsed, "formula-value")
    assert (issue.severity, issue.sheet, issue.cell) == ("warning", sheet, cell)
    assert "=12000000+500000.75" in issue.message and "12500000.75" in issue.message
    assert parsed.ok
    [need] = [n for n in parsed.reports[0].facts["needs"] if n["currency"] == "USD"]
    assert str(need["estimated_cost"]) == "12500000.75"


def test_calculated_key_value_formula_is_read(tmp_path):
    built = build_report(tmp_path / "r.xlsx")
    cell = built.cell("H", "recorded_victims")
    set_formula(built.path, built.sheet("H"), cell, "SUM(50000,823)", "50823")
    parsed = read_file(built.path)
    assert _issue(parsed, "formula-value").cell == cell
    [fact] = [f for f in parsed.reports[0].facts["article_facts"] if f["article"] == 5]
    assert fact["recorded_victims"] == 50823


def test_formula_with_an_error_value_is_an_error(tmp_path):
    built = build_report(tmp_path / "r.xlsx")
    sheet, cell = _needs_cost_cell(built)
    set_formula(built.path, sheet, cell, "5/0", "#DIV/0!", cell_type="e")
    parsed = read_file(built.path)
    issue = _issue(parsed, "formula-error")
    assert issue.cell == cell and "#DIV/0!" in issue.message


def test_formulas_outside_the_fields_read_are_not_named(tmp_path):
    built = build_report(tmp_path / "r.xlsx")
    set_formula(built.path, built.sheet("cover"), "H1", "1+1")  # a note beside the layout
    parsed = read_file(built.path)
    assert parsed.ok
    assert not {"formula-value", "formula-without-value"} & set(_codes(parsed))


def test_shared_formula_cells_carry_the_first_cells_text(tmp_path):
    built = build_report(tmp_path / "r.xlsx")
    sheet = built.sheet("I")
    first = built.row_cell("I", "needs", 0, "estimated_cost")
    second = built.row_cell("I", "needs", 1, "estimated_cost")

    def edit(parts):
        name = sheet_part(parts, sheet)
        xml = parts[name].decode()
        import re

        for ref, body in (
            (first, f'<f t="shared" ref="{first}:{second}" si="0">1+1</f>'),
            (second, '<f t="shared" si="0"/>'),
        ):
            xml = re.sub(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', f'<c r="{ref}">{body}</c>', xml)
        parts[name] = xml.encode()

    edit_parts(built.path, edit)
    parsed = read_file(built.path)
    errors = [i for i in parsed.issues if i.code == "formula-without-value"]
    assert [(i.cell, i.value) for i in errors] == [(first, "=1+1"), (second, "=1+1")]


def test_formula_saved_by_libreoffice_is_read(tmp_path):
    from tests.corpus_files import CORPUS

    parsed = read_file(CORPUS / "libreoffice-formulas.xlsx")
    assert parsed.ok, [i.as_text() for i in parsed.issues]
    warned = {i.cell for i in parsed.issues if i.code == "formula-value"}
    assert warned  # every formula value read is named
    assert "formula-without-value" not in _codes(parsed)


# --- 2. UTF-16 parts --------------------------------------------------------------------------

UTF16_CUSTOM_XML = '<?xml version="1.0" encoding="utf-16"?><DataMashup xmlns="http://schemas.microsoft.com/DataMashup">AAAA</DataMashup>'


@pytest.mark.parametrize("bom", [True, False], ids=["bom", "no-bom"])
def test_power_query_part_in_utf16_is_not_an_attack(tmp_path, bom):
    built = build_report(tmp_path / "r.xlsx")
    data = ("\ufeff" if bom else "") + UTF16_CUSTOM_XML
    edit_parts(built.path, lambda p: p.__setitem__("customXml/item1.xml", data.encode("utf-16-le")))
    parsed = read_file(built.path)
    assert parsed.ok, [i.as_text() for i in parsed.issues]
    assert "unsafe-xml" not in _codes(parsed)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_entity_declaration_in_utf16_is_refused(tmp_path, codec):
    built = build_report(tmp_path / "r.xlsx")
    evil = '<?xml version="1.0" encoding="utf-16"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
    data = "\ufeff".encode(codec) + evil.encode(codec)
    edit_parts(built.path, lambda p: p.__setitem__("customXml/item1.xml", data))
    assert _codes(read_file(built.path)) == ["unsafe-xml"]


def test_a_sheet_saved_in_utf16_is_read_not_emptied(tmp_path):
    built = build_report(tmp_path / "r.xlsx", state="Lao PDR")

    def edit(parts):
        name = sheet_part(parts, built.sheet("cover"))
        text = '<?xml version="1.0" encoding="UTF-16"?>' + parts[name].decode()
        parts[name] = b"\xff\xfe" + text.encode("utf-16-le")

    edit_parts(built.path, edit)
    parsed = read_file(built.path)
    assert parsed.ok, [i.as_text() for i in parsed.issues]
    assert parsed.reports[0].state_iso3 == "LAO"


# --- 3. unusual packages ----------------------------------------------------------------------


def _move_workbook(parts: dict[str, bytes], new: str) -> None:
    """Rename xl/workbook.xml to ``new`` (same folder) and point the package at it."""
    name = new.rsplit("/", 1)[1]
    parts[new] = parts.pop("xl/workbook.xml")
    parts[f"xl/_rels/{name}.rels"] = parts.pop("xl/_rels/workbook.xml.rels")
    parts["_rels/.rels"] = parts["_rels/.rels"].replace(b"xl/workbook.xml", new.encode())
    types = parts["[Content_Types].xml"]
    parts["[Content_Types].xml"] = types.replace(b"/xl/workbook.xml", f"/{new}".encode())


def test_workbook_part_found_through_the_package_relationships(tmp_path):
    built = build_report(tmp_path / "r.xlsx", state="Chile")
    edit_parts(built.path, lambda parts: _move_workbook(parts, "xl/book.xml"))
    with zipfile.ZipFile(built.path) as zf:
        assert "xl/workbook.xml" not in zf.namelist()
    parsed = read_file(built.path)
    assert parsed.ok, [i.as_text() for i in parsed.issues]
    assert parsed.reports[0].state_iso3 == "CHL"


def test_backslash_paths_in_the_zip(tmp_path):
    built = build_report(tmp_path / "r.xlsx", state="Chile")
    parts = read_parts(built.path)
    write_parts(built.path, {k.replace("/", "\\"): v for k, v in parts.items()})
    parsed = read_file(built.path)
    assert parsed.ok, [i.as_text() for i in parsed.issues]
    assert parsed.reports[0].state_iso3 == "CHL"


MACRO_SHEET = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<xm:macrosheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><sheetData>'
    b'<row r="1"><c r="A1"><f>RETURN()</f></c></row></sheetData></xm:macrosheet>'
)


def add_macro_sheet(parts: dict[str, bytes]) -> None:
    """An Excel 4 macro sheet, as Excel writes it into an .xlsm."""
    parts["xl/macrosheets/sheet1.xml"] = MACRO_SHEET
    rel = (
        b'<Relationship Type="http://schemas.microsoft.com/office/2006/relationships/'
        b'xlMacrosheet" Target="/xl/macrosheets/sheet1.xml" Id="rId99"/></Relationships>'
    )
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", rel
    )
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b"</sheets>", b'<sheet name="Macro1" sheetId="99" r:id="rId99"/></sheets>'
    )
    override = (
        b'<Override PartName="/xl/macrosheets/sheet1.xml" '
        b'ContentType="application/vnd.ms-excel.macrosheet+xml"/></Types>'
    )
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", override)


def test_xlsm_with_an_excel4_macro_sheet_is_read_and_the_macro_sheet_named(tmp_path):
    built = build_report(tmp_path / "r.xlsm")
    edit_parts(built.path, add_macro_sheet)
    parsed = read_file(built.path)
    assert parsed.ok, [i.as_text() for i in parsed.issues]
    issue = _issue(parsed, "macro-sheet")
    assert (issue.severity, issue.sheet) == ("info", "Macro1")
    assert "never run" in issue.message


def test_zip_whose_relationships_name_no_workbook_is_not_a_workbook(tmp_path):
    built = build_report(tmp_path / "r.xlsx")

    def edit(parts):
        parts.pop("xl/workbook.xml")

    edit_parts(built.path, edit)
    assert _codes(read_file(built.path)) == ["not-a-workbook"]


# --- external links and DDE -------------------------------------------------------------------


def _add_external_link(parts: dict[str, bytes], *, dde: bool) -> None:
    if dde:
        body = b'<ddeLink ddeService="Excel" ddeTopic="C:\\data\\prices.xls"/>'
    else:
        body = b'<externalBook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"/>'
    parts["xl/externalLinks/externalLink1.xml"] = (
        b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + body
        + b"</externalLink>"
    )
    parts["xl/externalLinks/_rels/externalLink1.xml.rels"] = (
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/externalLinkPath" Target="file:///C:/data/costs.xlsx" '
        b'TargetMode="External"/></Relationships>'
    )
    rel = (
        b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'externalLink" Target="externalLinks/externalLink1.xml" Id="rId98"/></Relationships>'
    )
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", rel
    )


@pytest.mark.parametrize("dde", [False, True], ids=["workbook", "dde"])
def test_external_link_is_a_warning_and_nothing_is_fetched(tmp_path, dde):
    built = build_report(tmp_path / "r.xlsx")
    edit_parts(built.path, lambda parts: _add_external_link(parts, dde=dde))
    parsed = read_file(built.path)
    assert parsed.ok
    issue = _issue(parsed, "external-link")
    assert issue.severity == "warning" and issue.sheet is None
    assert ("prices.xls" if dde else "costs.xlsx") in issue.message
    assert "nothing is ever fetched" in issue.message


def test_cell_formula_reading_another_workbook_is_an_external_link(tmp_path):
    built = build_report(tmp_path / "r.xlsx")
    sheet, cell = _needs_cost_cell(built)
    edit_parts(built.path, lambda parts: _add_external_link(parts, dde=False))
    set_formula(built.path, sheet, cell, "[1]Costs!B2", "2500000")
    parsed = read_file(built.path)
    at_cell = [i for i in parsed.issues if i.code == "external-link" and i.cell == cell]
    assert len(at_cell) == 1 and "[1]Costs!B2" in at_cell[0].message
    assert parsed.ok


# --- 8. a damaged workbook's message ----------------------------------------------------------


def test_damaged_workbook_message_has_no_parser_positions():
    from tracker.ingest.reader import clean_reason

    raw = "ill-formed document: expected `</sst>`, but `</a>` was found at 0..0: check it"
    assert (
        clean_reason(raw)
        == "ill-formed document: expected `</sst>`, but `</a>` was found: check it"
    )
    assert clean_reason("Xml error at 12..40:\nunexpected end") == "Xml error: unexpected end"


def test_empty_shared_strings_part_is_named_in_words(tmp_path):
    built = build_report(tmp_path / "r.xlsx")
    edit_parts(built.path, lambda parts: parts.__setitem__("xl/sharedStrings.xml", b""))
    parsed = read_file(built.path)
    [issue] = [i for i in parsed.issues if i.severity == "error"]
    assert "should hold <sst> is empty or cut short" in issue.message, issue.message


def test_formulas_are_found_in_sheets_written_with_a_namespace_prefix(tmp_path):
    import io

    from tracker.ingest.guard import inspect_workbook

    built = build_report(tmp_path / "r.xlsx")
    prefixed = (
        b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<x:sheetData><x:row r="1"><x:c r="B1"><x:f>1+1</x:f></x:c></x:row></x:sheetData>'
        b"</x:worksheet>"
    )
    names = {}

    def edit(parts):
        names["sheet"] = sheet_part(parts, built.sheet("J"))
        parts[names["sheet"]] = prefixed

    edit_parts(built.path, edit)
    report = inspect_workbook(io.BytesIO(built.path.read_bytes()), "r.xlsx")
    assert report.package is not None
    assert names["sheet"] in report.package.formula_parts
    # <font>, <fill> and friends in the styles are no formulas
    assert not any("styles" in p for p in report.package.formula_parts)
