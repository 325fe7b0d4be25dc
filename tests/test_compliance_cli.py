"""``tracker reports status`` and the compliance services through the store (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from tests.factories import add_membership, add_report
from tracker.compliance.output import summary_lines
from tracker.db import transaction
from tracker.enums import ReportType
from tracker.services.compliance import compute_reporting_status
from tracker.services.state_page import build_state_page

D = dt.date
ON = "2026-11-22"
INITIAL = ReportType.INITIAL


def _store(engine) -> None:
    """Four States expected for 2023 (one of each received status) and two without initials."""
    with transaction(engine) as s:
        for iso3 in ("BGR", "DEU", "LAO"):
            add_membership(s, iso3, deposited=D(2009, 7, 8))  # in force 1 Aug 2010
        add_membership(s, "LTU", deposited=D(2011, 3, 24), withdrawal=D(2025, 3, 6))
        add_membership(s, "NGA", deposited=D(2023, 8, 3))  # in force 1 Feb 2024
        add_membership(s, "AGO", deposited=None, signed=D(2008, 12, 3))  # signatory
        for iso3 in ("BGR", "LAO", "LTU"):
            add_report(s, iso3, 2010, report_type=INITIAL, submitted=D(2011, 1, 10))
        add_report(s, "BGR", 2023, submitted=D(2024, 3, 15))
        add_report(s, "LTU", 2023, submitted=D(2024, 5, 10), current=False)
        add_report(s, "LTU", 2023, submitted=D(2024, 8, 1))  # a revision: still 10 days late
        add_report(s, "LAO", 2023, submitted=None)
        add_report(s, "DEU", 2023, submitted=D(2024, 4, 1), withdrawn=True)  # never counts
        add_report(s, "AGO", 2023, submitted=D(2024, 4, 1))  # not a State Party


def _run(run_cli, db_url, *args):
    return run_cli("--db", db_url, "reports", "status", *args)


def test_json_has_the_spec_keys_and_the_statuses(engine, db_url, run_cli):
    _store(engine)
    result = _run(run_cli, db_url, "--year", "2023", "--on", ON, "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert list(doc) == [
        "year", "on", "due", "expected", "on_time", "late", "missing", "not_yet_due",
        "received_date_unknown", "received", "on_time_rate", "received_rate", "states",
        "overdue_initial", "sentences",
    ]  # fmt: skip
    assert (doc["year"], doc["on"], doc["due"]) == (2023, ON, "2024-04-30")
    counts = [doc[k] for k in ("expected", "on_time", "late", "missing", "not_yet_due")]
    assert counts == [4, 1, 1, 1, 0]
    assert (doc["received_date_unknown"], doc["received"]) == (1, 3)
    assert (doc["on_time_rate"], doc["received_rate"]) == (0.25, 0.75)
    assert doc["states"] == [
        {"state": "BGR", "due": "2024-04-30", "submitted": "2024-03-15", "status": "on time",
         "days_late": None},
        {"state": "DEU", "due": "2024-04-30", "submitted": None, "status": "missing",
         "days_late": None},
        {"state": "LAO", "due": "2024-04-30", "submitted": None,
         "status": "received, date unknown", "days_late": None},
        {"state": "LTU", "due": "2024-04-30", "submitted": "2024-05-10", "status": "late",
         "days_late": 10},
    ]  # fmt: skip
    # DEU: due 28 Jan 2011 (spec example); NGA: due 30 Jul 2024, 365 + 365 + 115 days later.
    assert doc["overdue_initial"] == [
        {"state": "DEU", "due": "2011-01-28", "days_overdue": 5777},
        {"state": "NGA", "due": "2024-07-30", "days_overdue": 845},
    ]
    assert doc["sentences"] == [
        "One (1) of four (4) States parties (25%) submitted their annual report for 2023 by "
        "30 April 2024.",
        "Three (3) of four (4) States parties (75%) had submitted it by 22 November 2026.",
    ]


def test_csv_one_row_per_expected_state(engine, db_url, run_cli):
    _store(engine)
    result = _run(run_cli, db_url, "--year", "2023", "--on", ON, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "state,due,submitted,status,days_late"
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["state"], r["submitted"], r["status"], r["days_late"]) for r in rows] == [
        ("BGR", "2024-03-15", "on time", ""),
        ("DEU", "", "missing", ""),
        ("LAO", "", "received, date unknown", ""),
        ("LTU", "2024-05-10", "late", "10"),
    ]


def test_text_has_the_sentences_the_table_and_the_overdue_initials(engine, db_url, run_cli):
    _store(engine)
    result = _run(run_cli, db_url, "--year", "2023", "--on", ON)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("One (1) of four (4) States parties (25%) submitted")
    assert lines[1].startswith("Three (3) of four (4) States parties (75%) had submitted")
    ltu = next(line for line in lines if line.startswith("LTU"))
    assert [c.strip() for c in ltu.split("|")] == [
        "LTU", "Lithuania", "2024-04-30", "2024-05-10", "late", "10",
    ]  # fmt: skip
    assert "Overdue initial reports on 22 November 2026 (2):" in lines
    assert "  DEU Germany: due 2011-01-28, 5777 days overdue" in lines


def test_defaults_judge_the_latest_year_due_by_on(engine, db_url, run_cli):
    _store(engine)
    doc = json.loads(_run(run_cli, db_url, "--on", ON, "--format", "json").stdout)
    # 2025: Nigeria is now expected, Lithuania has left before 30 April 2026.
    assert doc["year"] == 2025
    assert [(s["state"], s["status"]) for s in doc["states"]] == [
        ("BGR", "missing"), ("DEU", "missing"), ("LAO", "missing"), ("NGA", "missing"),
    ]  # fmt: skip


def test_on_ignores_later_versions_and_leaves_future_due_dates_out_of_the_rates(
    engine, db_url, run_cli
):
    _store(engine)
    doc = json.loads(_run(run_cli, db_url, "--on", "2024-04-30", "--format", "json").stdout)
    assert doc["year"] == 2023  # due on --on itself
    assert {s["state"]: s["status"] for s in doc["states"]}["LTU"] == "missing"  # came in May
    early = json.loads(
        _run(run_cli, db_url, "--year", "2023", "--on", "2024-04-01", "--format", "json").stdout
    )
    statuses = {s["state"]: s["status"] for s in early["states"]}
    assert statuses == {
        "BGR": "on time", "DEU": "not yet due", "LAO": "received, date unknown",
        "LTU": "not yet due",
    }  # fmt: skip
    assert (early["not_yet_due"], early["on_time_rate"], early["received_rate"]) == (2, 0.5, 1.0)
    assert early["sentences"] == [
        "Two (2) of four (4) States parties (50%) had submitted it by 1 April 2024."
    ]


def test_nothing_expected_gives_null_rates(engine, db_url, run_cli):
    _store(engine)
    doc = json.loads(_run(run_cli, db_url, "--year", "2009", "--on", ON, "--format", "json").stdout)
    assert (doc["expected"], doc["on_time_rate"], doc["received_rate"]) == (0, None, None)
    assert doc["sentences"] == ["No State party was expected to report for 2009."]


def test_an_irregular_initial_period_counts_for_the_year_it_ends_in(engine):
    with transaction(engine) as s:
        add_membership(s, "CPV", deposited=D(2014, 9, 1))  # in force 1 Mar 2015
        irregular = add_report(
            s, "CPV", 2017, report_type=INITIAL, period_from=D(2015, 3, 1), submitted=D(2018, 2, 1)
        )
        irregular.period_to = D(2017, 10, 31)
    with transaction(engine) as s:
        [for_2017] = compute_reporting_status(s, year=2017, on=D(2019, 1, 1)).reports
        [for_2016] = compute_reporting_status(s, year=2016, on=D(2019, 1, 1)).reports
    assert (for_2017.status.value, for_2017.submitted) == ("on time", D(2018, 2, 1))
    assert for_2016.status.value == "missing"


def test_usage_and_data_errors(engine, db_url, run_cli):
    empty = _run(run_cli, db_url, "--on", ON)
    assert empty.exit_code == 1
    assert empty.stderr.strip() == (
        "error: no membership records: load the list of States Parties shipped with the tracker "
        f"with tracker --db {db_url} states import --bundled "
        f"(or your own list: tracker --db {db_url} states import FILE)"
    )
    bad_day = _run(run_cli, db_url, "--on", "22/11/2026")
    assert bad_day.exit_code == 2
    assert "--on takes a date as YYYY-MM-DD" in bad_day.stderr
    assert _run(run_cli, db_url, "--year", "0").exit_code == 2


def test_state_deadlines_from_current_reports_only(engine):
    with transaction(engine) as s:
        add_membership(s, "LAO", deposited=D(2009, 7, 8))
        add_report(
            s, "LAO", 2022, articles={4: "has"}, facts={4: {"deadline": D(2020, 8, 1)}},
            submitted=D(2023, 4, 1),
        )  # fmt: skip
        add_report(
            s,
            "LAO",
            2022,
            articles={4: "has"},
            facts={4: {"deadline": D(2040, 1, 1)}},
            submitted=D(2023, 3, 1),
            current=False,
        )  # fmt: skip  (superseded by the version above)
        add_report(
            s, "LAO", 2024, articles={4: "has"}, facts={4: {"extension_until": D(2050, 1, 1)}},
            withdrawn=True,
        )  # fmt: skip
    with transaction(engine) as s:
        result = build_state_page(s, "LAO", D(2026, 11, 22)).deadlines
    a3, a4 = result.article(3), result.article(4)
    assert (a3.obligation, a3.deadline, a3.flags) == (False, None, [])  # no Form B ever
    assert (a4.deadline, a4.source_label, a4.flags) == (
        D(2020, 8, 1), "reported deadline", ["deadline passed"],
    )  # fmt: skip


def test_the_demo_summary_is_the_sentences_and_the_overdue_count(engine):
    _store(engine)
    with transaction(engine) as s:
        lines = summary_lines(compute_reporting_status(s, on=D(2024, 12, 1)))
    assert lines == [
        "One (1) of four (4) States parties (25%) submitted their annual report for 2023 by "
        "30 April 2024.",
        "Three (3) of four (4) States parties (75%) had submitted it by 1 December 2024.",
        "Two (2) initial reports are overdue on 1 December 2024.",
    ]
    with transaction(engine) as s:
        add_report(s, "DEU", 2010, report_type=INITIAL, submitted=D(2011, 1, 1))
        assert summary_lines(compute_reporting_status(s, on=D(2024, 12, 1)))[-1] == (
            "One (1) initial report is overdue on 1 December 2024."
        )


def test_state_show_has_the_deadlines_and_flags(engine, db_url, run_cli):
    with transaction(engine) as s:
        add_membership(s, "LAO", deposited=D(2009, 7, 8))
        add_report(
            s, "LAO", 2025, articles={4: "has"}, facts={4: {"extension_until": D(2027, 8, 1)}}
        )
    result = run_cli("--db", db_url, "state", "show", "LAO", "--on", ON)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    title = next(i for i, line in enumerate(lines) if line.startswith("Deadlines on 2026-11-22"))
    assert lines[title].startswith("Deadlines on 2026-11-22 (Article 3: + 8 years, Article 4:")
    assert lines[title + 1] == "  Article 3: no Article 3 obligation reported"
    assert lines[title + 2].startswith("  Article 4: 2027-08-01 (extension granted: 2025 annual")
    assert lines[title + 2].endswith("; deadline approaching")
