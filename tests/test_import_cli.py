"""``tracker import`` end to end on real workbooks (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from tests.factories import add_membership
from tests.parsed_fakes import row_counts
from tests.workbooks import MATRIX_HEADERS, build_report


@pytest.fixture
def store(engine, db_url):
    """The migrated store with Chad, Lao PDR and Iraq as States Parties; yields the --db URL."""
    with Session(engine) as s, s.begin():
        for iso3 in ("TCD", "LAO", "IRQ"):
            add_membership(s, iso3)
    return db_url


def build_folder(root: Path) -> None:
    """Three good workbooks, a stray text file, an Office lock file and a hidden folder."""
    (root / "in" / "2024").mkdir(parents=True)
    build_report(root / "in" / "2024" / "chad.xlsx")
    build_report(root / "in" / "2024" / "lao.xlsx", state="Lao PDR", lang="fr")
    build_report(root / "in" / "iraq-2023.xlsx", state="Iraq", year=2023)
    (root / "in" / "notes.txt").write_text("not a report")
    (root / "in" / "2024" / "~$chad.xlsx").write_bytes(b"lock")
    (root / "in" / ".git").mkdir()
    (root / "in" / ".git" / "stale.xlsx").write_bytes(b"x")


def matrix(path: Path, rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Tracking"
    ws.append(MATRIX_HEADERS)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_a_folder_imports_in_path_order_and_again_is_all_unchanged(
    store, engine, run_cli, tmp_path
):
    build_folder(tmp_path)
    first = run_cli("--db", store, "import", "in")
    assert first.exit_code == 0, first.stderr
    assert first.stdout.splitlines() == [
        "imported    in/2024/chad.xlsx (TCD 2024 annual)",
        "imported    in/2024/lao.xlsx (LAO 2024 annual)",
        "imported    in/iraq-2023.xlsx (IRQ 2023 annual)",
        "in/2024/~$chad.xlsx: info lock-file-skipped: Office lock file (the workbook is open in Excel): skipped",
        "in/notes.txt: info not-a-workbook-skipped: not an .xlsx or .xlsm workbook: skipped by the folder scan",
        "3 files: 3 imported, 0 revisions, 0 unchanged, 0 rejected; 0 errors, 0 warnings",
    ]
    counts = row_counts(engine)
    again = run_cli("--db", store, "import", "in", "--quiet")
    assert again.exit_code == 0
    assert [line.split()[0] for line in again.stdout.splitlines()[:3]] == ["unchanged"] * 3
    assert again.stdout.splitlines()[-1] == (
        "3 files: 0 imported, 0 revisions, 3 unchanged, 0 rejected; 0 errors, 0 warnings"
    )
    assert row_counts(engine) == counts
    history = run_cli("--db", store, "reports", "history")
    assert (
        history.stdout.count("run ") == 2
        and "imported    in/2024/chad.xlsx TCD 2024" in history.stdout
    )
    assert ": tracker import in\n" in history.stdout  # the command, never the --db URL
    assert store not in history.stdout


def test_json_has_exactly_the_spec_shape(store, run_cli, tmp_path):
    build_report(tmp_path / "chad.xlsx")
    build_report(tmp_path / "bad.xlsx", cover_overrides={"state": "Atlantis"})
    result = run_cli("--db", store, "import", "chad.xlsx", "bad.xlsx", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert list(data) == ["files", "summary"]
    bad, chad = data["files"]
    keys = [
        "path",
        "sha256",
        "outcome",
        "state",
        "reporting_year",
        "report_type",
        "reports",
        "issues",
    ]
    assert list(chad) == keys and list(bad) == keys
    assert (chad["outcome"], chad["state"], chad["reporting_year"], chad["report_type"]) == (
        "imported",
        "TCD",
        2024,
        "annual",
    )
    assert chad["reports"] == [
        {"state": "TCD", "reporting_year": 2024, "report_type": "annual", "outcome": "imported"}
    ]
    assert len(chad["sha256"]) == 64
    assert bad["outcome"] == "rejected" and bad["state"] is None
    assert list(bad["issues"][0]) == [
        "sheet",
        "cell",
        "field",
        "value",
        "code",
        "severity",
        "message",
    ]
    assert (bad["issues"][0]["code"], bad["issues"][0]["value"]) == ("unknown-state", "Atlantis")
    assert data["summary"] == {
        "files": 2,
        "imported": 1,
        "revisions": 0,
        "unchanged": 0,
        "rejected": 1,
        "errors": 1,
        "warnings": 0,
        "infos": 0,
    }


def test_dry_run_writes_nothing_and_gives_the_outcomes_of_a_real_run(
    store, engine, run_cli, tmp_path
):
    build_folder(tmp_path)
    build_report(
        tmp_path / "in" / "chad-v2.xlsx", cover_overrides={"submitted_on": dt.date(2025, 6, 1)}
    )
    build_report(tmp_path / "in" / "bad.xlsx", cover_overrides={"state": "Atlantis"})
    before = row_counts(engine)
    dry = run_cli("--db", store, "import", "in", "--dry-run", "--format", "json")
    assert row_counts(engine) == before
    assert "run " not in run_cli("--db", store, "reports", "history").stdout  # not recorded
    real = run_cli("--db", store, "import", "in", "--format", "json")
    assert dry.exit_code == real.exit_code == 1
    dry_data, real_data = json.loads(dry.stdout), json.loads(real.stdout)
    assert dry_data.pop("dry_run") is True and "dry_run" not in real_data
    assert dry_data == real_data
    assert [f["outcome"] for f in real_data["files"]] == [
        "imported",
        "imported",
        "rejected",
        "revision",
        "imported",
    ]
    assert "dry run: nothing was written" in dry.stderr


def test_a_rejected_file_leaves_the_store_exactly_as_it_was(store, engine, run_cli, tmp_path):
    build_report(tmp_path / "chad.xlsx")
    assert run_cli("--db", store, "import", "chad.xlsx").exit_code == 0
    before = row_counts(engine)
    build_report(
        tmp_path / "chad-bad.xlsx",
        cover_overrides={"submitted_on": dt.date(2025, 9, 9)},
        forms={"F": {"fields": {"status": "maybe"}}},
    )
    result = run_cli("--db", store, "import", "chad-bad.xlsx")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == "rejected    chad-bad.xlsx (TCD 2024 annual)"
    assert row_counts(engine) == before


def test_all_or_nothing_rolls_back_the_others(store, engine, run_cli, tmp_path):
    build_folder(tmp_path)
    build_report(tmp_path / "in" / "zz-bad.xlsx", cover_overrides={"state": "Atlantis"})
    before = row_counts(engine)
    result = run_cli("--db", store, "import", "in", "--all-or-nothing")
    assert result.exit_code == 1
    outcomes = [line.split()[0] for line in result.stdout.splitlines()[:4]]
    assert outcomes == ["rolled-back", "rolled-back", "rolled-back", "rejected"]
    assert result.stdout.splitlines()[-1] == (
        "4 files: 0 imported, 0 revisions, 0 unchanged, 1 rejected; 1 error, 0 warnings"
    )
    assert row_counts(engine) == before
    (tmp_path / "in" / "zz-bad.xlsx").unlink()
    ok = run_cli("--db", store, "import", "in", "--all-or-nothing", "--format", "json")
    assert ok.exit_code == 0
    assert [f["outcome"] for f in json.loads(ok.stdout)["files"]] == ["imported"] * 3


def test_revisions_follow_the_date_of_submission_not_the_import_order(store, run_cli, tmp_path):
    build_report(tmp_path / "v-late.xlsx", cover_overrides={"submitted_on": dt.date(2025, 7, 1)})
    build_report(tmp_path / "v-first.xlsx")
    build_report(
        tmp_path / "v-undated.xlsx", cover_overrides={"submitted_on": None, "organisation": "x"}
    )
    assert run_cli("--db", store, "import", "v-late.xlsx").exit_code == 0
    older = run_cli("--db", store, "import", "v-first.xlsx", "v-undated.xlsx")
    assert older.exit_code == 0
    lines = older.stdout.splitlines()
    assert lines[:2] == [
        "revision    v-first.xlsx (TCD 2024 annual)",
        "revision    v-undated.xlsx (TCD 2024 annual)",
    ]
    assert any(
        "info not-current" in line and "v-late.xlsx (submitted 2025-07-01)" in line
        for line in lines
    )
    assert any("warning missing-submission-date" in line for line in lines)
    listed = run_cli("--db", store, "reports", "list").stdout.splitlines()
    assert listed[0] == "TCD 2024 annual: 3 versions"
    assert [(line.split()[0], line.split()[-1]) for line in listed[1:]] == [
        ("current", "v-late.xlsx"),
        ("superseded", "v-first.xlsx"),
        ("superseded", "v-undated.xlsx"),
    ]


def test_matrix_file_many_reports_and_a_workbook_shadows_its_row(store, run_cli, tmp_path):
    matrix(
        tmp_path / "legacy.xlsx",
        [
            [
                "Chad",
                2024,
                "holds stockpiles",
                "contaminated",
                "yes",
                "no",
                "yes",
                "",
                "yes",
                dt.date(2025, 12, 1),
            ],
            ["Iraq", 2024, "", "contaminated", "yes", "", "yes", "", "", None],
        ],
    )
    build_report(
        tmp_path / "chad.xlsx", cover_overrides={"submitted_on": None, "organisation": "x"}
    )
    result = run_cli("--db", store, "import", "chad.xlsx", "legacy.xlsx", "--format", "json")
    assert result.exit_code == 0, result.stdout
    chad, legacy = json.loads(result.stdout)["files"]
    assert (chad["outcome"], chad["state"]) == ("imported", "TCD")
    assert (legacy["state"], legacy["reporting_year"], legacy["report_type"]) == (None, None, None)
    assert [(r["state"], r["outcome"]) for r in legacy["reports"]] == [
        ("TCD", "revision"),
        ("IRQ", "imported"),
    ]
    assert [
        (i["code"], i["severity"], i["cell"])
        for i in legacy["issues"]
        if i["code"] == "matrix-shadowed"
    ] == [("matrix-shadowed", "warning", "A2")]
    listed = run_cli("--db", store, "reports", "list", "--state", "Chad").stdout.splitlines()
    assert listed[1].split()[:2] == ["current", "workbook"]
    assert listed[2].split()[:2] == ["superseded", "matrix"] and listed[2].endswith(
        "legacy.xlsx row 2"
    )


def test_a_file_in_another_format_named_explicitly_is_rejected_by_the_reader(
    store, run_cli, tmp_path
):
    (tmp_path / "members.csv").write_text("State,Signed\nChad,2008-12-03\n")
    result = run_cli("--db", store, "import", "members.csv")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == "rejected    members.csv"
    assert ".xlsx" in result.stdout.splitlines()[1]


def test_missing_paths_and_wrong_options(store, run_cli):
    missing = run_cli("--db", store, "import", "nowhere.xlsx")
    assert missing.exit_code == 1
    assert "nowhere.xlsx: error file-not-found: no such file or folder" in missing.stdout
    assert run_cli("--db", store, "import").exit_code == 2
    assert run_cli("--db", store, "import", "x.xlsx", "--format", "xml").exit_code == 2
    assert run_cli("--db", store, "import", "x.xlsx", "--max-unzipped-mb", "0").exit_code == 2
    env = run_cli("--db", store, "import", "x.xlsx", env={"TRACKER_MAX_UNZIPPED_MB": "lots"})
    assert env.exit_code == 2


def test_no_progress_bar_when_not_a_terminal(store, run_cli, tmp_path):
    build_report(tmp_path / "chad.xlsx")
    result = run_cli("--db", store, "import", "chad.xlsx")
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("counts", "line"),
    [
        (
            (1, 0, 1, 0, 0, 1, 1),
            "1 file: 0 imported, 1 revision, 0 unchanged, 0 rejected; 1 error, 1 warning",
        ),
        (
            (2, 1, 0, 1, 0, 0, 2),
            "2 files: 1 imported, 0 revisions, 1 unchanged, 0 rejected; 0 errors, 2 warnings",
        ),
        (
            (0, 0, 0, 0, 0, 0, 0),
            "0 files: 0 imported, 0 revisions, 0 unchanged, 0 rejected; 0 errors, 0 warnings",
        ),
    ],
)
def test_the_summary_line_agrees_with_its_counts(counts, line):
    from tracker.services.import_results import Summary

    files, imported, revisions, unchanged, rejected, errors, warnings = counts
    summary = Summary(files, imported, revisions, unchanged, rejected, 0, errors, warnings, 0)
    assert summary.as_text() == line
