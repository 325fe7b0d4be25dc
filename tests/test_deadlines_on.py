"""Deadlines judged as the store knew them on ``--on`` (findings 5 and 6 of issue 13).

Real sample workbooks of Peru, Japan and Germany imported into SQLite and PostgreSQL, then
``tracker state show`` and the compliance service asked about dates in the past; and every
command that takes ``--on`` refusing a date after today.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests import ops
from tests.factories import add_membership, add_report
from tracker import clock
from tracker.db import transaction
from tracker.ingest.membership import read_membership
from tracker.services.extensions import key_text
from tracker.services.imports import import_paths
from tracker.services.membership import apply_membership
from tracker.services.state_page import build_state_page

D = dt.date


def _load(engine, *prefixes: str) -> None:
    """The sample membership and the sample workbooks of the States ``prefixes``."""
    parsed = read_membership(ops.MEMBERSHIP)
    with transaction(engine) as s:
        apply_membership(s, parsed, replace=False)
    files = [f for f in ops.sample_workbooks() if f.name.startswith(prefixes)]
    result = import_paths(engine, files, jobs=0)
    assert result.exit_code == 0


def test_peru_on_1_june_2020_is_its_treaty_deadline_not_a_later_extension(engine):
    # Finding 5: PER-2022 (submitted 2 April 2023) gives the extension to 1 March 2025; on
    # 1 June 2020 nobody knew it. Peru: in force 1 March 2013, + 8 years = 1 March 2021.
    _load(engine, "PER-")
    with transaction(engine) as s:
        then = build_state_page(s, "PER", D(2020, 6, 1)).deadlines.article(3)
        now = build_state_page(s, "PER", D(2026, 6, 1)).deadlines.article(3)
    assert then.deadline == D(2021, 3, 1)
    assert then.provenance is not None and then.provenance.file == "PER-2019-annual.xlsx"
    assert then.provenance.cell == "B2"  # Formulario B's "Plazo", not the status cell
    assert then.flags == ["deadline approaching"]
    assert now.deadline == D(2025, 3, 1)
    assert (now.source_label, now.provenance.file, now.provenance.cell) == (
        "extension granted",
        "PER-2022-annual.xlsx",
        "B3",
    )


def test_state_show_on_a_past_date_counts_only_the_reports_received_by_then(
    engine, db_url, run_cli
):
    _load(engine, "PER-")
    result = run_cli("--db", db_url, "state", "show", "Peru", "--on", "2020-06-01")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "  Article 3: 2021-03-01 (reported deadline: 2019 annual report, Formulario B!B2 in " \
        "PER-2019-annual.xlsx)" in out  # fmt: skip
    assert "2025-03-01" not in out.split("Reports received")[0]
    statuses = out.split("Obligation statuses")[1].split("Declared needs")[0]
    assert "2019 annual (PER-2019-annual.xlsx)" in statuses
    assert "PER-2020-annual.xlsx" not in statuses  # submitted 19 November 2021
    received = out.split("Reports received")[1]
    assert "2020 annual  submitted 2021-11-19  after --on" in received


def test_japan_has_no_article_4_deadline(engine, db_url, run_cli):
    # Finding 6: Japan never reported contamination; "2020-08-01" read like a missed deadline.
    _load(engine, "JPN-")
    result = run_cli("--db", db_url, "state", "show", "Japan", "--on", "2026-06-01")
    assert result.exit_code == 0, result.stderr
    deadlines = result.stdout.split("Deadlines on")[1].split("\n\n")[0]
    assert "  Article 4: no Article 4 obligation reported" in deadlines
    assert "2020-08-01" not in deadlines
    assert "  Article 3: 2018-08-01 (reported deadline: 2010 initial report, Form B!B2" in deadlines


def test_a_revision_received_after_on_gives_way_to_the_first_version(engine, db_url, run_cli):
    _load(engine, "DEU-2021")  # the first version (20 April 2022) and a revision (15 June)
    result = run_cli(
        "--db", db_url, "state", "show", "DEU", "--on", "2022-05-01", "--format", "json"
    )
    assert result.exit_code == 0, result.stderr
    page = json.loads(result.stdout)
    assert [y["file"] for y in page["years"]] == ["DEU-2021-annual.xlsx"]
    standing = {v["file"]: v["standing"] for v in page["versions"]}
    assert standing == {
        "DEU-2021-annual.xlsx": "current",
        "DEU-2021-annual-revised.xlsx": "after --on",
    }
    later = json.loads(run_cli("--db", db_url, "state", "show", "DEU", "--format", "json").stdout)
    assert [y["file"] for y in later["years"]] == ["DEU-2021-annual-revised.xlsx"]


def test_the_shipped_decision_gives_germanys_article_4_deadline_from_the_day_it_was_taken(
    engine,
):
    # ccm-extensions.csv: Germany, Article 4, until 1 August 2025, decided 4 September 2019.
    _load(engine, "DEU-2018", "DEU-2021")
    with transaction(engine) as s:
        before = build_state_page(s, "DEU", D(2019, 9, 3)).deadlines.article(4)
        after = build_state_page(s, "DEU", D(2019, 9, 4)).deadlines.article(4)
        later = build_state_page(s, "DEU", D(2023, 1, 1)).deadlines.article(4)
    assert (before.deadline, before.source_label) == (D(2020, 8, 1), "reported deadline")
    assert (after.deadline, after.decision.meeting if after.decision else None) == (
        D(2025, 8, 1),
        "Ninth Meeting of States Parties (9MSP) Geneva 2-4 September 2019",
    )
    # The 2021 reports repeat the decision's date: no disagreement to note.
    assert later.deadline == D(2025, 8, 1) and later.disagreement is None


def test_state_show_notes_a_report_that_disagrees_with_the_decision(engine, db_url, run_cli):
    with transaction(engine) as s:
        add_membership(s, "DEU", deposited=D(2009, 7, 8))
        add_report(
            s, "DEU", 2022, articles={4: "has"}, submitted=D(2023, 3, 1),
            facts={4: {"extension_until": D(2024, 8, 1), "extension_cell": "B3"}},
            file_name="DEU-2022.xlsx",
        )  # fmt: skip
    result = run_cli("--db", db_url, "state", "show", "DEU", "--on", "2026-06-01")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    article4 = next(i for i, line in enumerate(lines) if line.startswith("  Article 4:"))
    assert lines[article4].startswith(
        "  Article 4: 2025-08-01 (extension decision of Ninth Meeting of States Parties (9MSP)"
    )
    assert lines[article4 + 1] == (
        "    note: the 2022 annual report, Form F!B3 in DEU-2022.xlsx gives 2024-08-01; the "
        "decision stands (extension decision of Ninth Meeting of States Parties (9MSP) Geneva "
        "2-4 September 2019, decided 2019-09-04, until 2025-08-01)"
    )


def test_state_show_json_has_every_part_of_the_page(engine, db_url, run_cli):
    _load(engine, "PER-2019", "PER-2022")
    result = run_cli("--db", db_url, "state", "show", "PE", "--format", "json")
    assert result.exit_code == 1  # an unknown State is still one clear line
    result = run_cli(
        "--db", db_url, "state", "show", "Peru", "--on", "2024-01-01", "--format", "json"
    )
    assert result.exit_code == 0, result.stderr
    page = json.loads(result.stdout)
    assert (page["state"], page["name"], page["on"], page["status"]) == (
        "PER", "Peru", "2024-01-01", "State Party",
    )  # fmt: skip
    assert page["membership"]["entry_into_force"] == "2013-03-01"
    art3, art4 = page["deadlines"]
    assert art3 == {
        "article": 3,
        "obligation_reported": True,
        "deadline": "2025-03-01",
        "source": "extension granted",
        "source_text": art3["source_text"],
        "provenance": {
            "file": "PER-2022-annual.xlsx", "reporting_year": 2022, "report_type": "annual",
            "submitted": "2023-04-02", "sheet": "Formulario B", "cell": "B3",
            "carried_from": None,
        },
        "decision": None,
        "disagreement": None,
        "status": "has",
        "status_provenance": art3["status_provenance"],
        "flags": [],  # 1 March 2025 is more than 12 months after 1 January 2024
    }  # fmt: skip
    assert art3["source_text"].startswith("extension granted: 2022 annual report, Formulario B!B3")
    assert (art4["article"], art4["obligation_reported"], art4["deadline"]) == (4, False, None)
    years = {y["reporting_year"]: y for y in page["years"]}
    assert years[2022]["articles"]["3"]["status"] == "has"
    assert years[2022]["articles"]["4"]["words"] == "not applicable"
    assert years[2019]["needs"][0]["area"] == "stockpile_destruction"
    assert years[2019]["needs"][0]["provenance"]["cell"] == "B2"
    assert {v["standing"] for v in page["versions"]} == {"current"}


@pytest.mark.parametrize(
    "command",
    [
        ["reports", "status"],
        ["state", "show", "Peru"],
        ["export", "donors", "-o", "d.xlsx"],
        ["states", "list"],
    ],
)
def test_an_on_after_today_is_wrong_usage_for_every_command(
    command, sqlite_engine, sqlite_url, run_cli, monkeypatch, tmp_path
):
    monkeypatch.setattr(clock, "today", lambda: D(2026, 3, 1))
    result = run_cli("--db", sqlite_url, *command, "--on", "2026-03-02")
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stderr == (
        "error: --on 2026-03-02 is after today (2026-03-01): the tracker judges only dates "
        "that have come; give --on 2026-03-01 or earlier, or leave it out\n"
    )
    assert not (tmp_path / "exports" / "d.xlsx").exists()
    # Today itself is fine (an empty store may then refuse for its own reason, never exit 2).
    assert run_cli("--db", sqlite_url, *command, "--on", "2026-03-01").exit_code != 2


def test_parties_on_after_today_is_refused_too(sqlite_engine, sqlite_url, run_cli, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: D(2026, 3, 1))
    result = run_cli("--db", sqlite_url, "states", "list", "--parties-on", "2027-01-01")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --parties-on 2027-01-01 is after today (2026-03-01)")


def test_a_removed_shipped_decision_is_not_brought_back_by_an_upgrade(engine):
    from tracker.services.extensions import list_decisions, remove_decision
    from tracker.services.setup import upgrade_database

    with transaction(engine) as s:
        assert [d.key for d in list_decisions(s)] == [key_text("DEU", 4, D(2019, 9, 4))]
        remove_decision(s, "DEU", 4, D(2019, 9, 4), "checking the upgrade")
    upgrade_database(engine)
    with transaction(engine) as s:
        assert list_decisions(s) == []
