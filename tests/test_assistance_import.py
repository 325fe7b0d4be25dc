"""``tracker assistance import|withdraw|reinstate``: flow files from other sources in the store.

Good files are stored once per SHA-256 (one transaction each, ``--dry-run`` stores nothing);
every bad input of issue 18 is rejected with its pointer and leaves the store as it was.
"""

from __future__ import annotations

import json

from sqlalchemy import func, select

from tracker.db import transaction
from tracker.models import AuditEvent, Flow, FlowFile, ImportRunFile

HEADER = "donor,recipient,year,area,amount,currency,type,source\n"
EU = HEADER + "European Union,Peru,2019,stockpile destruction,300000,EUR,disbursement,EU report\n"


def counts(engine) -> tuple[int, int]:
    with transaction(engine) as s:
        return (
            s.scalar(select(func.count()).select_from(Flow)) or 0,
            s.scalar(select(func.count()).select_from(FlowFile)) or 0,
        )


def write(tmp_path, name: str, text: str | bytes):
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_a_file_is_stored_once_and_listed(engine, run_cli, db_url, tmp_path):
    path = write(tmp_path, "eu.csv", EU)
    out = run_cli("--db", db_url, "assistance", "import", str(path))
    assert out.exit_code == 0, out.stderr
    assert out.stdout.splitlines()[0].split() == ["imported", str(path), "(1", "row)"]
    assert counts(engine) == (1, 1)
    again = run_cli("--db", db_url, "assistance", "import", str(path), "--format", "json")
    document = json.loads(again.stdout)
    assert document["files"][0]["outcome"] == "unchanged"
    assert document["summary"]["unchanged"] == 1
    assert counts(engine) == (1, 1)
    listed = run_cli(
        "--db", db_url, "assistance", "list", "--side", "other_source", "--format", "csv"
    )
    assert "European Union" in listed.stdout and "eu.csv" in listed.stdout
    with transaction(engine) as s:  # the run is in the audit trail (tracker reports history)
        outcomes = s.scalars(select(ImportRunFile.outcome)).all()
    assert sorted(outcomes) == ["imported", "unchanged"]


def test_dry_run_stores_nothing(engine, run_cli, db_url, tmp_path):
    path = write(tmp_path, "eu.csv", EU)
    out = run_cli("--db", db_url, "assistance", "import", str(path), "--dry-run")
    assert out.exit_code == 0
    assert out.stdout.startswith("imported")
    assert "dry run: nothing was written to the store" in out.stderr
    assert counts(engine) == (0, 0)


def test_source_fills_blank_source_cells(engine, run_cli, db_url, tmp_path):
    path = write(tmp_path, "m.csv", HEADER + "Norway,Lao PDR,2023,clearance,5,NOK,disbursement,\n")
    out = run_cli("--db", db_url, "assistance", "import", str(path), "--source", "Monitor 2024")
    assert out.exit_code == 0, out.stdout + out.stderr
    with transaction(engine) as s:
        assert s.scalars(select(Flow.source)).all() == ["Monitor 2024"]


def _rejected(run_cli, db_url, engine, path) -> str:
    write_before = counts(engine)
    out = run_cli("--db", db_url, "assistance", "import", str(path))
    assert out.exit_code == 1
    assert out.stdout.startswith("rejected")
    assert counts(engine) == write_before  # the store is left exactly as it was
    return out.stdout


def test_unknown_recipient_with_did_you_mean(engine, run_cli, db_url, tmp_path):
    path = write(tmp_path, "m.csv", EU + "Norway,Laoss,2023,clearance,5,NOK,disbursement,x\n")
    text = _rejected(run_cli, db_url, engine, path)
    assert (
        "m.csv: row 3, recipient (B3): error unknown-recipient: unknown recipient 'Laoss': did "
        "you mean 'Lao People's Democratic Republic'" in text
    )


def test_amount_without_currency_or_type(engine, run_cli, db_url, tmp_path):
    path = write(
        tmp_path,
        "m.csv",
        HEADER
        + "Norway,Lao PDR,2023,clearance,5,,disbursement,x\n"
        + "Norway,Lao PDR,2023,clearance,5,NOK,,x\n",
    )
    text = _rejected(run_cli, db_url, engine, path)
    assert "m.csv: row 2, currency (F2): error missing-currency:" in text
    assert "m.csv: row 3, type (G3): error missing-flow-type: an amount needs its type" in text


def test_a_state_reporting_assistance_to_itself_is_not_read(engine, run_cli, db_url, tmp_path):
    path = write(tmp_path, "m.csv", EU + "Norway,Norway,2023,clearance,5,NOK,disbursement,x\n")
    out = run_cli("--db", db_url, "assistance", "import", str(path))
    assert "m.csv: row 3, recipient (B3): warning self-assistance:" in out.stdout
    assert counts(engine) == (1, 1)  # the file is stored without that row
    with transaction(engine) as s:
        assert s.scalars(select(Flow.donor_iso3)).all() == [None]


