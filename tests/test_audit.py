"""The audit trail: import runs recorded in their own transactions, listed by reports history."""

from __future__ import annotations

from sqlalchemy import func, select

from tracker.models import ImportRun, ImportRunFile
from tracker.services.audit import FileOutcome, finish_run, record_files, start_run


def test_runs_and_files_are_recorded_and_listed(engine, db_url, run_cli):
    run_id = start_run(engine, "tracker import imports/samples")
    record_files(
        engine,
        run_id,
        [
            FileOutcome("a/TCD-2024.xlsx", "ab" * 32, "imported", "TCD", 2024),
            FileOutcome("a/bad.xlsx", None, "rejected", None, None, errors=2),
        ],
    )
    finish_run(engine, run_id)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(ImportRunFile)).scalar_one() == 2
        run = conn.execute(select(ImportRun)).one()
    assert run.finished_at is not None and run.os_user and run.host

    listed = run_cli("--db", db_url, "reports", "history")
    assert listed.exit_code == 0, listed.stderr
    assert f"run {run_id}:" in listed.stdout
    assert "imported    a/TCD-2024.xlsx TCD 2024 abababababab" in listed.stdout
    assert "rejected    a/bad.xlsx" in listed.stdout

    chad = run_cli("--db", db_url, "reports", "history", "--state", "Tchad")
    assert "a/TCD-2024.xlsx" in chad.stdout and "bad.xlsx" not in chad.stdout
    nobody = run_cli("--db", db_url, "reports", "history", "--state", "Niger")
    assert nobody.stdout.strip() == "no import runs recorded for NER"


def test_unknown_state_is_one_clear_line(engine, db_url, run_cli):
    result = run_cli("--db", db_url, "reports", "history", "--state", "Atlantis")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: unknown State 'Atlantis'")
    assert len(result.stderr.strip().splitlines()) == 1
