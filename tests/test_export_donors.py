"""``tracker export donors`` end to end: the workbook read back as values, on SQLite and PostgreSQL.

The figures are compared with what ``tracker stats needs --format json`` and ``tracker reports
status --format json`` print for the same store, and with hand-checked expectations.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.test_export_support import (
    AS_OF,
    DANGEROUS,
    INJECTED,
    SINCE,
    day,
    fill_store,
    find_row,
    load,
    pairs,
    table,
    texts,
)
from tracker.export.donors import SHEETS
from tracker.export.model import SAMPLE_BANNER, TITLE

SUMMARY = ["Article", "Theme", "States with obligations", "Of which declared needs", "Share"]
NEEDS = [
    "State",
    "ISO3",
    "Stockpile destruction",
    "Clearance",
    "Risk reduction education",
    "Victim assistance",
    "Other",
    "Estimated cost (USD)",
    "Other costs",
    "Latest report year",
    "Source",
]
ARTICLE = [
    "State",
    "ISO3",
    "Status (has/had)",
    "Completed on",
    "Deadline",
    "Extension until",
    "Need declared",
    "Description",
    "Latest report year",
]
REPORTING = ["State", "ISO3", "Due", "Submitted", "Status", "Days late"]
OVERDUE = ["State", "ISO3", "Initial due", "Days overdue"]
ON = dt.date(AS_OF + 1, 12, 31)  # the default --on


@pytest.fixture
def exported(engine, db_url, run_cli, tmp_path: Path):
    """The store filled, exported with a bare -o name; returns (workbook, run_cli, db_url)."""
    fill_store(engine)
    result = run_cli(
        "--db", db_url, "export", "donors", "-o", "donors.xlsx", "--as-of", str(AS_OF),
        "--since", str(SINCE),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    path = tmp_path / "exports" / "donors.xlsx"  # a bare name goes into ./exports/
    assert path.is_file()
    assert "exports/donors.xlsx" in result.stdout
    return load(path), run_cli, db_url


def _stats_json(run_cli, db_url):
    result = run_cli(
        "--db", db_url, "stats", "needs", "--as-of", str(AS_OF), "--since", str(SINCE),
        "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _status_json(run_cli, db_url):
    result = run_cli(
        "--db", db_url, "reports", "status", "--year", str(AS_OF), "--on", ON.isoformat(),
        "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_sheets_in_order_with_their_headers(exported):
    book, _, _ = exported
    assert book.sheetnames == list(SHEETS)
    find_row(book["Summary"], SUMMARY)
    find_row(book["Needs by State"], NEEDS)
    for article in (3, 4, 5):
        find_row(book[f"Article {article}"], ARTICLE)
    find_row(book["Reporting"], REPORTING)
    find_row(book["Reporting"], OVERDUE)
    method = texts(book["Method"])
    assert "Rules applied" in method
    assert book["Summary"]["A1"].value == TITLE


def test_summary_has_the_cli_sentences_and_numbers(exported):
    book, run_cli, db_url = exported
    stats = _stats_json(run_cli, db_url)
    summary = book["Summary"]
    sheet_texts = texts(summary)
    for entry in stats["statistics"]:
        assert entry["sentence"] in sheet_texts
    rows = table(summary, SUMMARY)
    assert [r["Article"] for r in rows] == [3, 4, 5]
    assert [r["Theme"] for r in rows] == [
        "Stockpile destruction",
        "Clearance and risk reduction education",
        "Victim assistance",
    ]
    for row, entry in zip(rows, stats["statistics"], strict=True):
        assert row["States with obligations"] == entry["denominator"]
        assert row["Of which declared needs"] == entry["numerator"]
        assert row["Share"] == pytest.approx(entry["numerator"] / entry["denominator"])
    assert [(r["States with obligations"], r["Of which declared needs"]) for r in rows] == [
        (3, 1),
        (4, 3),
        (2, 2),
    ]
    info = pairs(summary)
    assert info["As-of year"] == AS_OF
    assert info["Needs declared in"] == f"reports for {SINCE}–{AS_OF}"
    assert day(info["Reporting judged on"]) == ON
    assert info["Reports counted"] == 7  # every current report of a counted State
    assert info["Reports left out"] == len(stats["excluded"]) == 2


def test_article_sheets_list_the_denominator_with_statuses_deadlines_and_needs(exported):
    book, run_cli, db_url = exported
    stats = {s["article"]: s for s in _stats_json(run_cli, db_url)["statistics"]}
    for article in (3, 4, 5):
        rows = table(book[f"Article {article}"], ARTICLE)
        assert sorted(r["ISO3"] for r in rows) == stats[article]["denominator_states"]
        declared = sorted(r["ISO3"] for r in rows if r["Need declared"] == "yes")
        assert declared == stats[article]["numerator_states"]
        assert {r["Need declared"] for r in rows} <= {"yes", "no"}
    art3 = {r["ISO3"]: r for r in table(book["Article 3"], ARTICLE)}
    assert art3["DEU"]["Status (has/had)"] == "had"
    assert day(art3["DEU"]["Completed on"]) == dt.date(2015, 11, 25)
    assert day(art3["DEU"]["Deadline"]) == dt.date(2018, 8, 1)  # entry into force + 8 years
    assert art3["BIH"]["Description"] == DANGEROUS["BIH-stockpile"]
    assert art3["PER"]["Need declared"] == "no"  # its need is from 2020, before the window
    assert art3["PER"]["Latest report year"] == 2020
    art4 = {r["ISO3"]: r for r in table(book["Article 4"], ARTICLE)}
    assert art4["TCD"]["Status (has/had)"] == "has"  # carried forward into 2023
    assert day(art4["TCD"]["Deadline"]) == dt.date(2023, 8, 1)  # the reported deadline
    assert art4["TCD"]["Extension until"] is None
    assert day(art4["LAO"]["Deadline"]) == dt.date(2025, 8, 1)
    assert day(art4["LAO"]["Extension until"]) == dt.date(2025, 8, 1)
    assert day(art4["NOR"]["Deadline"]) == dt.date(2020, 8, 1)  # entry into force + 10 years
    art5 = {r["ISO3"]: r for r in table(book["Article 5"], ARTICLE)}
    assert art5["LAO"]["Deadline"] is None and art5["LAO"]["Description"] == "yes"
    assert book["Article 4"]["D8"].number_format == "dd mmm yyyy" or any(
        c.number_format == "dd mmm yyyy" for c in book["Article 4"]["E"] if c.value
    )


def test_needs_by_state_one_row_per_state_with_needs_costs_and_source(exported):
    book, _, _ = exported
    rows = table(book["Needs by State"], NEEDS)
    assert [r["ISO3"] for r in rows] == ["BIH", "TCD", "LAO", "NOR"]  # by name; PER too old
    by = {r["ISO3"]: r for r in rows}
    assert by["TCD"]["Clearance"] == INJECTED
    assert by["TCD"]["Victim assistance"] == DANGEROUS["TCD-victims"]
    assert by["TCD"]["Estimated cost (USD)"] == 1_500_000
    assert by["TCD"]["Other costs"] == "120,000 EUR"  # never converted
    assert by["TCD"]["Latest report year"] == 2023
    assert by["TCD"]["Source"] == "TCD-2022-annual.xlsx!Form I!B2 (carried from 2022)"
    assert by["LAO"]["Risk reduction education"] == DANGEROUS["LAO-rre"]
    assert by["LAO"]["Victim assistance"] == "yes"  # declared without a description
    assert by["LAO"]["Estimated cost (USD)"] == 250_000
    assert by["LAO"]["Stockpile destruction"] is None
    assert by["BIH"]["Other"] == DANGEROUS["BIH-other"]
    assert by["NOR"]["Estimated cost (USD)"] is None
    assert by["NOR"]["Clearance"].endswith("Survey of the last areas")
    sheet = book["Needs by State"]
    top = find_row(sheet, NEEDS)
    assert sheet.cell(top + 1, 8).number_format == "#,##0"


def test_reporting_sheet_equals_reports_status(exported):
    book, run_cli, db_url = exported
    status = _status_json(run_cli, db_url)
    sheet = book["Reporting"]
    for sentence in status["sentences"]:
        assert sentence in texts(sheet)
    rows = table(sheet, REPORTING)
    got = {
        r["ISO3"]: (
            day(r["Due"]).isoformat(),
            day(r["Submitted"]).isoformat() if r["Submitted"] else None,
            r["Status"],
            r["Days late"],
        )
        for r in rows
    }
    want = {
        s["state"]: (s["due"], s["submitted"], s["status"], s["days_late"])
        for s in status["states"]
    }
    assert got == want
    assert got["TCD"] == ("2024-04-30", "2024-05-10", "late", 10)
    assert got["DEU"][2] == "missing"
    overdue = table(sheet, OVERDUE)
    assert [(r["ISO3"], day(r["Initial due"]).isoformat(), r["Days overdue"]) for r in overdue] == [
        (o["state"], o["due"], o["days_overdue"]) for o in status["overdue_initial"]
    ]
    top = find_row(sheet, REPORTING)
    assert sheet.cell(top + 1, 3).number_format == "dd mmm yyyy"
    assert isinstance(sheet.cell(top + 1, 3).value, dt.datetime)  # a real date, not text


def test_no_formula_anywhere_and_report_text_is_text(exported):
    book, _, _ = exported
    found = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):
                    found[cell.value] = cell
    injected = found[INJECTED]
    assert injected.data_type == "s"
    assert injected.quotePrefix  # Excel keeps it text even when the cell is re-entered
    for key in ("TCD-victims", "LAO-rre", "BIH-stockpile", "BIH-other"):
        assert found[DANGEROUS[key]].quotePrefix, key


def test_form_frozen_panes_autofilter_chart_print_and_properties(exported):
    book, _, _ = exported
    for sheet in book.worksheets:
        assert sheet.freeze_panes, sheet.title
        assert sheet.auto_filter.ref, sheet.title
        assert sheet.page_setup.orientation == "landscape", sheet.title
        assert sheet.page_setup.fitToWidth == 1, sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        widths = [d.width for d in sheet.column_dimensions.values() if d.width]
        assert widths and max(widths) <= 60, sheet.title
    assert "OverdueInitialReports" in book["Reporting"].tables  # a second table, own filter
    assert "ReportsLeftOut" in book["Method"].tables
    articles = book["Article 3"]
    header = find_row(articles, ARTICLE)
    assert articles.freeze_panes == f"C{header + 1}"
    assert articles.print_title_rows == f"${header}:${header}"
    assert articles.cell(header, 1).font.bold and articles.cell(header, 1).fill.fgColor.rgb
    charts = book["Summary"]._charts
    assert len(charts) == 1
    chart = charts[0]
    assert chart.tagname == "barChart"
    assert len(chart.series) == 2
    refs = [s.val.numRef.f for s in chart.series]
    top = find_row(book["Summary"], SUMMARY)
    assert refs == [f"'Summary'!$C${top + 1}:$C${top + 3}", f"'Summary'!$D${top + 1}:$D${top + 3}"]
    assert book.properties.title == TITLE
    assert book.properties.creator and "tracker" in book.properties.creator
    assert str(AS_OF) in book.properties.subject


def test_method_names_the_options_exclusions_and_sources(exported):
    book, _, db_url = exported
    method = book["Method"]
    info = pairs(method)
    assert info["Needs window"] == f"{SINCE}–{AS_OF}"
    # The database by its name only (finding 8): no user, host, port or password.
    url = make_url(db_url)
    name = Path(url.database or "").name if url.get_backend_name() == "sqlite" else url.database
    assert info["Database"] == name and name
    assert info["Tracker version"]
    left_out = table(method, ["File", "ISO3", "Reporting year", "Report type", "Reason"])
    assert [(r["ISO3"], r["Reason"]) for r in left_out] == [
        ("AGO", "not a State Party in 2022"),
        ("MMR", "no membership record"),
    ]
    sources = table(
        method,
        [
            "File",
            "SHA-256 (first 12)",
            "State",
            "ISO3",
            "Reporting year",
            "Report type",
            "Submitted on",
        ],
    )
    assert len(sources) == 7
    assert {len(r["SHA-256 (first 12)"]) for r in sources} == {12}
    assert SAMPLE_BANNER not in texts(method)  # not sample data: no banner


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("postgresql+psycopg://isu_admin:s3cret@dbhost.example:5433/ccm_tracker", "ccm_tracker"),
        (
            "postgresql+psycopg://isu_admin@dbhost.example/ccm_tracker?sslmode=require",
            "ccm_tracker",
        ),
        ("sqlite:////srv/isu_admin/dbhost.example/ccm.db", "ccm.db"),
    ],
)
def test_the_database_is_named_without_user_host_port_or_password(
    sqlite_engine, tmp_path, url, name
):
    from tracker.db import transaction
    from tracker.services.export import write_donor_workbook

    fill_store(sqlite_engine)
    path = tmp_path / "out" / "d.xlsx"
    with transaction(sqlite_engine) as s:
        write_donor_workbook(s, path, AS_OF, SINCE, None, database_url=url)
    book = load(path)
    assert pairs(book["Method"])["Database"] == name
    values = " ".join(v for sheet in book.worksheets for v in texts(sheet))
    for secret in ("isu_admin", "s3cret", "dbhost", "5433", "postgresql", "/srv"):
        assert secret not in values


def test_sample_banner_on_every_sheet_when_a_counted_report_is_listed(
    sqlite_engine, tmp_path, monkeypatch
):
    from sqlalchemy import select

    from tracker import samples
    from tracker.db import transaction
    from tracker.models import SourceFile
    from tracker.services.export import write_donor_workbook

    fill_store(sqlite_engine)
    with transaction(sqlite_engine) as s:
        digest = s.execute(
            select(SourceFile.sha256).where(SourceFile.file_name == "LAO-2023-annual.xlsx")
        ).scalar_one()
    listed = {"text": f"# samples\n{digest}  LAO-2023-annual.xlsx\n"}
    monkeypatch.setattr(samples, "sample_hashes", lambda: samples.parse_digests(listed["text"]))
    path = tmp_path / "sample.xlsx"
    with transaction(sqlite_engine) as s:
        written = write_donor_workbook(s, path, AS_OF, SINCE)
    assert written.sample
    book = load(path)
    for sheet in book.worksheets:
        assert SAMPLE_BANNER in texts(sheet), sheet.title
    # A listed report that is not counted (AGO, a signatory) does not make it sample data.
    with transaction(sqlite_engine) as s:
        ago = s.execute(
            select(SourceFile.sha256).where(SourceFile.file_name == "AGO-2022-annual.xlsx")
        ).scalar_one()
    listed["text"] = f"{ago}  AGO-2022-annual.xlsx\n"
    with transaction(sqlite_engine) as s:
        assert not write_donor_workbook(s, path, AS_OF, SINCE).sample


def _all_values(path: Path) -> dict[tuple[str, str], object]:
    book = load(path)
    return {
        (sheet.title, cell.coordinate): cell.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    }


def test_two_exports_are_equal_but_for_the_timestamp(sqlite_engine, tmp_path):
    from tracker.db import transaction
    from tracker.services.export import write_donor_workbook

    fill_store(sqlite_engine)
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    with transaction(sqlite_engine) as s:
        write_donor_workbook(s, first, AS_OF, SINCE, generated=dt.datetime(2026, 1, 1, 9, 0))
    with transaction(sqlite_engine) as s:
        write_donor_workbook(s, second, AS_OF, SINCE, generated=dt.datetime(2026, 2, 2, 10, 30))
    a, b = _all_values(first), _all_values(second)
    differ = {key for key in a.keys() | b.keys() if a.get(key) != b.get(key)}
    # Only the "Generated (UTC)" value on Summary and Method differs.
    assert {sheet for sheet, _ in differ} == {"Summary", "Method"}
    for sheet, coordinate in differ:
        row = int("".join(ch for ch in coordinate if ch.isdigit()))
        assert a[(sheet, f"A{row}")] == "Generated (UTC)"


def test_on_option_judges_reporting_on_that_day(engine, db_url, run_cli, tmp_path):
    fill_store(engine)
    out = tmp_path / "sub" / "early.xlsx"
    result = run_cli(
        "--db", db_url, "export", "donors", "-o", str(out), "--as-of", str(AS_OF), "--on",
        "2024-05-01",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    rows = {r["ISO3"]: r for r in table(load(out)["Reporting"], REPORTING)}
    assert rows["TCD"]["Status"] == "missing"  # its report came on 10 May
    assert rows["LAO"]["Status"] == "on time"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--as-of", "2022", "--since", "2023"], 2, "--since 2023 is after --as-of 2022"),
        (["--on", "31/12/2024"], 2, "--on takes a date"),
    ],
)
def test_wrong_usage_exits_2(sqlite_url, run_cli, args, code, message):
    result = run_cli("--db", sqlite_url, "export", "donors", "-o", "x.xlsx", *args)
    assert result.exit_code == code
    assert message in result.stderr


def test_not_an_xlsx_name_is_wrong_usage(sqlite_url, run_cli):
    result = run_cli("--db", sqlite_url, "export", "donors", "-o", "donors.csv")
    assert result.exit_code == 2
    assert ".xlsx" in result.stderr


def test_empty_store_exits_1_and_writes_nothing(sqlite_engine, sqlite_url, run_cli, tmp_path):
    result = run_cli("--db", sqlite_url, "export", "donors", "-o", "donors.xlsx")
    assert result.exit_code == 1
    assert "no reports: run tracker import" in result.stderr
    assert not (tmp_path / "exports" / "donors.xlsx").exists()


# --- finding 8: the judging day, the shares, the needs outside a counted article ------------


def test_share_is_a_percentage_with_one_decimal_as_the_command_line_prints_it(exported):
    book, run_cli, db_url = exported
    summary = book["Summary"]
    top = find_row(summary, SUMMARY)
    shares = [summary.cell(top + i, 5) for i in (1, 2, 3)]
    assert {c.number_format for c in shares} == {"0.0%"}
    text = run_cli("--db", db_url, "stats", "needs", "--as-of", str(AS_OF), "--since",
                   str(SINCE), "--format", "text").stdout  # fmt: skip
    for cell in shares:  # 1 of 3 is 33.3% in both, never 33% in one and 33.3% in the other
        assert f"{cell.value:.1%}" in text


@pytest.mark.parametrize(
    ("today", "judged"),
    [(dt.date(2024, 6, 1), dt.date(2024, 6, 1)), (dt.date(2026, 12, 7), dt.date(2024, 12, 31))],
)
def test_default_on_is_the_earlier_of_31_december_after_as_of_and_today(
    sqlite_engine, sqlite_url, run_cli, tmp_path, monkeypatch, today, judged
):
    from tracker import clock

    fill_store(sqlite_engine)
    monkeypatch.setattr(clock, "today", lambda: today)
    result = run_cli("--db", sqlite_url, "export", "donors", "-o", "d.xlsx", "--as-of", "2023")
    assert result.exit_code == 0, result.stderr
    assert f"reporting judged on {judged.isoformat()}" in result.stdout
    book = load(tmp_path / "exports" / "d.xlsx")
    assert day(pairs(book["Summary"])["Reporting judged on"]) == judged
    assert day(pairs(book["Method"])["Reporting judged on"]) == judged


def test_a_need_outside_every_counted_article_has_a_note(sqlite_engine, tmp_path):
    from decimal import Decimal

    from tests.factories import add_membership, add_report
    from tracker.db import transaction
    from tracker.models.enums import NeedArea
    from tracker.services.export import write_donor_workbook

    fill_store(sqlite_engine)
    with transaction(sqlite_engine) as s:
        add_membership(s, "HRV")  # Article 3 only, but asks for clearance (and other) help
        add_report(
            s, "HRV", 2023, articles={3: "had"}, submitted=dt.date(2024, 4, 1),
            needs=[(NeedArea.CLEARANCE, "Survey", Decimal(5), "USD"), NeedArea.OTHER],
        )  # fmt: skip
    path = tmp_path / "d.xlsx"
    with transaction(sqlite_engine) as s:
        write_donor_workbook(s, path, AS_OF, SINCE, dt.date(2024, 12, 31))
    rows = {r["ISO3"]: r for r in table(load(path)["Needs by State"], [*NEEDS, "Note"])}
    assert rows["HRV"]["Note"] == (
        "Not in the Summary's figures: clearance needs, but no Article 4 obligation reported; "
        '"Other" needs belong to no article.'
    )
    assert rows["BIH"]["Note"] is None  # its stockpile need counts; its "other" need is extra
    assert rows["TCD"]["Note"] is None and rows["NOR"]["Note"] is None
    art4 = {r["ISO3"] for r in table(load(path)["Article 4"], ARTICLE)}
    assert "HRV" not in art4
