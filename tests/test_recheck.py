"""``tracker reports recheck`` and the date-rule count of ``tracker db upgrade`` (SQLite and
PostgreSQL): stored versions judged under today's rules, with nothing in the store changed.

Versions "imported under the old rules" are imported here with the date rules switched off (the
reader as it was before them), which is how real stores hold them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shlex

import pytest
from sqlalchemy import delete, select, update

from tests import ops
from tests.workbooks import build_matrix, build_report
from tracker import clock
from tracker.ingest import cover as cover_module
from tracker.ingest import matrix as matrix_module
from tracker.models import Need, Original, Report
from tracker.services.imports import import_paths

TODAY = dt.date(2026, 12, 7)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: TODAY)


def import_under_old_rules(monkeypatch, engine, *paths):
    """Import as the tracker did before the date rules existed."""
    with monkeypatch.context() as m:
        m.setattr(cover_module, "date_problems", lambda **_: [])
        m.setattr(matrix_module, "date_problems", lambda **_: [])
        result = import_paths(engine, list(paths))
    assert result.exit_code == 0, [i.as_text() for f in result.files for i in f.issues]
    return result


def test_a_clean_store_rechecks_clean(engine, db_url, run_cli, tmp_path):
    path = tmp_path / "chad.xlsx"
    build_report(path)
    import_paths(engine, [path])
    result = run_cli("--db", db_url, "reports", "recheck")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "1 version checked under the rules of 2026-12-07: 0 would be rejected, 0 read "
        "differently, 0 without their original, 1 unchanged"
    ]


def test_a_version_that_breaks_todays_rules_is_listed_and_nothing_changes(
    engine, db_url, run_cli, tmp_path, monkeypatch
):
    # Finding 2 in a store that already exists: submitted before its period's end.
    early = tmp_path / "LAO-2025.xlsx"
    build_report(early, state="Lao PDR", year=2025, cover_overrides={"submitted_on": "30/04/2025"})
    fine = tmp_path / "TCD-2024.xlsx"
    build_report(fine)
    import_under_old_rules(monkeypatch, engine, early, fine)
    before = ops.table_counts(engine, audit=True)
    result = run_cli("--db", db_url, "reports", "recheck")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    sha = hashlib.sha256(early.read_bytes()).hexdigest()
    assert lines[0] == f"LAO 2025 annual (current, {sha[:12]}) {early}: would be rejected"
    assert lines[1].startswith(f"  {early}: Cover!B5: error submitted-before-period-end: ")
    assert lines[-1].startswith("2 versions checked under the rules of 2026-12-07: 1 would be")
    assert len(lines) == 3
    assert ops.table_counts(engine, audit=True) == before


def test_a_version_read_differently_names_the_cell_and_both_values(
    engine, db_url, run_cli, tmp_path
):
    path = tmp_path / "chad.xlsx"
    built = build_report(path)
    import_paths(engine, [path])
    # What an older reader could have stored: the first need read as "no".
    cell = built.row_cell("I", "needs", 0, "needed")
    with engine.begin() as conn:
        conn.execute(update(Need).where(Need.cell == cell).values(needed=False))
    result = run_cli("--db", db_url, "reports", "recheck", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    (version,) = data["versions"]
    assert (version["state"], version["outcome"], version["status"]) == (
        "TCD",
        "changed",
        "current",
    )
    assert version["differences"] == [
        {"sheet": "Form I", "cell": cell, "field": "needs.needed", "stored": "no", "now": "yes"}
    ]
    assert data["summary"] == {
        "versions": 1,
        "rejected": 0,
        "changed": 1,
        "no-original": 0,
        "unchanged": 0,
    }
    text = run_cli("--db", db_url, "reports", "recheck").stdout.splitlines()
    assert text[0].endswith(f"{path}: would be read differently")
    assert text[1] == f"  Form I!{cell}: needs.needed: stored no, now yes"


def test_versions_without_an_original_say_re_import_and_keep_the_date_rules(
    engine, db_url, run_cli, tmp_path, monkeypatch
):
    early = tmp_path / "LAO-2025.xlsx"
    build_report(early, state="Lao PDR", year=2025, cover_overrides={"submitted_on": "30/04/2025"})
    fine = tmp_path / "TCD-2024.xlsx"
    build_report(fine)
    import_under_old_rules(monkeypatch, engine, early, fine)
    with engine.begin() as conn:
        conn.execute(delete(Original))
    result = run_cli("--db", db_url, "reports", "recheck", "--format", "json")
    assert result.exit_code == 0  # nothing was re-read: nothing known to change
    versions = {v["state"]: v for v in json.loads(result.stdout)["versions"]}
    assert {v["outcome"] for v in versions.values()} == {"no-original"}
    (issue,) = versions["LAO"]["issues"]
    assert (issue["code"], issue["field"], issue["value"], issue["sheet"]) == (
        "submitted-before-period-end",
        "submitted_on",
        "2025-04-30",
        "Cover",
    )
    assert versions["TCD"]["issues"] == []
    text = run_cli("--db", db_url, "reports", "recheck", "--state", "Chad").stdout.splitlines()
    assert text[0].endswith(f"{fine}: original not kept: re-import the file")
    # Re-importing the file keeps its original: the next recheck reads it.
    import_paths(engine, [fine])
    again = run_cli("--db", db_url, "reports", "recheck", "--state", "TCD")
    assert again.stdout.splitlines()[-1].endswith("0 without their original, 1 unchanged")


def test_state_and_year_narrow_the_recheck(engine, db_url, run_cli, tmp_path, monkeypatch):
    paths = []
    for state, year in (("Chad", 2023), ("Chad", 2024), ("Lao PDR", 2024)):
        paths.append(tmp_path / f"{state}-{year}.xlsx")
        build_report(paths[-1], state=state, year=year)
    import_paths(engine, paths)
    summary = run_cli("--db", db_url, "reports", "recheck", "--state", "TCD", "--year", "2024")
    assert summary.stdout.startswith("1 version checked")
    assert run_cli("--db", db_url, "reports", "recheck", "--year", "2024").stdout.startswith(
        "2 versions checked"
    )
    unknown = run_cli("--db", db_url, "reports", "recheck", "--state", "Atlantis")
    assert unknown.exit_code == 1 and "Atlantis" in unknown.stderr


def test_a_matrix_file_is_read_once_for_all_of_its_rows(
    engine, db_url, run_cli, tmp_path, monkeypatch
):
    path = tmp_path / "matrix.xlsx"
    none = [None] * 7
    build_matrix(
        path,
        [
            ["Chad", 2015, *none, dt.date(2016, 4, 30)],
            ["Peru", 2015, *none, dt.date(2015, 6, 30)],  # before the period's end
        ],
    )
    import_under_old_rules(monkeypatch, engine, path)
    result = run_cli("--db", db_url, "reports", "recheck", "--format", "json")
    data = json.loads(result.stdout)
    # Today's reader rejects the file, so both of its rows would be rejected with it.
    assert [(v["state"], v["outcome"], v["source_row"]) for v in data["versions"]] == [
        ("PER", "rejected", 3),
        ("TCD", "rejected", 2),
    ]
    assert {i["cell"] for i in data["versions"][1]["issues"]} == {"J3"}


def test_db_upgrade_counts_stored_versions_breaking_the_date_rules(
    engine, db_url, run_cli, tmp_path, monkeypatch
):
    fresh = run_cli("--db", db_url, "db", "upgrade")
    assert fresh.exit_code == 0 and "date rules" not in fresh.stdout  # nothing stored yet
    early = tmp_path / "LAO-2025.xlsx"
    build_report(early, state="Lao PDR", year=2025, cover_overrides={"submitted_on": "30/04/2025"})
    late = tmp_path / "TCD-2025.xlsx"
    build_report(late, year=2025, cover_overrides={"submitted_on": "30/04/2027"})  # finding 1
    fine = tmp_path / "TCD-2024.xlsx"
    build_report(fine)
    import_under_old_rules(monkeypatch, engine, early, late, fine)
    with engine.begin() as conn:  # the count needs no original
        conn.execute(delete(Original))
    result = run_cli("--db", db_url, "db", "upgrade")
    assert result.exit_code == 0, result.stderr
    line = result.stdout.splitlines()[-1]
    assert line.startswith("date rules: 2 of 3 stored versions break them (")
    command = line.split("see them with ")[1]
    assert command.startswith("tracker --db ") and command.endswith(" reports recheck")
    # The command works as printed (here the test database has no password to hide).
    shown = run_cli(*shlex.split(command)[1:])
    assert shown.exit_code == 0 and "original not kept" in shown.stdout
    with engine.connect() as conn:
        assert len(conn.execute(select(Report.id)).all()) == 3


def test_db_upgrade_on_a_store_that_keeps_the_rules(engine, db_url, run_cli, tmp_path):
    path = tmp_path / "chad.xlsx"
    build_report(path)
    import_paths(engine, [path])
    line = run_cli("--db", db_url, "db", "upgrade").stdout.splitlines()[-1]
    assert line == "date rules: no stored version breaks them (1 version checked)"
