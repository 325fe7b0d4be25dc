"""The blank workbook: follows the layout in each language, and a filled one reads back cleanly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tracker.ingest.reader import read_file
from tracker.layouts import get_layout
from tracker.template import write_template

LANGS = ["en", "fr", "es", "ar", "zh", "ru"]
LAYOUTS = ["ccm-a7/1", "ccm-a7/2"]


def label_row(ws, text):
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == text)


def header_cols(ws, row):
    return {ws.cell(row, c).value: c for c in range(1, ws.max_column + 1) if ws.cell(row, c).value}


def fill(path, lang, layout="ccm-a7/1"):
    """Fill the template like a State would, using only what is written in it."""
    lay = get_layout(layout)
    voc = lay.vocabularies
    wb = load_workbook(path)

    def put_label(sheet_key, field, value):
        spec = lay.sheet(sheet_key)
        ws = wb[spec.name(lang)]
        ws.cell(label_row(ws, spec.field(field).text(lang)), 2).value = value

    def put_rows(sheet_key, table_name, rows):
        spec = lay.sheet(sheet_key)
        table = next(t for t in spec.tables if t.name == table_name)
        ws = wb[spec.name(lang)]
        header = label_row(ws, table.title[lang]) + 1
        cols = header_cols(ws, header)
        for i, values in enumerate(rows, start=1):
            for name, value in values.items():
                ws.cell(header + i, cols[table.column(name).text(lang)]).value = value

    states = {"en": "Lebanon", "fr": "Liban", "es": "Líbano", "ar": "لبنان", "zh": "黎巴嫩"}
    put_label("cover", "state", states.get(lang, "Ливан"))
    put_label("cover", "report_type", voc["report_type"].label("annual", lang))
    put_label("cover", "period_from", dt.date(2024, 1, 1))
    put_label("cover", "period_to", dt.date(2024, 12, 31))
    put_label("cover", "submitted_on", "30/04/2025")
    cover = wb[lay.cover.name(lang)]
    forms_header = label_row(cover, lay.cover.tables[0].title[lang]) + 1
    status = {r: cover.cell(r, 1).value for r in range(forms_header + 1, forms_header + 11)}
    for row, letter in status.items():
        code = {"F": "changed", "I": "changed", "A": "unchanged"}.get(letter, "not_applicable")
        cover.cell(row, 2).value = voc["form_status"].label(code, lang)
        if letter == "A":
            cover.cell(row, 3).value = 2019
    put_label("F", "status", voc["article4_status"].label("has", lang))
    put_label("F", "deadline", dt.date(2026, 8, 1))
    put_rows(
        "F",
        "areas",
        [
            {
                "location": "South",
                "area_status": voc["area_status"].label("confirmed", lang),
                "area_m2": {
                    "en": "1,250.5",
                    "fr": "1 250,5",
                    "es": "1.250,5",
                    "ar": "١٬٢٥٠٫٥",
                    "zh": "1,250.5",
                    "ru": "1 250,5",
                }[lang],
            }
        ],
    )
    yes = voc["yes_no"].label("yes", lang)
    put_rows(
        "I",
        "needs",
        [
            {
                "area": voc["need_area"].label("clearance", lang),
                "needed": yes,
                "estimated_cost": 2000000,
                "currency": "USD",
            },
            {"area": voc["need_area"].label("risk_reduction_education", lang), "needed": yes},
        ],
    )
    if layout == "ccm-a7/2":
        flow = {
            "area": voc["flow_area"].label("clearance", lang),
            "year": 2024,
            "amount": 75000,
            "currency": "EUR",
            "type": voc["flow_type"].label("disbursement", lang),
        }
        # The counterparts written the local way: a State's name, the Global word, a donor.
        iraq = {"fr": "Irak", "es": "Irak", "ar": "العراق", "zh": "伊拉克", "ru": "Ирак"}
        everywhere = voc["flow_recipient"].label("global", lang)
        put_rows(
            "I",
            "provided",
            [
                {"recipient": iraq.get(lang, "Iraq"), **flow},
                {**flow, "recipient": everywhere, "type": voc["flow_type"].label("pledge", lang)},
            ],
        )
        put_rows("I", "received", [{"donor": "UNMAS", **flow, "channel": "MAG"}])
    wb.save(path)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("lang", LANGS)
def test_filled_template_reads_back(tmp_path, lang, layout):
    path = write_template(tmp_path / f"template-{lang}.xlsx", lang, layout)
    fill(path, lang, layout)
    parsed = read_file(path)
    assert parsed.issues == []  # the Instructions sheet is part of the layout: read silently
    assert parsed.layout == layout
    report = parsed.reports[0]
    assert (report.state_iso3, report.reporting_year, report.language) == ("LBN", 2024, lang)
    assert report.submitted_on == dt.date(2025, 4, 30)
    statuses = {f.form: (f.status.value, f.last_reported) for f in report.forms}
    assert statuses["A"] == ("unchanged", 2019) and statuses["F"] == ("changed", None)
    assert statuses["C"] == ("not_applicable", None)
    (fact,) = report.facts["article_facts"]
    assert (fact["article"], fact["status"], fact["deadline"]) == (4, "has", dt.date(2026, 8, 1))
    (area,) = report.facts["contaminated_areas"]
    assert area["area_m2"] == Decimal("1250.5") and area["area_status"] == "confirmed"
    needs = report.facts["needs"]
    assert [(n["area"], n["needed"], n["estimated_cost"]) for n in needs] == [
        ("clearance", True, Decimal("2000000")),
        ("risk_reduction_education", True, None),
    ]
    got = [
        (f["side"], f["donor_iso3"], f["donor_name"], f["recipient_iso3"], f["recipient_kind"])
        for f in report.facts.get("flows", [])
    ]
    if layout == "ccm-a7/2":
        assert got == [
            ("donor_report", "LBN", None, "IRQ", "state"),
            ("donor_report", "LBN", None, None, "global"),
            ("recipient_report", None, "UNMAS", "LBN", "state"),
        ]
        flows = report.facts["flows"]
        assert [
            (f["area"], f["year"], f["amount"], f["currency"], f["flow_type"]) for f in flows
        ] == [
            ("clearance", 2024, Decimal("75000"), "EUR", "disbursement"),
            ("clearance", 2024, Decimal("75000"), "EUR", "pledge"),
            ("clearance", 2024, Decimal("75000"), "EUR", "disbursement"),
        ]
        assert flows[2]["channel"] == "MAG"
    else:
        assert got == []


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("lang", LANGS)
def test_template_follows_the_layout(tmp_path, lang, layout):
    lay = get_layout(layout)
    path = write_template(tmp_path / "t.xlsx", lang, layout)
    wb = load_workbook(path)
    assert wb.sheetnames == [lay.instructions_sheet[lang], *(s.name(lang) for s in lay.sheets)]
    cover = wb[lay.cover.name(lang)]
    assert [cover.cell(r, 1).value for r in range(1, len(lay.cover.fields) + 1)] == [
        f.text(lang) for f in lay.cover.fields
    ]
    assert cover.cell(label_row(cover, lay.cover.field("layout").text(lang)), 2).value == lay.id
    # Drop-downs: the form statuses on the cover, the areas of Form I, yes/no on Form H.
    lists = {
        sheet: [
            dv.formula1 for dv in wb[sheet].data_validations.dataValidation if dv.type == "list"
        ]
        for sheet in wb.sheetnames
    }
    statuses = ",".join(lay.vocabularies["form_status"].written(lang))
    assert f'"{statuses}"' in lists[lay.cover.name(lang)]
    areas = ",".join(lay.vocabularies["need_area"].written(lang))
    assert f'"{areas}"' in lists[lay.sheet("I").name(lang)]
    yes_no = ",".join(lay.vocabularies["yes_no"].written(lang))
    assert f'"{yes_no}"' in lists[lay.sheet("H").name(lang)]
    # Frozen header rows and sensible widths.
    form_f = wb[lay.sheet("F").name(lang)]
    header = label_row(form_f, lay.sheet("F").tables[0].title[lang]) + 1
    assert form_f.freeze_panes == f"A{header + 1}"
    assert form_f.column_dimensions["A"].width >= 40
    assert layout in wb[lay.instructions_sheet[lang]].cell(1, 1).value
    # Form I: every table's title and headers, in the layout's order.
    form_i = wb[lay.sheet("I").name(lang)]
    titles = [t.title[lang] for t in lay.sheet("I").tables]
    column_a = [c.value for c in form_i["A"] if c.value in titles]
    assert column_a == titles
    for table in lay.sheet("I").tables:
        header = label_row(form_i, table.title[lang]) + 1
        assert list(header_cols(form_i, header)) == [c.text(lang) for c in table.columns]
    if layout == "ccm-a7/2":
        types = ",".join(lay.vocabularies["flow_type"].written(lang))
        assert f'"{types}"' in lists[lay.sheet("I").name(lang)]


def test_the_template_is_ccm_a7_2_unless_told(tmp_path):
    wb = load_workbook(write_template(tmp_path / "t.xlsx"))
    cover = wb["Cover"]
    assert cover.cell(label_row(cover, "Layout"), 2).value == "ccm-a7/2"
    titles = [c.value for c in wb["Form I"]["A"] if c.value and "Assistance" in str(c.value)]
    assert titles == ["Assistance needs", "Assistance provided", "Assistance received"]


def test_blank_template_needs_the_cover_filled(tmp_path):
    parsed = read_file(write_template(tmp_path / "t.xlsx"))
    missing = {i.field for i in parsed.issues if i.code == "missing-required-value"}
    assert missing == {"state", "report_type", "period_from", "period_to"}


def test_cli_writes_the_template_into_exports(run_cli, tmp_path):
    result = run_cli("template", "-o", "article7.xlsx", "--lang", "es")
    assert result.exit_code == 0, result.stderr
    target = tmp_path / "exports" / "article7.xlsx"
    assert target.exists()
    assert load_workbook(target).sheetnames[1] == "Portada"


def test_cli_writes_the_old_layout_on_request(run_cli, tmp_path):
    result = run_cli("template", "-o", "old.xlsx", "--layout", "ccm-a7/1")
    assert result.exit_code == 0, result.stderr
    wb = load_workbook(tmp_path / "exports" / "old.xlsx")
    cover = wb["Cover"]
    assert cover.cell(label_row(cover, "Layout"), 2).value == "ccm-a7/1"
    assert "Assistance received" not in [c.value for c in wb["Form I"]["A"]]


def test_cli_refuses_an_unknown_layout(run_cli):
    result = run_cli("template", "-o", "t.xlsx", "--layout", "ccm-a7/9")
    assert result.exit_code == 2
    assert "--layout takes one of ccm-a7/1, ccm-a7/2, not 'ccm-a7/9'" in result.stderr


def test_cli_refuses_an_unknown_language(run_cli):
    result = run_cli("template", "-o", "t.xlsx", "--lang", "de")
    assert result.exit_code == 2
    assert "--lang" in result.stderr


@pytest.mark.parametrize("lang", LANGS)
def test_the_direction_and_the_font_of_each_language(tmp_path, lang):
    lay = get_layout()
    wb = load_workbook(write_template(tmp_path / "t.xlsx", lang))
    writing = lay.writing.get(lang, {})
    assert {ws.sheet_view.rightToLeft or False for ws in wb.worksheets} == {
        writing.get("direction") == "rtl"
    }
    cover = wb[lay.cover.name(lang)]
    label = cover.cell(1, 1)
    answer = cover.cell(1, 2)  # the State's answer is typed in the language's font too
    if "font" in writing:
        assert label.font.name == answer.font.name == writing["font"]
    else:
        assert label.font.name is None  # the workbook's default font, as before
    if writing.get("direction") == "rtl":
        assert label.alignment.readingOrder == 2  # right to left
    # Printed one page wide, landscape.
    assert cover.page_setup.fitToWidth == 1 and cover.page_setup.orientation == "landscape"


def test_long_instruction_lines_get_rows_tall_enough(tmp_path):
    lay = get_layout()
    for lang in ("en", "ar", "ru"):
        ws = load_workbook(write_template(tmp_path / f"{lang}.xlsx", lang))[
            lay.instructions_sheet[lang]
        ]
        longest = max(range(2, ws.max_row + 1), key=lambda r: len(ws.cell(r, 1).value))
        assert (ws.row_dimensions[longest].height or 0) >= 30, lang  # two lines or more


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("lang", LANGS)
def test_place_names_the_cells_the_writer_writes(tmp_path, lang, layout):
    """``place()`` (what /entry and the pre-fill rely on) agrees with the written workbook."""
    from tracker.template import TABLE_ROWS, Filled, place

    lay = get_layout(layout)
    # Form I's first table holds more rows than are reserved: the tables after it move down.
    first = lay.sheet("I").tables[0]
    many = [{first.columns[2].name: f"row {n}"} for n in range(TABLE_ROWS + 5)]
    fill = Filled(lang, tables={("I", first.name): many})
    wb = load_workbook(write_template(tmp_path / "t.xlsx", lang, layout, fill))
    for sheet in lay.sheets:
        ws = wb[sheet.name(lang)]
        counts = {t.name: len(fill.rows(sheet.key, t.name)) for t in sheet.tables}
        where = place(lay, sheet, counts)
        for spec in sheet.fields:
            label = ws[where.fields[spec.name]].offset(column=-1)
            assert label.value == spec.text(lang), (sheet.key, spec.name)
        for table in sheet.tables:
            spot = where.tables[table.name]
            assert ws.cell(spot.header_row - 1, 1).value == table.title[lang], table.name
            assert list(header_cols(ws, spot.header_row)) == [c.text(lang) for c in table.columns]
        if sheet.key == "I":
            spot = where.tables[first.name]
            assert spot.capacity == len(many)
            last = ws.cell(spot.first_row + len(many) - 1, 3).value
            assert last == f"row {len(many) - 1}"
