"""The donor workbook's *Needs and support* and *Support reported* sheets, from a store.

The spec's worked example (tests/test_assistance_store.py) written as a workbook: statuses,
donors, amounts per side (converted with ``--rates``), the sources, every flow in the window with
what it counts for, the Summary's sentences, and text from a flow file kept as text.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from openpyxl import load_workbook

from tests.assistance_rows import F1
from tests.factories import add_flow, add_flow_file
from tests.test_assistance_store import ARTICLE_4, worked_example
from tracker.assistance.rates import parse_rates
from tracker.db import transaction
from tracker.export.donors import SHEETS
from tracker.models.enums import FlowArea, FlowType
from tracker.services.export import write_donor_workbook

GENERATED = dt.datetime(2026, 1, 1, 12, 0)


def _write(engine, tmp_path, **options):
    path = tmp_path / "donors.xlsx"
    with transaction(engine) as s:
        write_donor_workbook(
            s, path, 2025, 2021, dt.date(2026, 6, 30), generated=GENERATED, **options
        )
    return load_workbook(path)


def _table(sheet, header_text: str) -> list[dict[str, object]]:
    rows = list(sheet.iter_rows(values_only=True))
    at = next(i for i, r in enumerate(rows) if r and r[0] == header_text)
    header = rows[at]
    return [dict(zip(header, r, strict=False)) for r in rows[at + 1 :] if r and r[0] is not None]


def test_needs_and_support_per_state_and_article(engine, tmp_path):
    worked_example(engine)
    book = _write(engine, tmp_path)
    assert book.sheetnames == list(SHEETS)
    rows = {r["ISO3"]: r for r in _table(book["Needs and support"], "State")}
    assert sorted(rows) == ["LAO", "PER", "TCD"]
    lao = rows["LAO"]
    assert (lao["Art. 4 status"], lao["Art. 4 donors"], lao["Art. 4 donor count"]) == (
        "supported",
        "Ireland",
        1,
    )
    assert lao["Art. 4 reported by donors"] == "Disbursed: 500,000 EUR"
    assert lao["Art. 4 reported by the State"] == "Disbursed: 500,000 EUR"
    assert lao["Art. 4 sources"].splitlines()[1:] == [
        f"flow: {F1.provenance.cited}",
        "flow: LAO-2023.xlsx!Form I!A30",
    ]
    assert lao["Art. 4 need"].startswith("Clearance")
    assert lao["Art. 3 status"] in (None, "")  # not in Article 3's numerator
    assert lao["Art. 5 status"] == "possibly supported"
    assert rows["PER"]["Art. 3 status"] == "no reported support"
    summary = [c for r in book["Summary"].iter_rows(values_only=True) for c in r if c]
    assert ARTICLE_4[0] in summary
    assert "Flows in 2021–2025: 3 reported by donors, 2 by recipients, 0 from other sources" in (
        summary
    )
    assert "original currencies, never converted" in summary


def test_support_reported_lists_the_window_with_what_each_flow_counts_for(engine, tmp_path):
    worked_example(engine)
    with transaction(engine) as s:
        file = add_flow_file(s, "monitor.csv")
        add_flow(
            s,
            file,
            "B2",
            "Fund",
            "TCD",
            FlowArea.CLEARANCE,
            2024,
            "10",
            "USD",
            FlowType.PLEDGE,
            description='=HYPERLINK("http://evil.example","x")',
        )
    flows = _table(_write(engine, tmp_path)["Support reported"], "Year")
    assert len(flows) == 6  # F1–F5 and the pledge; F6 (2019) is outside the window
    f1 = next(f for f in flows if f["Cell"] == "A20")
    assert (f1["Donor"], f1["Recipient ISO3"], f1["Amount"], f1["Counts for"]) == (
        "Ireland",
        "LAO",
        500000,
        "Art. 4 supported",
    )
    assert f1["Reported by"] == "donor (Article 7)"
    pledge = next(f for f in flows if f["Type"] == "pledge")
    assert pledge["Counts for"] == "pledge, not counted"
    assert pledge["Description"] == '=HYPERLINK("http://evil.example","x")'
    assert pledge["Cell"] == "row 2"
    global_flow = next(f for f in flows if f["Recipient"] == "Global")
    assert global_flow["Counts for"] in (None, "")


def test_rates_convert_the_amounts_and_add_a_usd_column(engine, tmp_path):
    worked_example(engine)
    rates = parse_rates("currency,year,rate_to_usd\nEUR,2023,1.08\n", "rates.csv", "e" * 64)
    book = _write(engine, tmp_path, rates=rates)
    lao = {r["ISO3"]: r for r in _table(book["Needs and support"], "State")}["LAO"]
    assert lao["Art. 4 reported by donors"] == "Disbursed: 500,000 EUR = 540,000 USD (converted)"
    flows = _table(book["Support reported"], "Year")
    f1 = next(f for f in flows if f["Cell"] == "A20")
    assert Decimal(str(f1["Amount (USD, converted)"])) == Decimal("540000")
    summary = [c for r in book["Summary"].iter_rows(values_only=True) for c in r if c]
    assert "converted to USD at rates.csv (SHA-256 eeeeeeeeeeee)" in summary


def test_export_with_a_missing_rate_stops_and_writes_nothing(engine, run_cli, db_url, tmp_path):
    worked_example(engine)
    rates = tmp_path / "rates.csv"
    rates.write_text("currency,year,rate_to_usd\nNOK,2023,0.094\n", encoding="utf-8")
    target = tmp_path / "out.xlsx"
    args = ("--db", db_url, "export", "donors", "-o", str(target), "--as-of", "2025")
    out = run_cli(*args, "--since", "2021", "--rates", str(rates))
    assert out.exit_code == 1
    assert "no rate for EUR 2023 in rates.csv: add it" in out.stderr
    assert not target.exists()
    rates.write_text("currency,year,rate_to_usd\nEUR,2023,1.08\n", encoding="utf-8")
    out = run_cli(*args, "--since", "2021", "--rates", str(rates))
    assert out.exit_code == 0, out.stderr
    assert target.exists()
