"""``tracker reports list`` and ``tracker reports withdraw`` (SQLite and PostgreSQL).

Reinstating, the audit trail of both and re-importing a withdrawn file: ``test_withdraw.py``.
"""

from __future__ import annotations

import datetime as dt
import getpass
import socket

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.parsed_fakes import FakeReader, report
from tracker.errors import TrackerError, UsageError
from tracker.models import Report, SourceFile
from tracker.services.imports import import_paths
from tracker.services.reports import find_source_file, list_reports, withdraw


def sha_of(engine, name):
    with engine.connect() as conn:
        return conn.execute(
            select(SourceFile.sha256).where(SourceFile.file_name == name)
        ).scalar_one()


@pytest.fixture
def three_versions(engine, tmp_path):
    reader = FakeReader(tmp_path)
    reader.add("in/early.xlsx", report(submitted=dt.date(2025, 3, 1)))
    reader.add("in/late.xlsx", report(submitted=dt.date(2025, 6, 1)))
    reader.add("in/undated.xlsx", report(submitted=None))
    reader.add("in/chad.xlsx", report("TCD", 2023))
    import_paths(engine, [tmp_path / "in"], reader=reader)
    return reader


def test_list_shows_each_chain_best_first(engine, db_url, run_cli, three_versions):
    result = run_cli("--db", db_url, "reports", "list")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    late, early, undated = (sha_of(engine, f"{n}.xlsx")[:12] for n in ("late", "early", "undated"))
    assert lines[0] == "LAO 2024 annual: 3 versions"
    assert lines[1].split() == [
        "current",
        "workbook",
        "submitted",
        "2025-06-01",
        late,
        f"{getpass.getuser()}@{socket.gethostname()}",  # who imported it (audit trail)
        str(three_versions.folder / "in/late.xlsx"),
    ]
    assert lines[2].split()[:4] == ["superseded", "workbook", "submitted", "2025-03-01"]
    assert lines[2].split()[4] == early
    assert (
        lines[3].split()[:3] == ["superseded", "workbook", "undated"]
        and lines[3].split()[3] == undated
    )
    assert lines[4] == "TCD 2023 annual: 1 version"
    only = run_cli("--db", db_url, "reports", "list", "--year", "2023").stdout.splitlines()
    assert only[0] == "TCD 2023 annual: 1 version" and len(only) == 2
    chad = run_cli("--db", db_url, "reports", "list", "--state", "Tchad").stdout.splitlines()
    assert chad[0] == "TCD 2023 annual: 1 version"
    none = run_cli("--db", db_url, "reports", "list", "--year", "1999")
    assert (none.exit_code, none.stdout.strip()) == (0, "no reports in the store for 1999")


def test_withdraw_keeps_the_version_and_the_next_best_becomes_current(
    engine, db_url, run_cli, three_versions
):
    late = sha_of(engine, "late.xlsx")
    result = run_cli("--db", db_url, "reports", "withdraw", late[:10], "--reason", "a typo")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"withdrawn: {three_versions.folder / 'in/late.xlsx'} ({late[:12]}), 1 report",
        f"  LAO 2024 annual: current now {three_versions.folder / 'in/early.xlsx'}",
    ]
    with engine.connect() as conn:
        rows = {
            name: (cur, wd, at)
            for name, cur, wd, at in conn.execute(
                select(
                    SourceFile.file_name,
                    Report.is_current,
                    Report.is_withdrawn,
                    Report.withdrawn_at,
                ).join(SourceFile)
            )
        }
    assert rows["late.xlsx"][:2] == (False, True) and rows["late.xlsx"][2] is not None
    assert rows["early.xlsx"][:2] == (True, False)
    listed = run_cli("--db", db_url, "reports", "list", "--year", "2024").stdout.splitlines()
    assert [line.split()[0] for line in listed[1:]] == ["current", "superseded", "withdrawn"]

    again = run_cli("--db", db_url, "reports", "withdraw", late, "--reason", "again")
    assert again.exit_code == 0 and "was withdrawn already: nothing changed" in again.stdout


