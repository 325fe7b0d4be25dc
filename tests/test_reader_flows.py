"""Layout ccm-a7/2: Form I's Assistance provided and received tables read as flows (§1).

Real workbooks written from the layout data (tests/workbooks.py), in English, French and
Spanish; every validation code of assistance.md §1 with its cell; a blank Layout cell; and an
imported ccm-a7/2 workbook storing its flows (SQLite and PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.workbooks import DROP, build_report
from tracker.ingest.reader import read_file
from tracker.layouts import get_layout
from tracker.models import Flow, Report
from tracker.services.imports import import_paths

A72 = "ccm-a7/2"


def issues(parsed, code=None):
    return [i for i in parsed.issues if code is None or i.code == code]


def the_issue(parsed, code):
    found = issues(parsed, code)
    assert len(found) == 1, [i.as_text() for i in parsed.issues]
    return found[0]


def flows(parsed):
    return parsed.reports[0].facts.get("flows", [])


def t(vocabulary, code, lang="en"):
    return get_layout(A72).vocabularies[vocabulary].label(code, lang)


def provided(rows, lang="en"):
    return {"I": {"tables": {"provided": rows, "received": []}}}


def received(rows):
    return {"I": {"tables": {"provided": [], "received": rows}}}


def row(**values):
    base = {
        "recipient": "Lao PDR",
        "area": "Clearance",
        "year": 2024,
        "amount": 1000,
        "currency": "EUR",
        "type": "Disbursement",
    }
    base.update(values)
    return {k: v for k, v in base.items() if v is not DROP}


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_both_tables_are_read_as_flows_in_every_language(tmp_path, lang):
    built = build_report(tmp_path / "r.xlsx", state="Chad", lang=lang, layout=A72)
    parsed = read_file(built.path)
    assert parsed.issues == [], [i.as_text() for i in parsed.issues]
    assert parsed.layout == A72
    given, got = flows(parsed)
    assert given == {
        "side": "donor_report",
        "donor_iso3": "TCD",
        "donor_name": None,
        "recipient_kind": "state",
        "recipient_iso3": "LAO",
        "recipient_region": None,
        "area": "clearance",
        "year": 2024,
        "year_assumed": False,
        "amount": Decimal("50000"),
        "currency": "USD",
        "flow_type": "disbursement",
        "channel": "UNDP",
        "description": "Survey in Xieng Khouang",
        "source": None,
        "sheet": built.sheet("I"),
        "cell": built.row_cell("I", "provided", 0, "recipient"),
        "source_row": int(built.row_cell("I", "provided", 0, "recipient")[1:]),
    }
    assert (got["side"], got["donor_iso3"], got["donor_name"]) == ("recipient_report", "NOR", None)
    assert (got["recipient_kind"], got["recipient_iso3"]) == ("state", "TCD")
    assert (got["area"], got["year"], got["flow_type"], got["currency"]) == (
        "victim_assistance",
        2023,
        "commitment",
        "NOK",
    )
    assert got["cell"] == built.row_cell("I", "received", 0, "donor")
    # The needs table and national resources are ccm-a7/1's, read as before.
    assert [n["area"] for n in parsed.reports[0].facts["needs"]][:2] == [
        "clearance",
        "victim_assistance",
    ]
    assert parsed.reports[0].facts["national_resources"][0]["amount"] == Decimal("100000")


@pytest.mark.parametrize(
    ("written", "kind", "iso3", "region"),
    [
        ("Global", "global", None, None),
        ("mondial", "global", None, None),
        ("Mundial", "global", None, None),
        ("worldwide", "global", None, None),
        ("Laos", "state", "LAO", None),
        ("LBN", "state", "LBN", None),
        ("Sub-Saharan Africa", "region", None, "202"),
        ("Afrique subsaharienne", "region", None, "202"),
        ("África subsahariana", "region", None, "202"),
        ("South-eastern Asia", "region", None, "035"),
        ("Asie du Sud-Est", "region", None, "035"),
        ("Africa", "region", None, "002"),
    ],
)
def test_recipient_is_a_state_global_or_a_region(tmp_path, written, kind, iso3, region):
    build_report(tmp_path / "r.xlsx", layout=A72, forms=provided([row(recipient=written)]))
    parsed = read_file(tmp_path / "r.xlsx")
    assert issues(parsed) == []
    (flow,) = flows(parsed)
    assert (flow["recipient_kind"], flow["recipient_iso3"], flow["recipient_region"]) == (
        kind,
        iso3,
        region,
    )


@pytest.mark.parametrize(
    ("area", "code"),
    [
        (None, "unspecified"),
        ("15250", "unspecified"),
        (15250, "unspecified"),
        ("Mine action", "unspecified"),
        ("Non précisé", "unspecified"),
        ("Other", "other"),
        ("Dépollution", "clearance"),
    ],
)
def test_area_blank_or_mine_action_is_unspecified(tmp_path, area, code):
    build_report(tmp_path / "r.xlsx", layout=A72, forms=provided([row(area=area)]))
    (flow,) = flows(read_file(tmp_path / "r.xlsx"))
    assert flow["area"] == code


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("2", "commitment"),
        (3, "disbursement"),
        ("committed", "commitment"),
        ("Décaissement", "disbursement"),
        ("Promesa", "pledge"),
        ("pledged", "pledge"),
        ("Outgoing commitment", "commitment"),
    ],
)
def test_flow_types_and_iati_codes(tmp_path, written, code):
    build_report(tmp_path / "r.xlsx", layout=A72, forms=provided([row(type=written)]))
    (flow,) = flows(read_file(tmp_path / "r.xlsx"))
    assert flow["flow_type"] == code


def test_blank_year_is_the_reporting_year_assumed(tmp_path):
    build_report(tmp_path / "r.xlsx", year=2023, layout=A72, forms=provided([row(year=None)]))
    parsed = read_file(tmp_path / "r.xlsx")
    assert issues(parsed) == []
    (flow,) = flows(parsed)
    assert (flow["year"], flow["year_assumed"]) == (2023, True)


def test_support_without_an_amount_needs_no_currency_or_type(tmp_path):
    rows = [row(amount=None, currency=None, type=None, description="Experts seconded")]
    build_report(tmp_path / "r.xlsx", layout=A72, forms=provided(rows))
    parsed = read_file(tmp_path / "r.xlsx")
    assert issues(parsed) == []
    (flow,) = flows(parsed)
    assert (flow["amount"], flow["currency"], flow["flow_type"]) == (None, None, None)


def test_headers_in_aliases(tmp_path):
    def rename(wb):
        ws = wb["Form I"]
        for cells in ws.iter_rows():
            if cells[0].value not in ("Recipient", "Donor"):
                continue  # only the two flow tables' header rows
            for cell in cells:
                cell.value = {
                    "Recipient": "Recipient country",
                    "Amount": "Valeur",
                    "Type": "Transaction type",
                    "Channel": "Implementing partner",
                    "Donor": "Funder",
                }.get(cell.value, cell.value)

    build_report(tmp_path / "r.xlsx", layout=A72, extra=rename)
    parsed = read_file(tmp_path / "r.xlsx")
    assert issues(parsed) == []
    assert [(f["side"], f["amount"], f["channel"]) for f in flows(parsed)] == [
        ("donor_report", Decimal("50000"), "UNDP"),
        ("recipient_report", Decimal("120000"), None),
    ]


def test_unknown_recipient_suggests_a_state(tmp_path):
    built = build_report(tmp_path / "r.xlsx", layout=A72, forms=provided([row(recipient="Laoss")]))
    parsed = read_file(built.path)
    found = the_issue(parsed, "unknown-recipient")
    assert (found.severity, found.sheet, found.cell, found.value) == (
        "error",
        "Form I",
        built.row_cell("I", "provided", 0, "recipient"),
        "Laoss",
    )
    assert found.message.startswith(
        "unknown recipient 'Laoss': did you mean 'Lao People's Democratic Republic'"
    )
    assert found.message.endswith(
        "write a State's name or ISO3 code, Global, or a region (Africa, …)"
    )
    assert not parsed.ok


def test_unknown_recipient_in_french_names_the_words_of_the_workbook(tmp_path):
    build_report(
        tmp_path / "r.xlsx", lang="fr", layout=A72, forms=provided([row(recipient="Atlantide")])
    )
    found = the_issue(read_file(tmp_path / "r.xlsx"), "unknown-recipient")
    assert found.message.endswith("Mondial, or a region (Afrique, …)")


def test_organisation_donor_is_kept_as_written(tmp_path):
    build_report(
        tmp_path / "r.xlsx",
        layout=A72,
        forms=received([row(recipient=DROP, donor="  UNMAS ", amount=120000, currency="USD")]),
    )
    parsed = read_file(tmp_path / "r.xlsx")
    assert issues(parsed) == []
    (flow,) = flows(parsed)
    assert (flow["donor_iso3"], flow["donor_name"], flow["recipient_iso3"]) == (
        None,
        "UNMAS",
        "TCD",
    )


def test_donor_close_to_a_state_is_a_warning(tmp_path):
    built = build_report(
        tmp_path / "r.xlsx", layout=A72, forms=received([row(recipient=DROP, donor="Germny")])
    )
    parsed = read_file(built.path)
    found = the_issue(parsed, "donor-not-a-state")
    assert (found.severity, found.cell) == ("warning", built.row_cell("I", "received", 0, "donor"))
    assert (
        found.message == "'Germny' is read as an organisation; if you meant 'Germany', write it so"
    )
    assert parsed.ok and flows(parsed)[0]["donor_name"] == "Germny"


def test_amount_without_type_is_an_error(tmp_path):
    built = build_report(tmp_path / "r.xlsx", layout=A72, forms=provided([row(type=None)]))
    parsed = read_file(built.path)
    found = the_issue(parsed, "missing-flow-type")
    assert (found.severity, found.cell, found.message) == (
        "error",
        built.row_cell("I", "provided", 0, "type"),
        "an amount needs its type: write commitment, disbursement or pledge",
    )
    assert flows(parsed) == []


def test_amount_without_currency_is_an_error(tmp_path):
    built = build_report(tmp_path / "r.xlsx", layout=A72, forms=provided([row(currency=None)]))
    parsed = read_file(built.path)
    found = the_issue(parsed, "missing-currency")
    assert (found.severity, found.cell) == ("error", built.row_cell("I", "provided", 0, "currency"))
    assert flows(parsed) == []


@pytest.mark.parametrize(
    ("values", "code", "column"),
    [
        ({"amount": -5}, "negative-value", "amount"),
        ({"currency": "euros"}, "bad-currency", "currency"),
        ({"year": "last year"}, "bad-year", "year"),
        ({"area": "Roads"}, "unknown-value", "area"),
        ({"type": "gift"}, "unknown-value", "type"),
        ({"recipient": None}, "missing-required-value", "recipient"),
    ],
)
def test_bad_values_are_errors_at_their_cell(tmp_path, values, code, column):
    built = build_report(tmp_path / "r.xlsx", layout=A72, forms=provided([row(**values)]))
    parsed = read_file(built.path)
    found = the_issue(parsed, code)
    assert (found.severity, found.sheet, found.cell) == (
        "error",
        "Form I",
        built.row_cell("I", "provided", 0, column),
    )
    assert flows(parsed) == []


def test_blank_donor_is_missing(tmp_path):
    built = build_report(
        tmp_path / "r.xlsx", layout=A72, forms=received([row(recipient=DROP, donor=None)])
    )
    found = the_issue(read_file(built.path), "missing-required-value")
    assert found.cell == built.row_cell("I", "received", 0, "donor")


def test_duplicate_row_is_read_once(tmp_path):
    built = build_report(tmp_path / "r.xlsx", layout=A72, forms=provided([row(), row()]))
    parsed = read_file(built.path)
    found = the_issue(parsed, "duplicate-row")
    assert found.severity == "warning"
    assert len(flows(parsed)) == 1


def test_unusual_year_is_a_warning(tmp_path):
    built = build_report(tmp_path / "r.xlsx", layout=A72, forms=provided([row(year=2031)]))
    parsed = read_file(built.path)
    found = the_issue(parsed, "unusual-year")
    assert (found.severity, found.cell, found.message) == (
        "warning",
        built.row_cell("I", "provided", 0, "year"),
        "2031 is more than 5 years from the reporting year 2024: check the year",
    )
    assert flows(parsed)[0]["year"] == 2031


def test_years_within_five_of_the_reporting_year_are_usual(tmp_path):
    rows = [row(year=2019), row(year=2029, description="later")]
    build_report(tmp_path / "r.xlsx", layout=A72, forms=provided(rows))
    assert issues(read_file(tmp_path / "r.xlsx")) == []


def test_zero_amount_is_noted_and_kept(tmp_path):
    built = build_report(tmp_path / "r.xlsx", layout=A72, forms=provided([row(amount=0)]))
    parsed = read_file(built.path)
    found = the_issue(parsed, "zero-amount")
    assert (found.severity, found.cell) == ("info", built.row_cell("I", "provided", 0, "amount"))
    assert found.message.startswith("an amount of 0 is not counted as support")
    assert flows(parsed)[0]["amount"] == 0


@pytest.mark.parametrize("table", ["provided", "received"])
def test_self_assistance_is_not_read(tmp_path, table):
    party = {"recipient": "Tchad"} if table == "provided" else {"recipient": DROP, "donor": "TCD"}
    forms = provided([row(**party)]) if table == "provided" else received([row(**party)])
    built = build_report(tmp_path / "r.xlsx", state="Chad", layout=A72, forms=forms)
    parsed = read_file(built.path)
    found = the_issue(parsed, "self-assistance")
    column = "recipient" if table == "provided" else "donor"
    assert (found.severity, found.cell, found.message) == (
        "warning",
        built.row_cell("I", table, 0, column),
        "a State's own spending is not international assistance: move it to National resources",
    )
    assert parsed.ok and flows(parsed) == []


def test_possible_duplicate_keeps_both(tmp_path):
    rows = [row(description="phase 1"), row(channel="HALO Trust", description="phase 2")]
    built = build_report(tmp_path / "r.xlsx", layout=A72, forms=provided(rows))
    parsed = read_file(built.path)
    found = the_issue(parsed, "possible-duplicate")
    first = built.row_cell("I", "provided", 0, "recipient")
    assert (found.severity, found.cell) == (
        "warning",
        built.row_cell("I", "provided", 1, "recipient"),
    )
    assert found.message == (
        f"this row repeats row {first[1:]} except channel/description: delete one if it is "
        "the same flow"
    )
    assert len(flows(parsed)) == 2


def test_a_different_year_is_no_duplicate(tmp_path):
    build_report(
        tmp_path / "r.xlsx", layout=A72, forms=provided([row(), row(year=2023, description="x")])
    )
    assert issues(read_file(tmp_path / "r.xlsx")) == []


def test_blank_layout_cell_reads_ccm_a7_1_and_says_where_to_write_the_layout(tmp_path):
    built = build_report(tmp_path / "r.xlsx", layout=A72, cover_overrides={"layout": None})
    parsed = read_file(built.path)
    assert parsed.layout == "ccm-a7/1"
    found = the_issue(parsed, "layout-assumed")
    header = built.header_row("I", "received")
    assert (found.severity, found.sheet, found.cell) == ("warning", "Form I", f"A{header}")
    assert found.message == (
        "the Layout cell is blank, so ccm-a7/1 was assumed and this table is not read: write "
        f"ccm-a7/2 in Cover!{built.cell('cover', 'layout')}"
    )
    # Its rows are never read, as the received table or as anything else (no unknown labels).
    assert {i.code for i in parsed.issues} <= {"layout-assumed", "unknown-column"}
    assert [f["side"] for f in flows(parsed)] == ["donor_report"]


def test_missing_layout_label_names_where_it_belongs(tmp_path):
    built = build_report(tmp_path / "r.xlsx", layout=A72, cover_overrides={"layout": DROP})
    found = the_issue(read_file(built.path), "layout-assumed")
    assert found.message.endswith(
        "write ccm-a7/2 in Cover!B10, with the label 'Layout' in Cover!A10"
    )


def test_ccm_a7_1_workbook_with_blank_layout_reads_as_before(tmp_path):
    built = build_report(tmp_path / "r.xlsx", cover_overrides={"layout": None})
    parsed = read_file(built.path)
    assert parsed.issues == [] and parsed.layout == "ccm-a7/1"
    (flow,) = flows(parsed)
    assert (flow["flow_type"], flow["recipient_iso3"]) == ("disbursement", "LAO")


def test_ccm_a7_1_rows_map_blanks_as_the_spec_says(tmp_path):
    rows = [
        {"recipient": "Iraq", "amount": 10, "currency": None, "flow": None, "area": None},
        {"recipient": "global", "amount": 0, "currency": "USD", "flow": "pledged", "year": 2031},
        {"recipient": "Chad", "amount": 7, "currency": "USD", "flow": "committed", "year": 2024},
    ]
    build_report(
        tmp_path / "r.xlsx", state="Chad", year=2022, forms={"I": {"tables": {"provided": rows}}}
    )
    parsed = read_file(tmp_path / "r.xlsx")
    assert parsed.issues == []  # no ccm-a7/2 rule applies to ccm-a7/1 rows (read as before)
    got = [
        (
            f["recipient_kind"],
            f["area"],
            f["currency"],
            f["flow_type"],
            f["year"],
            f["year_assumed"],
        )
        for f in flows(parsed)
    ]
    assert got == [
        ("state", "unspecified", None, None, 2022, True),
        ("global", "unspecified", "USD", "pledge", 2031, False),
        ("state", "unspecified", "USD", "commitment", 2024, False),
    ]


def test_an_imported_ccm_a7_2_workbook_stores_its_flows(engine, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    build_report(
        folder / "TCD-2024.xlsx",
        state="Chad",
        layout=A72,
        cover_overrides={"submitted_on": dt.date(2025, 4, 30)},
    )
    result = import_paths(engine, [folder], jobs=0)
    assert [f.outcome.value for f in result.files] == ["imported"]
    with engine.connect() as conn:
        report_id, layout = conn.execute(select(Report.id, Report.layout)).one()
        stored = conn.execute(
            select(
                Flow.side,
                Flow.donor_iso3,
                Flow.recipient_iso3,
                Flow.amount,
                Flow.flow_type,
                Flow.report_id,
                Flow.flow_file_id,
                Flow.sheet,
                Flow.cell,
            ).order_by(Flow.id)
        ).all()
    assert layout == A72
    assert [tuple(map(str, s[:5])) for s in stored] == [
        ("donor_report", "TCD", "LAO", "50000.00", "disbursement"),
        ("recipient_report", "NOR", "TCD", "120000.00", "commitment"),
    ]
    assert {(s.report_id, s.flow_file_id, s.sheet) for s in stored} == {(report_id, None, "Form I")}
