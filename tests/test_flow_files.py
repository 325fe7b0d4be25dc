"""Flow files from other sources, the reading side (assistance.md §2): CSV and .xlsx.

Good files (comma and semicolon CSV, a BOM, a workbook whose second sheet holds the table) and
every bad input of the issue: an unknown recipient (did-you-mean), an amount without currency or
type, a State reporting to itself, a file that is not UTF-8, no header row, no rows.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from openpyxl import Workbook

from tracker import clock
from tracker.ingest.flowfile import read_flow_file

HEADER = "Donor,Recipient,Year,Area,Amount,Currency,Type,Source,Channel,Description"


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: dt.date(2025, 6, 1))


def csv_file(tmp_path, *lines, name="eu.csv", encoding="utf-8", bom=False):
    path = tmp_path / name
    text = "\n".join(lines) + "\n"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding))
    return path


def codes(parsed):
    return [i.code for i in parsed.issues]


def the_issue(parsed, code):
    found = [i for i in parsed.issues if i.code == code]
    assert len(found) == 1, [i.as_text() for i in parsed.issues]
    return found[0]


def test_a_csv_of_flows(tmp_path):
    path = csv_file(
        tmp_path,
        HEADER,
        "European Union,Peru,2019,Stockpile destruction,300000,EUR,Disbursement,EU report 2020,,",
        "Norway,Lao PDR,2023,15250,1250000.50,NOK,3,IATI,NPA,Clearance in Xieng Khouang",
        "UNMAS,Global,2024,,,,,,,Advocacy",
    )
    parsed = read_flow_file(path)
    assert parsed.issues == [], [i.as_text() for i in parsed.issues]
    assert (parsed.kind, parsed.sheet, len(parsed.sha256)) == ("csv", None, 64)
    eu, norway, unmas = parsed.rows
    assert eu == {
        "side": "other_source",
        "donor_iso3": None,
        "donor_name": "European Union",
        "recipient_kind": "state",
        "recipient_iso3": "PER",
        "recipient_region": None,
        "area": "stockpile_destruction",
        "year": 2019,
        "year_assumed": False,
        "amount": Decimal("300000"),
        "currency": "EUR",
        "flow_type": "disbursement",
        "channel": None,
        "description": None,
        "source": "EU report 2020",
        "sheet": None,
        "cell": "B2",
        "source_row": 2,
    }
    assert (norway["donor_iso3"], norway["area"], norway["flow_type"], norway["amount"]) == (
        "NOR",
        "unspecified",
        "disbursement",
        Decimal("1250000.50"),
    )
    assert (unmas["recipient_kind"], unmas["amount"], unmas["source"]) == ("global", None, None)
    assert parsed.content == path.read_bytes()


def test_semicolons_a_bom_and_headers_with_underscores(tmp_path):
    path = csv_file(
        tmp_path,
        "donor;recipient_country;year;area;value;currency;transaction-type;source",
        "Japan;Afrique subsaharienne;2022;Clearance;1 250 000,5;JPY;Commitment;Monitor 2023",
        bom=True,
    )
    parsed = read_flow_file(path)
    assert parsed.issues == []
    (row,) = parsed.rows
    assert (row["recipient_kind"], row["recipient_region"], row["amount"]) == (
        "region",
        "202",
        Decimal("1250000.5"),
    )


def test_unknown_recipient_points_at_its_row_and_column(tmp_path):
    path = csv_file(tmp_path, HEADER, "Norway,Laoss,2023,Clearance,10,NOK,Disbursement,x,,")
    parsed = read_flow_file(path)
    found = the_issue(parsed, "unknown-recipient")
    assert (found.sheet, found.cell, found.severity) == (None, "row 2, recipient (B2)", "error")
    assert "did you mean 'Lao People's Democratic Republic'" in found.message
    assert found.as_text().startswith(f"{path}: row 2, recipient (B2): error unknown-recipient:")
    assert not parsed.ok and parsed.content is None


@pytest.mark.parametrize(
    ("amount_currency_type", "code", "pointer"),
    [
        ("10,,Disbursement", "missing-currency", "row 2, currency (F2)"),
        ("10,NOK,", "missing-flow-type", "row 2, type (G2)"),
    ],
)
def test_an_amount_needs_its_currency_and_type(tmp_path, amount_currency_type, code, pointer):
    path = csv_file(tmp_path, HEADER, f"Norway,Chad,2023,Clearance,{amount_currency_type},x,,")
    found = the_issue(read_flow_file(path), code)
    assert (found.severity, found.cell) == ("error", pointer)


def test_a_state_reporting_to_itself(tmp_path):
    path = csv_file(tmp_path, HEADER, "Chad,Tchad,2023,Clearance,10,XAF,Disbursement,x,,")
    parsed = read_flow_file(path)
    found = the_issue(parsed, "self-assistance")
    assert (found.severity, found.cell) == ("warning", "row 2, recipient (B2)")
    assert parsed.rows == [] and parsed.ok


def test_year_is_required_and_only_far_future_years_are_unusual(tmp_path):
    path = csv_file(
        tmp_path,
        HEADER,
        "Norway,Chad,,Clearance,10,NOK,Disbursement,x,,",
        "Norway,Chad,2011,Clearance,10,NOK,Disbursement,x,,",
        "Norway,Chad,2031,Clearance,10,NOK,Disbursement,x,,",
    )
    parsed = read_flow_file(path)
    assert the_issue(parsed, "missing-required-value").cell == "row 2, year (C2)"
    found = the_issue(parsed, "unusual-year")
    assert (found.cell, found.message) == (
        "row 4, year (C4)",
        "2031 is more than 5 years from the import's year 2025: check the year",
    )


def test_not_utf8(tmp_path):
    path = csv_file(
        tmp_path, HEADER, "Norvège,Tchad,2023,Clearance,10,NOK,Disbursement,x,,", encoding="latin-1"
    )
    parsed = read_flow_file(path)
    found = the_issue(parsed, "bad-encoding")
    assert found.message == "the file is not UTF-8 text (byte 0xE8 on line 2): save it as CSV UTF-8"
    assert parsed.rows == [] and not parsed.ok


def test_no_header_row(tmp_path):
    path = csv_file(tmp_path, "Country,Money", "Chad,10")
    parsed = read_flow_file(path)
    found = the_issue(parsed, "not-a-flow-file")
    assert found.message == (
        "no row holds the headers Donor, Recipient, Year, Area, Amount, Currency, Type, Source "
        "(Channel and Description may be added): save the table as CSV UTF-8 or as an .xlsx "
        "workbook"
    )


def test_a_header_without_one_column(tmp_path):
    path = csv_file(
        tmp_path,
        "Donor,Recipient,Year,Area,Amount,Currency,Type",
        "Norway,Chad,2023,Clearance,1,NOK,3",
    )
    found = the_issue(read_flow_file(path), "missing-column")
    assert found.value == "Source" and found.cell == "row 1 (A1)"


def test_headers_but_no_rows(tmp_path):
    assert codes(read_flow_file(csv_file(tmp_path, HEADER))) == ["no-rows"]


def test_rows_after_a_gap_are_not_read(tmp_path):
    path = csv_file(
        tmp_path,
        HEADER,
        "Norway,Chad,2023,Clearance,10,NOK,Disbursement,x,,",
        "",
        "Norway,Iraq,2023,Clearance,10,NOK,Disbursement,x,,",
    )
    parsed = read_flow_file(path)
    assert the_issue(parsed, "rows-after-gap").cell == "row 4 (A4)"
    assert len(parsed.rows) == 1


def test_an_old_xls_or_a_picture_is_not_a_flow_file(tmp_path):
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 600)
    assert codes(read_flow_file(xls)) == ["not-a-flow-file"]


def test_a_workbook_reads_the_first_sheet_holding_the_headers(tmp_path):
    wb = Workbook()
    notes = wb.active
    notes.title = "Notes"
    notes.append(["Exported from the Monitor, 2024"])
    data = wb.create_sheet("Sheet1")
    data.append(["Contributions to mine action"])
    data.append(HEADER.split(","))
    data.append(
        [
            "Germany",
            "Afghanistan",
            2023,
            "Clearance",
            2500000,
            "EUR",
            "Disbursement",
            "Monitor",
            None,
            None,
        ]
    )
    data.append(["Germany", "Lebanon", 2023, "Clearance", -5, "EUR", "Disbursement", "Monitor"])
    later = wb.create_sheet("Sheet2")
    later.append(HEADER.split(","))
    path = tmp_path / "monitor.xlsx"
    wb.save(path)
    parsed = read_flow_file(path)
    assert (parsed.kind, parsed.sheet) == ("workbook", "Sheet1")
    negative = the_issue(parsed, "negative-value")
    assert (negative.sheet, negative.cell) == ("Sheet1", "E4")
    assert negative.as_text().startswith(f"{path}: Sheet1!E4: error negative-value")
    ignored = [(i.sheet, i.severity) for i in parsed.issues if i.code == "sheet-ignored"]
    assert ignored == [("Notes", "info"), ("Sheet2", "info")]
    (row,) = parsed.rows
    assert (row["sheet"], row["cell"], row["source_row"], row["donor_iso3"]) == (
        "Sheet1",
        "B3",
        3,
        "DEU",
    )


def test_a_csv_over_the_size_limit_is_refused(tmp_path):
    path = csv_file(tmp_path, HEADER, *["Norway,Chad,2023,Clearance,10,NOK,3,x,,"] * 50)
    parsed = read_flow_file(path, max_unzipped_bytes=1024)
    assert codes(parsed) == ["too-large"] and parsed.rows == []
