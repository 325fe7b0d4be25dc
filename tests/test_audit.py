"""The audit trail: import runs recorded in their own transactions, listed by reports history."""

from __future__ import annotations

import getpass
import socket

from sqlalchemy import func, select

from tracker import __version__
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
    assert nobody.stdout.strip() == "no import runs or other changes recorded for NER"


def test_unknown_state_is_one_clear_line(engine, db_url, run_cli):
    result = run_cli("--db", db_url, "reports", "history", "--state", "Atlantis")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: unknown State 'Atlantis'")
    assert len(result.stderr.strip().splitlines()) == 1


def test_history_lists_runs_and_events_newest_first(engine, db_url, run_cli, monkeypatch):
    import datetime as dt
    import json

    from sqlalchemy.orm import Session

    from tracker import clock
    from tracker.services.audit import record_event

    moments = iter(dt.datetime(2026, 1, day, 9, 30, tzinfo=dt.UTC) for day in (5, 6, 7, 8, 9))
    monkeypatch.setattr(clock, "now", lambda: next(moments))
    run_id = start_run(engine, "tracker import in/")  # 5 January
    record_files(
        engine, run_id, [FileOutcome("in/TCD-2024.xlsx", "cd" * 32, "imported", "TCD", 2024)]
    )
    finish_run(engine, run_id)  # record_files took the 6th, finish_run the 7th
    with Session(engine) as s, s.begin():
        # Another branch's kind of event: shown generically, whatever its action.
        record_event(s, "extensions-import", "TCD 4 2019-09-04", reason=None, detail="1 decision")
    with Session(engine) as s, s.begin():
        record_event(s, "withdraw", "ab" * 32, reason="duplicate", detail="1 report of x.xlsx")

    listed = run_cli("--db", db_url, "reports", "history")
    assert listed.exit_code == 0, listed.stderr
    lines = listed.stdout.splitlines()
    who = f"{getpass.getuser()}@{socket.gethostname()}"
    headings = [line for line in lines if not line.startswith(" ")]
    assert headings == [
        f"2026-01-09 09:30:00 UTC withdraw by {who}: {'ab' * 32}",
        f"2026-01-08 09:30:00 UTC extensions-import by {who}: TCD 4 2019-09-04",
        f"run {run_id}: 2026-01-05 09:30:00 UTC by {who} (tracker {__version__}): tracker import in/",
    ]
    assert "  reason: duplicate" in lines and "  detail: 1 report of x.xlsx" in lines

    chad = run_cli("--db", db_url, "reports", "history", "--state", "TCD").stdout
    assert "extensions-import" in chad and "withdraw" not in chad and f"run {run_id}" in chad

    data = json.loads(run_cli("--db", db_url, "reports", "history", "--format", "json").stdout)
    kinds = [(e["kind"], e.get("action")) for e in data["history"]]
    assert kinds == [("event", "withdraw"), ("event", "extensions-import"), ("import", None)]
    event = data["history"][0]
    assert event == {
        "kind": "event",
        "id": event["id"],
        "at": "2026-01-09T09:30:00+00:00",
        "action": "withdraw",
        "subject": "ab" * 32,
        "reason": "duplicate",
        "detail": "1 report of x.xlsx",
        "os_user": getpass.getuser(),
        "host": socket.gethostname(),
        "app_user": None,
        "tracker_version": __version__,
    }
    run = data["history"][2]
    assert run["id"] == run_id and run["at"] == "2026-01-05T09:30:00+00:00"
    assert run["arguments"] == "tracker import in/" and run["finished_at"] is not None
    assert run["files"] == [
        {
            "path": "in/TCD-2024.xlsx",
            "sha256": "cd" * 32,
            "outcome": "imported",
            "state": "TCD",
            "reporting_year": 2024,
            "errors": 0,
            "warnings": 0,
        }
    ]


def test_history_of_an_empty_store(engine, db_url, run_cli):
    import json

    text = run_cli("--db", db_url, "reports", "history")
    assert (text.exit_code, text.stdout.strip()) == (0, "no import runs or other changes recorded")
    data = json.loads(run_cli("--db", db_url, "reports", "history", "--format", "json").stdout)
    assert data == {"history": []}