def test_a_file_not_utf8_or_without_header(engine, run_cli, db_url, tmp_path):
    latin = write(tmp_path, "latin.csv", EU.replace("Peru", "Pérou").encode("latin-1"))
    text = _rejected(run_cli, db_url, engine, latin)
    assert "latin.csv: error bad-encoding: the file is not UTF-8 text (byte 0xE9 on line 2)" in text
    bare = write(tmp_path, "bare.csv", "a,b\n1,2\n")
    text = _rejected(run_cli, db_url, engine, bare)
    assert "bare.csv: error not-a-flow-file: no row holds the headers Donor, Recipient" in text


def test_one_bad_file_does_not_stop_a_good_one(engine, run_cli, db_url, tmp_path):
    good = write(tmp_path, "eu.csv", EU)
    bad = write(tmp_path, "bad.csv", HEADER + "Norway,Laoss,2023,clearance,5,NOK,disbursement,x\n")
    out = run_cli("--db", db_url, "assistance", "import", str(bad), str(good), "--format", "json")
    assert out.exit_code == 1
    document = json.loads(out.stdout)
    assert [f["outcome"] for f in document["files"]] == ["rejected", "imported"]
    issue = document["files"][0]["issues"][0]
    assert (issue["code"], issue["row"], issue["column"]) == ("unknown-recipient", 2, "B")
    assert counts(engine) == (1, 1)


def test_a_row_of_another_stored_file_is_noted_as_a_restatement(engine, run_cli, db_url, tmp_path):
    run_cli("--db", db_url, "assistance", "import", str(write(tmp_path, "eu.csv", EU)))
    later = write(tmp_path, "eu-2.csv", EU + "Norway,Chad,2023,other,5,NOK,commitment,x\n")
    out = run_cli("--db", db_url, "assistance", "import", str(later))
    assert out.exit_code == 0
    assert "eu-2.csv: row 2: info duplicate-flow: this row equals row 2 of eu.csv" in out.stdout
    listed = run_cli("--db", db_url, "assistance", "list", "--format", "json")
    peru = [f for f in json.loads(listed.stdout)["flows"] if f["recipient"] == "PER"]
    assert len(peru) == 1  # counted once, cited at one file, the other in also_in
    assert len(peru[0]["also_in"]) == 1


def test_withdraw_and_reinstate_with_a_reason(engine, run_cli, db_url, tmp_path):
    path = write(tmp_path, "eu.csv", EU)
    run_cli("--db", db_url, "assistance", "import", str(path))
    with transaction(engine) as s:
        sha = s.scalar(select(FlowFile.sha256))
    assert sha is not None
    missing = run_cli("--db", db_url, "assistance", "withdraw", sha[:10])
    assert missing.exit_code == 2  # --reason is required
    blank = run_cli("--db", db_url, "assistance", "withdraw", sha[:10], "--reason", " ")
    assert blank.exit_code == 2 and "--reason is blank" in blank.stderr
    out = run_cli("--db", db_url, "assistance", "withdraw", sha[:10], "--reason", "superseded")
    assert out.exit_code == 0, out.stderr
    assert out.stdout.startswith(f"withdrawn: eu.csv ({sha[:12]}), 1 flow")
    listed = run_cli("--db", db_url, "assistance", "list", "--format", "json")
    assert json.loads(listed.stdout)["count"] == 0
    twice = run_cli("--db", db_url, "assistance", "withdraw", sha, "--reason", "again")
    assert "was withdrawn already: nothing changed" in twice.stdout
    back = run_cli("--db", db_url, "assistance", "reinstate", sha[:10], "--reason", "mistake")
    assert back.exit_code == 0
    listed = run_cli("--db", db_url, "assistance", "list", "--format", "json")
    assert json.loads(listed.stdout)["count"] == 1
    with transaction(engine) as s:
        events = s.execute(select(AuditEvent.action, AuditEvent.subject, AuditEvent.reason)).all()
    assert [tuple(e) for e in events] == [
        ("withdraw", sha, "superseded"),
        ("reinstate", sha, "mistake"),
    ]
    unknown = run_cli("--db", db_url, "assistance", "withdraw", "0" * 12, "--reason", "x")
    assert unknown.exit_code == 1 and "no stored flow file" in unknown.stderr


def test_a_row_the_database_refuses_rejects_the_whole_file(engine, tmp_path):
    from tracker.ingest.flowfile import read_flow_file
    from tracker.services.assistance import import_flow_files

    path = write(tmp_path, "m.csv", EU + "Norway,Lao PDR,2023,clearance,5,NOK,disbursement,x\n")
    parsed = read_flow_file(path)
    assert parsed.ok
    parsed.rows[1]["year"] = 1800  # past the reader: the store's year_plausible check refuses it
    done = import_flow_files(engine, [path], read=lambda _: parsed)
    (result,) = done.files
    assert result.outcome.value == "rejected"
    assert [i.code for i in result.issues] == ["store-refused"]
    assert done.exit_code == 1
    assert counts(engine) == (0, 0)  # nothing of the file, not even its first row