def test_withdrawing_every_version_leaves_none_current_and_reimport_is_unchanged(
    engine, three_versions
):
    with Session(engine) as s, s.begin():
        for name in ("late", "early", "undated"):
            done = withdraw(s, sha_of(engine, f"{name}.xlsx"), reason="test")
        assert done.chains[0].current is None
    with Session(engine) as s:
        chain = next(c for c in list_reports(s, state="LAO"))
        assert chain.current is None and all(v.is_withdrawn for v in chain.versions)
    again = import_paths(
        engine, [three_versions.folder / "in" / "late.xlsx"], reader=three_versions
    )
    assert again.files[0].outcome.value == "unchanged"  # withdrawn stays withdrawn


def test_bad_ambiguous_and_unknown_sha(engine, db_url, run_cli):
    with Session(engine) as s, s.begin():
        for tail in ("1", "2"):
            s.add(
                SourceFile(
                    sha256="abcdef01" + tail * 56,
                    file_name=f"{tail}.xlsx",
                    path=f"{tail}.xlsx",
                    size_bytes=1,
                    layout="ccm-a7/1",
                    imported_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                )
            )
    with Session(engine) as s:
        with pytest.raises(TrackerError, match="matches more than one stored file"):
            find_source_file(s, "abcdef01")
        assert find_source_file(s, "ABCDEF011").file_name == "1.xlsx"
        with pytest.raises(UsageError):
            find_source_file(s, "abc")
    short = run_cli("--db", db_url, "reports", "withdraw", "abcdef", "--reason", "x")
    assert short.exit_code == 2 and short.stderr.startswith("error: 'abcdef' is not a SHA-256")
    unknown = run_cli("--db", db_url, "reports", "withdraw", "0123456789", "--reason", "x")
    assert unknown.exit_code == 1
    assert (
        unknown.stderr.strip()
        == "error: no stored file has a SHA-256 starting with 0123456789: see "
        f"tracker --db {db_url} reports list"
    )


def test_list_as_json_and_csv(engine, db_url, run_cli, three_versions):
    import csv
    import io
    import json

    late = sha_of(engine, "late.xlsx")
    data = json.loads(run_cli("--db", db_url, "reports", "list", "--format", "json").stdout)
    assert [(c["state"], c["reporting_year"], c["report_type"]) for c in data["reports"]] == [
        ("LAO", 2024, "annual"),
        ("TCD", 2023, "annual"),
    ]
    first = data["reports"][0]["versions"][0]
    assert first == {
        "status": "current",
        "channel": "workbook",
        "submitted": "2025-06-01",
        "sha256": late,
        "path": str(three_versions.folder / "in/late.xlsx"),
        "file_name": "late.xlsx",
        "source_row": 0,
        "imported_at": first["imported_at"],
        "imported_by": f"{getpass.getuser()}@{socket.gethostname()}",
    }
    assert dt.datetime.fromisoformat(first["imported_at"]).utcoffset() == dt.timedelta(0)
    statuses = [v["status"] for v in data["reports"][0]["versions"]]
    assert statuses == ["current", "superseded", "superseded"]
    assert data["reports"][0]["versions"][2]["submitted"] is None  # undated

    table = run_cli("--db", db_url, "reports", "list", "--format", "csv", "--state", "LAO")
    rows = list(csv.DictReader(io.StringIO(table.stdout)))
    assert [r["status"] for r in rows] == statuses
    assert rows[0]["sha256"] == late and rows[0]["state"] == "LAO"
    assert rows[2]["submitted"] == "" and rows[0]["reporting_year"] == "2024"

    none = run_cli("--db", db_url, "reports", "list", "--year", "1999", "--format", "json")
    assert json.loads(none.stdout) == {"reports": []}


def test_csv_guards_file_names_that_look_like_formulas(engine, db_url, run_cli, tmp_path):
    import csv
    import io

    reader = FakeReader(tmp_path)
    reader.add("in/=cmd.xlsx", report())
    import_paths(engine, [tmp_path / "in"], reader=reader)
    table = run_cli("--db", db_url, "reports", "list", "--format", "csv")
    [row] = list(csv.DictReader(io.StringIO(table.stdout)))
    assert row["path"] == f"{tmp_path / 'in/=cmd.xlsx'}"  # starts with "/": harmless
    assert "'=cmd" not in row["path"]
    with Session(engine) as s, s.begin():
        s.execute(SourceFile.__table__.update().values(path="=HYPERLINK(1)"))
    table = run_cli("--db", db_url, "reports", "list", "--format", "csv")
    [row] = list(csv.DictReader(io.StringIO(table.stdout)))
    assert row["path"] == "'=HYPERLINK(1)"
