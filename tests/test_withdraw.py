"""Withdrawing and reinstating a stored file: a reason, the audit trail, every report of the file.

Finding 7 of issue 13: ``reports withdraw`` took no reason, could not be undone and was not in
the audit trail, and re-importing the file said only ``unchanged``.
"""

from __future__ import annotations

import datetime as dt
import getpass
import shlex
import socket

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.parsed_fakes import FakeReader, report
from tracker.errors import UsageError
from tracker.models import AuditEvent, Report, SourceFile
from tracker.models.enums import Channel
from tracker.services import reports as reports_service
from tracker.services.imports import import_paths
from tracker.services.reports import reinstate, withdraw


def sha_of(engine, name):
    with engine.connect() as conn:
        return conn.execute(
            select(SourceFile.sha256).where(SourceFile.file_name == name)
        ).scalar_one()


def flags(engine):
    """(file name, source row) -> (current, withdrawn) for every stored report."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                SourceFile.file_name, Report.source_row, Report.is_current, Report.is_withdrawn
            ).join(SourceFile)
        )
        return {(name, row): (bool(cur), bool(wd)) for name, row, cur, wd in rows}


def events(engine):
    with engine.connect() as conn:
        return conn.execute(select(AuditEvent).order_by(AuditEvent.id)).all()


@pytest.fixture
def two_versions(engine, tmp_path):
    reader = FakeReader(tmp_path)
    reader.add("in/early.xlsx", report(submitted=dt.date(2025, 3, 1)))
    reader.add("in/late.xlsx", report(submitted=dt.date(2025, 6, 1)))
    import_paths(engine, [tmp_path / "in"], reader=reader)
    return reader


@pytest.fixture
def matrix(engine, tmp_path):
    """A matrix file of three reports (two States), and a workbook for one of them."""
    reader = FakeReader(tmp_path)
    rows = [
        report("LAO", 2015, channel=Channel.MATRIX, row=2),
        report("LAO", 2016, channel=Channel.MATRIX, row=3),
        report("TCD", 2016, channel=Channel.MATRIX, row=4),
    ]
    reader.add("m/matrix.xlsx", *rows, kind="matrix")
    import_paths(engine, [tmp_path / "m"], reader=reader)
    return reader


def test_reason_is_required_and_may_not_be_blank(engine, db_url, run_cli, two_versions):
    late = sha_of(engine, "late.xlsx")
    missing = run_cli("--db", db_url, "reports", "withdraw", late)
    assert missing.exit_code == 2 and "--reason" in missing.stderr
    blank = run_cli("--db", db_url, "reports", "withdraw", late, "--reason", "  ")
    assert blank.exit_code == 2
    assert blank.stderr.strip() == (
        "error: --reason is blank: say why in a few words (it goes into the audit trail), "
        'e.g. --reason "duplicate of the revised report"'
    )
    assert run_cli("--db", db_url, "reports", "reinstate", late).exit_code == 2
    assert flags(engine)[("late.xlsx", 0)] == (True, False)  # nothing changed
    assert events(engine) == []


def test_withdraw_then_reinstate_recomputes_the_current_version_and_audits_both(
    engine, db_url, run_cli, two_versions
):
    late = sha_of(engine, "late.xlsx")
    folder = two_versions.folder
    out = run_cli("--db", db_url, "reports", "withdraw", late[:8], "--reason", "typed year")
    assert out.exit_code == 0, out.stderr
    assert flags(engine)[("late.xlsx", 0)] == (False, True)
    assert flags(engine)[("early.xlsx", 0)] == (True, False)

    back = run_cli("--db", db_url, "reports", "reinstate", late[:8], "--reason", "it was right")
    assert back.exit_code == 0, back.stderr
    assert back.stdout.splitlines() == [
        f"reinstated: {folder / 'in/late.xlsx'} ({late[:12]}), 1 report",
        f"  LAO 2024 annual: current now {folder / 'in/late.xlsx'}",
    ]
    assert flags(engine)[("late.xlsx", 0)] == (True, False)  # the rule, not the order
    assert flags(engine)[("early.xlsx", 0)] == (False, False)
    with engine.connect() as conn:
        assert (
            conn.scalar(
                select(Report.withdrawn_at).join(SourceFile).where(SourceFile.sha256 == late)
            )
            is None
        )

    trail = events(engine)
    assert [(e.action, e.subject, e.reason) for e in trail] == [
        ("withdraw", late, "typed year"),
        ("reinstate", late, "it was right"),
    ]
    for e in trail:
        assert (e.os_user, e.host) == (getpass.getuser(), socket.gethostname())
        assert e.at is not None and e.tracker_version
    assert trail[0].detail == f"1 report of {folder / 'in/late.xlsx'} withdrawn: LAO 2024 annual"
    assert trail[1].detail == f"1 report of {folder / 'in/late.xlsx'} reinstated: LAO 2024 annual"

    lao = run_cli("--db", db_url, "reports", "history", "--state", "Laos").stdout.splitlines()
    events_shown = [line for line in lao if f": {late}" in line]
    assert [line.split()[3] for line in events_shown] == ["reinstate", "withdraw"]  # newest first
    assert "  reason: it was right" in lao and "  reason: typed year" in lao
    chad = run_cli("--db", db_url, "reports", "history", "--state", "TCD").stdout
    assert late not in chad

    again = run_cli("--db", db_url, "reports", "reinstate", late, "--reason", "twice")
    assert again.exit_code == 0
    assert again.stdout.strip() == (
        f"{folder / 'in/late.xlsx'} ({late[:12]}) is not withdrawn: nothing changed"
    )
    assert len(events(engine)) == 2  # nothing changed, nothing recorded


def test_a_matrix_file_is_withdrawn_and_reinstated_whole(engine, db_url, run_cli, matrix):
    sha = sha_of(engine, "matrix.xlsx")
    out = run_cli("--db", db_url, "reports", "withdraw", sha[:9], "--reason", "old tracker")
    assert out.exit_code == 0, out.stderr
    assert out.stdout.splitlines()[0].endswith(f"({sha[:12]}), 3 reports")
    assert sorted(out.stdout.splitlines()[1:]) == [
        "  LAO 2015 annual: no current version left",
        "  LAO 2016 annual: no current version left",
        "  TCD 2016 annual: no current version left",
    ]
    assert set(flags(engine).values()) == {(False, True)}
    assert events(engine)[-1].detail.startswith("3 reports of ")

    back = run_cli("--db", db_url, "reports", "reinstate", sha, "--reason", "needed")
    assert back.exit_code == 0, back.stderr
    assert set(flags(engine).values()) == {(True, False)}
    assert back.stdout.splitlines()[0].endswith("3 reports")


def test_the_event_is_in_the_same_transaction_as_the_change(engine, monkeypatch, two_versions):
    late = sha_of(engine, "late.xlsx")

    def broken(*args, **kwargs):
        raise RuntimeError("audit trail unavailable")

    monkeypatch.setattr(reports_service, "record_event", broken)
    with pytest.raises(RuntimeError), Session(engine) as s, s.begin():
        withdraw(s, late, reason="x")
    assert flags(engine)[("late.xlsx", 0)] == (True, False)


def test_short_or_ambiguous_prefixes_are_refused_by_reinstate_too(engine, db_url, run_cli):
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
    short = run_cli("--db", db_url, "reports", "reinstate", "abcdef0", "--reason", "x")
    assert short.exit_code == 2 and "first 8 or more" in short.stderr
    both = run_cli("--db", db_url, "reports", "reinstate", "abcdef01", "--reason", "x")
    assert both.exit_code == 1
    assert "matches more than one stored file" in both.stderr
    assert len(both.stderr.strip().splitlines()) == 1
    with Session(engine) as s, pytest.raises(UsageError):
        reinstate(s, "abcdef011", reason="")


def test_reimporting_a_withdrawn_file_stays_withdrawn_and_says_how_to_reinstate(
    engine, db_url, run_cli, two_versions
):
    late = sha_of(engine, "late.xlsx")
    path = two_versions.folder / "in" / "late.xlsx"
    assert run_cli("--db", db_url, "reports", "withdraw", late, "--reason", "typo").exit_code == 0

    again = import_paths(engine, [path], reader=two_versions)
    result = again.files[0]
    assert result.outcome.value == "unchanged"
    assert [(i.code, i.severity.value) for i in result.issues] == [("stays-withdrawn", "info")]
    message = result.issues[0].message
    assert message.startswith(
        f"this file is stored already and was withdrawn by {getpass.getuser()}@"
        f"{socket.gethostname()} on "
    )
    assert "(reason: typo): it stays withdrawn and is not counted; to count it again run: " in (
        message
    )
    command = message.rsplit("run: ", 1)[1]
    assert command == f"tracker reports reinstate {late} --reason 'why it counts again'"
    assert flags(engine)[("late.xlsx", 0)] == (False, True)


def test_the_printed_reinstate_command_works_as_printed(engine, db_url, run_cli, tmp_path):
    from tests.workbooks import build_report

    (tmp_path / "in").mkdir()
    built = build_report(tmp_path / "in" / "chad.xlsx", state="Chad", year=2024)
    first = run_cli("--db", db_url, "import", str(built.path), "--jobs", "0")
    assert first.exit_code == 0, first.stdout + first.stderr
    sha = sha_of(engine, "chad.xlsx")
    assert run_cli("--db", db_url, "reports", "withdraw", sha, "--reason", "x").exit_code == 0

    again = run_cli("--db", db_url, "import", str(built.path), "--jobs", "0")
    assert again.exit_code == 0 and again.stdout.startswith("unchanged")
    printed = next(line for line in again.stdout.splitlines() if "stays-withdrawn" in line)
    assert printed.startswith(f"{built.path}: info stays-withdrawn: ")
    words = shlex.split(printed.rsplit("run: ", 1)[1])
    # The --db of the import that printed it is repeated, so the command acts on this store.
    assert words[:6] == ["tracker", "--db", db_url, "reports", "reinstate", sha]
    rerun = run_cli(*words[1:])
    assert rerun.exit_code == 0, rerun.stderr
    assert flags(engine)[("chad.xlsx", 0)] == (True, False)
    assert events(engine)[-1].reason == "why it counts again"


def test_a_file_never_withdrawn_is_just_unchanged(engine, two_versions):
    path = two_versions.folder / "in" / "late.xlsx"
    again = import_paths(engine, [path], reader=two_versions)
    assert again.files[0].outcome.value == "unchanged" and again.files[0].issues == []
