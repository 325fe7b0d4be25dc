"""The spec's worked example (assistance.md §7) from a store, through the one reader and the CLI.

The same four States and six flows as tests/assistance_rows.py, stored as report rows and an
imported file; then carry-forward of Form I's flow tables, restatements, withdrawn files, and
``tracker assistance list|match`` in text, JSON and CSV with ``--explain``, ``--since`` and
``--rates``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from sqlalchemy import select

from tests.factories import add_flow, add_flow_file, add_membership, add_report
from tracker.assistance.listing import recipient_filter
from tracker.assistance.match import Status
from tracker.assistance.rates import parse_rates
from tracker.db import transaction
from tracker.models import FlowFile, Report
from tracker.models.enums import FlowArea, FlowSide, FlowType, NeedArea
from tracker.services.assistance import compute_match, list_flows, stored_flows

A, D, C = FlowArea, FlowType.DISBURSEMENT, FlowType.COMMITMENT
SUBMITTED = dt.date(2024, 4, 30)

ARTICLE_3 = (
    "Of the one (1) State party that has highlighted assistance needs in stockpile destruction, "
    "none was reported to have received assistance for stockpile destruction in 2021–2025.",
    "Peru was not reported to have received assistance for stockpile destruction in 2021–2025.",
)
ARTICLE_4 = (
    "Of the two (2) States parties that have highlighted assistance needs in clearance and/or "
    "risk reduction, one (1) was reported to have received assistance for clearance and/or risk "
    "reduction in 2021–2025, and one (1) more for other or unspecified areas only.",
)
ARTICLE_5 = (
    "Of the one (1) State party that has highlighted assistance needs to address the needs of "
    "victims, none was reported to have received assistance to address the needs of victims in "
    "2021–2025, and one (1) for other or unspecified areas only.",
)


def worked_example(engine) -> dict[str, object]:
    """Ireland, Lao PDR, Chad and Peru with F1–F6 (F6 from eu.csv)."""
    with transaction(engine) as s:
        for iso3 in ("IRL", "LAO", "TCD", "PER"):
            add_membership(s, iso3)
        irl = add_report(s, "IRL", 2023, submitted=SUBMITTED, file_name="IRL-2023.xlsx")
        lao = add_report(
            s,
            "LAO",
            2023,
            submitted=SUBMITTED,
            articles={4: "has", 5: "has"},
            needs=[NeedArea.CLEARANCE, NeedArea.VICTIM_ASSISTANCE],
            file_name="LAO-2023.xlsx",
        )
        add_report(s, "TCD", 2022, articles={4: "has"}, needs=[NeedArea.RISK_REDUCTION_EDUCATION])
        add_report(s, "PER", 2021, articles={3: "had"}, needs=[NeedArea.STOCKPILE_DESTRUCTION])
        add_flow(s, irl, "A20", "IRL", "LAO", A.CLEARANCE, 2023, "500000", "EUR", D)
        add_flow(s, irl, "A21", "IRL", "TCD", A.OTHER, 2023, "80000", "EUR", C)
        add_flow(s, irl, "A22", "IRL", "Global", A.VICTIM_ASSISTANCE, 2023, "200000", "EUR", D)
        received = FlowSide.RECIPIENT_REPORT
        add_flow(s, lao, "A30", "IRL", "LAO", A.CLEARANCE, 2023, "500000", "EUR", D, side=received)
        add_flow(
            s, lao, "A31", "UNMAS", "LAO", A.UNSPECIFIED, 2022, "120000", "USD", C, side=received
        )
        eu = add_flow_file(s, "eu.csv")
        add_flow(
            s, eu, "B2", "European Union", "PER", A.STOCKPILE_DESTRUCTION, 2019, "300000", "EUR", D
        )
        return {"irl": irl.id, "lao": lao.id}


def match(engine, **options):
    options.setdefault("as_of", 2025)
    options.setdefault("since", 2021)
    with transaction(engine) as s:
        return compute_match(s, **options).result


def test_the_worked_example_sentence_for_sentence_from_the_store(engine):
    worked_example(engine)
    result = match(engine)
    assert [a.sentences for a in result.articles] == [ARTICLE_3, ARTICLE_4, ARTICLE_5]
    assert result.flows_in_window == {"donor_report": 3, "recipient_report": 2, "other_source": 0}
    lao, chad = result.articles[1].states
    assert (lao.status, chad.status) == (Status.SUPPORTED, Status.POSSIBLY_SUPPORTED)
    assert [f.provenance.cited for f in lao.deciding] == [
        "IRL-2023.xlsx!Form I!A20",
        "LAO-2023.xlsx!Form I!A30",
    ]
    assert [d.name for d in lao.donors] == ["Ireland"]
    assert [(a.side.value, a.currency, str(a.amount)) for a in lao.amounts] == [
        ("donor_report", "EUR", "500000.00"),
        ("recipient_report", "EUR", "500000.00"),
    ]
    (lao5,) = result.articles[2].states
    assert [d.name for d in lao5.donors] == ["UNMAS"]
    # The need's provenance comes from the statistics (as stats needs --explain says it).
    assert lao.need is not None and lao.need.cited.startswith("LAO-2023.xlsx!Form I!B")


def test_since_2019_peru_is_supported_by_the_imported_flow(engine):
    worked_example(engine)
    article = match(engine, since=2019).articles[0]
    (peru,) = article.states
    assert peru.status is Status.SUPPORTED
    assert [f.provenance.cited for f in peru.deciding] == ["eu.csv!row 2"]
    assert article.sentences == (
        "Of the one (1) State party that has highlighted assistance needs in stockpile "
        "destruction, one (1) was reported to have received assistance for stockpile "
        "destruction in 2019–2025.",
    )


def test_rates_convert_each_side_and_a_missing_rate_stops(engine, run_cli, db_url, tmp_path):
    worked_example(engine)
    rates = parse_rates("currency,year,rate_to_usd\nEUR,2023,1.08\n", "rates.csv", "d" * 64)
    lao = match(engine, rates=rates).articles[1].states[0]
    assert [(c.side.value, str(c.amount)) for c in lao.converted] == [
        ("donor_report", "540000.00"),
        ("recipient_report", "540000.00"),
    ]
    good = tmp_path / "rates.csv"
    good.write_text("currency,year,rate_to_usd\nEUR,2023,1.08\n", encoding="utf-8")
    out = run_cli(
        "--db",
        db_url,
        "assistance",
        "match",
        "--as-of",
        "2025",
        "--since",
        "2021",
        "--rates",
        str(good),
        "--explain",
    )
    assert out.exit_code == 0, out.stderr
    assert out.stdout.count("= 540,000 USD (converted)") == 2
    bad = tmp_path / "nok.csv"
    bad.write_text("currency,year,rate_to_usd\nNOK,2023,0.094\n", encoding="utf-8")
    out = run_cli(
        "--db",
        db_url,
        "assistance",
        "match",
        "--as-of",
        "2025",
        "--since",
        "2021",
        "--rates",
        str(bad),
    )
    assert out.exit_code == 1
    assert "no rate for EUR 2023 in nok.csv: add it" in out.stderr
    assert out.stdout == ""


def test_a_rates_file_with_a_bad_row_stops_with_its_pointer(engine, run_cli, db_url, tmp_path):
    worked_example(engine)
    bad = tmp_path / "rates.csv"
    bad.write_text("currency,year,rate_to_usd\nEUR,2023,1.08\nEUR,2022,-1\n", encoding="utf-8")
    out = run_cli("--db", db_url, "assistance", "match", "--rates", str(bad))
    assert out.exit_code == 1
    assert "rates.csv: row 3, rate_to_usd: error bad-rate:" in out.stderr


def test_list_recipient_laos_from_the_store(engine, run_cli, db_url):
    worked_example(engine)
    with transaction(engine) as s:
        chosen = list_flows(s, recipient=recipient_filter("Laos"))
    assert [f.provenance.cited for f in chosen] == [
        "LAO-2023.xlsx!Form I!A31",
        "IRL-2023.xlsx!Form I!A20",
        "LAO-2023.xlsx!Form I!A30",
    ]
    out = run_cli("--db", db_url, "assistance", "list", "--recipient", "Laos", "--format", "json")
    assert out.exit_code == 0, out.stderr
    document = json.loads(out.stdout)
    assert document["count"] == 3
    first = document["flows"][0]
    assert (first["donor"], first["donor_name"], first["recipient"], first["amount"]) == (
        None,
        "UNMAS",
        "LAO",
        "120000.00",
    )
    assert first["provenance"]["file"] == "LAO-2023.xlsx"
    assert first["provenance"]["reporting_year"] == 2023
    out = run_cli("--db", db_url, "assistance", "list", "--recipient", "Laoss")
    assert out.exit_code == 1
    assert "did you mean" in out.stderr


def test_match_json_and_csv_shapes(engine, run_cli, db_url):
    worked_example(engine)
    args = ("--db", db_url, "assistance", "match", "--as-of", "2025", "--since", "2021")
    out = run_cli(*args, "--format", "json", "--explain")
    assert out.exit_code == 0, out.stderr
    document = json.loads(out.stdout)
    assert document["flows_in_window"] == {
        "donor_report": 3,
        "recipient_report": 2,
        "other_source": 0,
    }
    article4 = document["matches"][1]
    assert (article4["supported_states"], article4["possibly_supported_states"]) == (
        ["LAO"],
        ["TCD"],
    )
    lao = article4["states"][0]
    assert lao["need"]["file"] == "LAO-2023.xlsx"
    assert [f["provenance"]["cell"] for f in lao["flows"]] == ["A20", "A30"]
    out = run_cli(*args, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [(r["article"], r["state"], r["status"]) for r in rows] == [
        ("3", "PER", "no_reported_support"),
        ("4", "LAO", "supported"),
        ("4", "TCD", "possibly_supported"),
        ("5", "LAO", "possibly_supported"),
    ]
    text = run_cli(*args).stdout
    for sentence in (*ARTICLE_3, *ARTICLE_4, *ARTICLE_5):
        assert sentence in text
    assert "Flows in 2021–2025: 3 reported by donors, 2 by recipients, 0 from other sources" in text


def test_a_carried_form_i_adds_no_flow_and_restated_rows_count_once(engine):
    ids = worked_example(engine)
    with transaction(engine) as s:
        # Lao PDR 2024 carries Form I from 2023: its flows are 2023's rows, once.
        add_report(
            s,
            "LAO",
            2024,
            articles={4: "has", 5: "has"},
            unchanged={"I": 2023},
            submitted=dt.date(2025, 4, 30),
            file_name="LAO-2024.xlsx",
        )
        # Ireland 2024 restates F1 in its own Form I: one flow, cited at the latest report.
        irl = add_report(s, "IRL", 2024, submitted=dt.date(2025, 4, 30), file_name="IRL-2024.xlsx")
        add_flow(s, irl, "A20", "IRL", "LAO", A.CLEARANCE, 2023, "500000", "EUR", D)
    result = match(engine)
    assert result.flows_in_window == {"donor_report": 3, "recipient_report": 2, "other_source": 0}
    lao = result.articles[1].states[0]
    assert [f.provenance.cited for f in lao.deciding] == [
        "IRL-2024.xlsx!Form I!A20",
        "LAO-2023.xlsx!Form I!A30",
    ]
    assert [p.file for p in lao.deciding[0].also_in] == ["IRL-2023.xlsx"]
    # The carried need is cited with its year; the sentences do not change.
    assert [a.sentences for a in result.articles] == [ARTICLE_3, ARTICLE_4, ARTICLE_5]
    assert ids["lao"]


def test_reading_only_the_windows_flows_gives_the_donor_workbook_the_same_match(engine):
    """``Projection.flows_in_window`` (the donor workbook's read): the same match and sheets.

    With rows of other years in reports, a carried Form I and a restated row, the Article 7
    rows outside [S, A] are never read, and every imported row still is (counted per file).
    """
    import dataclasses

    from tracker.assistance.workbook import support_data
    from tracker.services.assistance import match_rows
    from tracker.services.stats import NeedsWindow, needs_statistics, statistics_projection
    from tracker.services.store import read_store

    ids = worked_example(engine)
    with transaction(engine) as s:
        irl, lao = s.get(Report, ids["irl"]), s.get(Report, ids["lao"])
        add_flow(s, irl, "A23", "IRL", "LAO", A.CLEARANCE, 2018, "40000", "EUR", D)
        add_flow(s, irl, "A24", "IRL", "LAO", A.CLEARANCE, 2026, "90000", "EUR", FlowType.PLEDGE)
        add_flow(s, lao, "A32", "IRL", "LAO", A.CLEARANCE, 2020, "1000", "EUR", D)
        add_report(s, "LAO", 2024, articles={4: "has", 5: "has"}, unchanged={"I": 2023})
        irl_2024 = add_report(s, "IRL", 2024, submitted=dt.date(2025, 4, 30))
        add_flow(s, irl_2024, "A20", "IRL", "LAO", A.CLEARANCE, 2023, "500000", "EUR", D)
        add_flow(s, irl_2024, "A21", "IRL", "TCD", A.CLEARANCE, 2019, "7000", "EUR", D)

    def read(in_window: bool):
        with transaction(engine) as s:
            window = NeedsWindow(s, 2025, 2021)
            projection = dataclasses.replace(
                statistics_projection(window), flows=True, flows_in_window=in_window
            )
            rows = read_store(s, projection)
        stats = needs_statistics(rows, window.chosen)
        return rows, match_rows(rows, stats)

    every_rows, every = read(False)
    window_rows, window = read(True)
    years = {f.year for r in window_rows.reports for f in r.flows}
    assert years == {2022, 2023} < {f.year for r in every_rows.reports for f in r.flows}
    assert [f.year for f in window_rows.flow_files[0].flows] == [2019]  # read whole
    assert window.articles == every.articles
    assert window.flows_in_window == every.flows_in_window
    assert support_data(window, window_rows.names) == support_data(every, every_rows.names)
    lao_4 = window.articles[1].states[0]
    assert [p.file for p in lao_4.deciding[0].also_in] == ["IRL-2023.xlsx"]  # restated once


def test_a_form_i_marked_unchanged_shows_the_carried_rows_on_the_state(engine):
    from tracker.assistance.read import report_flow_records
    from tracker.services.store import Needs, Projection, read_store

    worked_example(engine)
    with transaction(engine) as s:
        add_report(s, "LAO", 2024, unchanged={"I": 2023}, file_name="LAO-2024.xlsx")
        rows = read_store(s, Projection(needs=Needs.NONE, flows=True, states=frozenset({"LAO"})))
    flows = report_flow_records(rows.reports)
    assert sorted(f.provenance.cited for f in flows) == [
        "LAO-2023.xlsx!Form I!A30",
        "LAO-2023.xlsx!Form I!A31",
    ]


def test_a_withdrawn_flow_file_is_never_counted_or_listed(engine):
    worked_example(engine)
    with transaction(engine) as s:
        gone = add_flow_file(s, "old.csv", withdrawn=True)
        add_flow(s, gone, "B2", "European Union", "TCD", A.CLEARANCE, 2023, "1000", "EUR", D)
    assert match(engine).articles[1].states[1].status is Status.POSSIBLY_SUPPORTED
    with transaction(engine) as s:
        assert all(f.provenance.file != "old.csv" for f in stored_flows(s))


def test_superseded_reports_flows_are_not_counted(engine):
    worked_example(engine)
    with transaction(engine) as s:
        old = add_report(s, "IRL", 2023, current=False, file_name="IRL-2023-old.xlsx")
        add_flow(s, old, "A20", "IRL", "TCD", A.CLEARANCE, 2023, "1", "EUR", D)
    assert match(engine).articles[1].states[1].status is Status.POSSIBLY_SUPPORTED


@pytest.mark.parametrize("area", ["bogus"])
def test_list_with_an_unknown_area_is_wrong_usage(engine, run_cli, db_url, area):
    worked_example(engine)
    out = run_cli("--db", db_url, "assistance", "list", "--area", area)
    assert out.exit_code == 2
    assert "--area takes" in out.stderr


def test_a_flow_file_is_named_by_its_sha256_or_a_prefix_of_it(engine, run_cli, db_url):
    with transaction(engine) as s:
        for tail in ("1", "2"):
            add_flow_file(s, f"{tail}.xlsx", sha256="fedcba98" + tail * 56)
    short = run_cli("--db", db_url, "assistance", "withdraw", "fedcba", "--reason", "x")
    assert short.exit_code == 2
    assert short.stderr.startswith("error: 'fedcba' is not a SHA-256: give the flow file's")
    both = run_cli("--db", db_url, "assistance", "withdraw", "fedcba98", "--reason", "x")
    assert both.exit_code == 1 and "matches more than one stored flow file" in both.stderr
    unknown = run_cli("--db", db_url, "assistance", "withdraw", "0123456789", "--reason", "x")
    assert unknown.exit_code == 1
    assert "no stored flow file has a SHA-256 starting with 0123456789" in unknown.stderr
    one = run_cli("--db", db_url, "assistance", "withdraw", "FEDCBA982", "--reason", "x")
    assert one.exit_code == 0, one.stderr
    with transaction(engine) as s:
        withdrawn = s.scalars(select(FlowFile.file_name).where(FlowFile.is_withdrawn)).all()
    assert withdrawn == ["2.xlsx"]
