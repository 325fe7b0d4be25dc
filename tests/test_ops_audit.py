"""The audit trail of real ``tracker import`` runs (issue 8, point 4), on SQLite and PostgreSQL.

Every non-dry run is recorded with its time, operating-system user, host and tracker version, and
one row per file with its outcome, rejected files included. A rejected file adds only its audit
row to the store. Each stored file points at the run that brought it in, so every version of a
report says who imported it.
"""

from __future__ import annotations

import getpass
import json
import socket
from pathlib import Path

from sqlalchemy import select

from tests import ops
from tests.workbooks import build_report
from tracker import __version__
from tracker.models import ImportRun, ImportRunFile, SourceFile


def _runs(engine) -> list[ImportRun]:
    with engine.connect() as conn:
        return list(conn.execute(select(ImportRun).order_by(ImportRun.id)))


def _files(engine, run_id: int) -> dict[str, tuple[str, str | None, int]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(ImportRunFile.path, ImportRunFile.outcome, ImportRunFile.sha256,
                   ImportRunFile.errors)
            .where(ImportRunFile.run_id == run_id)
        )  # fmt: skip
        return {Path(p).name: (outcome, sha, errors) for p, outcome, sha, errors in rows}


def _only_outcome(engine, run_id: int) -> str:
    [(outcome, _, _)] = _files(engine, run_id).values()
    return outcome


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    build_report(folder / "chad-2024.xlsx", state="Chad", year=2024)
    build_report(folder / "lao-2023.xlsx", state="Lao PDR", year=2023)
    build_report(folder / "atlantis-2024.xlsx", cover_overrides={"state": "Atlantis"})
    return folder


def test_a_run_records_who_when_and_every_file(engine, db_url, run_cli, tmp_path):
    folder = _folder(tmp_path)
    result = run_cli("--db", db_url, "import", str(folder))
    assert result.exit_code == 1, result.stderr

    [run] = _runs(engine)
    assert run.os_user == getpass.getuser() and run.host == socket.gethostname()
    assert run.tracker_version == __version__
    assert run.finished_at is not None and run.finished_at >= run.started_at
    assert run.arguments == f"tracker import {folder}"
    files = _files(engine, run.id)
    assert {name: outcome for name, (outcome, _, _) in files.items()} == {
        "chad-2024.xlsx": "imported",
        "lao-2023.xlsx": "imported",
        "atlantis-2024.xlsx": "rejected",
    }
    assert files["atlantis-2024.xlsx"][2] >= 1
    with engine.connect() as conn:
        stored = {
            sha: rid
            for sha, rid in conn.execute(select(SourceFile.sha256, SourceFile.import_run_id))
        }
    assert stored == {files["chad-2024.xlsx"][1]: run.id, files["lao-2023.xlsx"][1]: run.id}

    history = run_cli("--db", db_url, "reports", "history", "--state", "Chad")
    assert history.exit_code == 0
    assert f"run {run.id}:" in history.stdout and "chad-2024.xlsx TCD 2024" in history.stdout
    assert "lao-2023.xlsx" not in history.stdout


def test_a_rejected_file_adds_only_its_audit_row(engine, db_url, run_cli, tmp_path):
    run_cli("--db", db_url, "import", str(_folder(tmp_path) / "chad-2024.xlsx"))
    before = ops.table_counts(engine)
    bad = tmp_path / "bad.xlsx"
    build_report(bad, cover_overrides={"period_to": "31/02/2025"})
    assert run_cli("--db", db_url, "import", str(bad)).exit_code == 1
    after = ops.table_counts(engine)
    assert after["import_runs"] == before["import_runs"] + 1
    assert after["import_run_files"] == before["import_run_files"] + 1
    assert {k: v for k, v in after.items() if k not in ops.AUDIT_TABLES} == {
        k: v for k, v in before.items() if k not in ops.AUDIT_TABLES
    }
    assert _only_outcome(engine, _runs(engine)[-1].id) == "rejected"


def test_dry_runs_are_not_recorded_and_all_or_nothing_is(engine, db_url, run_cli, tmp_path):
    folder = _folder(tmp_path)
    dry = run_cli("--db", db_url, "import", str(folder), "--dry-run", "--format", "json")
    assert json.loads(dry.stdout)["dry_run"] is True
    assert _runs(engine) == []

    assert run_cli("--db", db_url, "import", str(folder), "--all-or-nothing").exit_code == 1
    [run] = _runs(engine)
    outcomes = {name: o for name, (o, _, _) in _files(engine, run.id).items()}
    assert outcomes == {
        "chad-2024.xlsx": "rolled-back",
        "lao-2023.xlsx": "rolled-back",
        "atlantis-2024.xlsx": "rejected",
    }
    assert ops.table_counts(engine)["source_files"] == 0


def test_each_version_names_the_run_and_user_that_brought_it(engine, db_url, run_cli, tmp_path):
    first, second = tmp_path / "v1.xlsx", tmp_path / "v2.xlsx"
    build_report(first, state="Chad", year=2024)
    build_report(second, state="Chad", year=2024, cover_overrides={"submitted_on": "2025-06-01"})
    assert run_cli("--db", db_url, "import", str(first)).exit_code == 0
    assert run_cli("--db", db_url, "import", str(second)).exit_code == 0
    again = run_cli("--db", db_url, "import", str(first), "--format", "json")
    assert json.loads(again.stdout)["files"][0]["outcome"] == "unchanged"

    runs = _runs(engine)
    assert len(runs) == 3
    assert _only_outcome(engine, runs[1].id) == "revision"
    assert _only_outcome(engine, runs[2].id) == "unchanged"
    with engine.connect() as conn:
        query = select(SourceFile.file_name, ImportRun.os_user).join(
            ImportRun, ImportRun.id == SourceFile.import_run_id
        )
        brought = {name: user for name, user in conn.execute(query)}
    assert brought == {"v1.xlsx": getpass.getuser(), "v2.xlsx": getpass.getuser()}
    with engine.connect() as conn:
        query = select(SourceFile.file_name, SourceFile.import_run_id)
        run_of = {name: rid for name, rid in conn.execute(query)}
    assert run_of == {"v1.xlsx": runs[0].id, "v2.xlsx": runs[1].id}  # not the unchanged re-run

    listed = run_cli("--db", db_url, "reports", "list").stdout.splitlines()
    who = f"{getpass.getuser()}@{socket.gethostname()}"
    assert listed[0] == "TCD 2024 annual: 2 versions"
    assert [
        (line.split()[0], line.split()[-2], Path(line.split()[-1]).name) for line in listed[1:]
    ] == [
        ("current", who, "v2.xlsx"),
        ("superseded", who, "v1.xlsx"),
    ]
