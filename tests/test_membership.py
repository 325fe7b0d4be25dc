"""Entry into force, status on a date, and the membership import."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from tracker.membership import MemberStatus, entry_into_force, is_party_on, status_on
from tracker.models import Membership

D = dt.date


@pytest.mark.parametrize(
    ("deposited", "in_force"),
    [
        (D(2009, 7, 8), D(2010, 8, 1)),  # Germany: before the Convention's own entry into force
        (D(2010, 2, 16), D(2010, 8, 1)),  # the 30th deposit
        (D(2012, 7, 17), D(2013, 1, 1)),  # across a year end
        (D(2018, 3, 1), D(2018, 9, 1)),
        (D(2023, 8, 3), D(2024, 2, 1)),
        (D(2010, 7, 31), D(2011, 1, 1)),
        (D(2025, 9, 30), D(2026, 3, 1)),
    ],
)
def test_entry_into_force_rule(deposited, in_force):
    assert entry_into_force(deposited) == in_force


def test_status_on_a_date():
    kw = {"has_record": True, "deposited": D(2023, 8, 3), "entry_into_force": D(2024, 2, 1)}
    assert (
        status_on(D(2024, 1, 31), withdrawal_effective=None, **kw) is MemberStatus.NOT_YET_IN_FORCE
    )
    assert status_on(D(2024, 2, 1), withdrawal_effective=None, **kw) is MemberStatus.STATE_PARTY
    assert (
        status_on(D(2025, 3, 6), withdrawal_effective=D(2025, 3, 6), **kw) is MemberStatus.WITHDRAWN
    )
    assert (
        status_on(D(2025, 3, 5), withdrawal_effective=D(2025, 3, 6), **kw)
        is MemberStatus.STATE_PARTY
    )
    none = {"deposited": None, "entry_into_force": None}
    assert (
        status_on(D(2025, 1, 1), has_record=True, withdrawal_effective=None, **none)
        is MemberStatus.SIGNATORY
    )
    assert (
        status_on(D(2024, 1, 1), has_record=True, withdrawal_effective=D(2025, 3, 6), **none)
        is MemberStatus.UNKNOWN
    )
    assert (
        status_on(D(2025, 1, 1), has_record=False, withdrawal_effective=None, **none)
        is MemberStatus.UNKNOWN
    )
    assert is_party_on(D(2024, 12, 31), D(2024, 2, 1), None)
    assert not is_party_on(D(2025, 12, 31), D(2011, 3, 1), D(2025, 3, 6))


GOOD = """state,signed,deposited,deposit_type,withdrawal_effective,source
Germany,2008-12-03,2009-07-08,ratification,,UNTC
Lao PDR,,2009-03-18,ratification,,news
Angola,2008-12-03,,,,signatory
Lithuania,,,,2025-03-06,withdrawal
"""


def _count(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(Membership)).scalar_one()


def test_import_computes_entry_into_force(engine, db_url, run_cli, tmp_path):
    path = tmp_path / "members.csv"
    path.write_text("\ufeff" + GOOD, encoding="utf-8")
    result = run_cli("--db", db_url, "states", "import", str(path))
    assert result.exit_code == 0, result.stderr
    assert "4 States imported" in result.stdout
    assert "unknown-entry-into-force" in result.stderr  # Lithuania, a warning only
    with engine.connect() as conn:
        rows = {m.iso3: m for m in conn.execute(select(Membership))}
    assert rows["DEU"].entry_into_force == D(2010, 8, 1)
    assert rows["LAO"].entry_into_force == D(2010, 8, 1)
    assert rows["AGO"].deposited is None
    listed = run_cli("--db", db_url, "states", "list", "--on", "2024-06-01")
    assert "Angola" in listed.stdout and "signatory" in listed.stdout
    parties = run_cli("--db", db_url, "states", "list", "--parties-on", "2025-12-31")
    assert "Germany" in parties.stdout and "Angola" not in parties.stdout
    assert "Lithuania" not in parties.stdout
    assert "2 States Parties on 2025-12-31" in parties.stdout


def test_semicolons_and_replace(engine, db_url, run_cli, tmp_path):
    first = tmp_path / "a.csv"
    first.write_text(GOOD, encoding="utf-8")
    assert run_cli("--db", db_url, "states", "import", str(first)).exit_code == 0
    second = tmp_path / "b.csv"
    second.write_text(
        "State;Signed;Deposited;Deposit-type;Withdrawal_effective\nChad;;26/03/2013;ratification;\n",
        encoding="utf-8",
    )
    assert run_cli("--db", db_url, "states", "import", str(second)).exit_code == 0
    assert _count(engine) == 5
    assert run_cli("--db", db_url, "states", "import", str(second), "--replace").exit_code == 0
    assert _count(engine) == 1


def test_bad_rows_are_rejected_with_the_row_and_nothing_is_written(
    engine, db_url, run_cli, tmp_path
):
    path = tmp_path / "bad.csv"
    path.write_text(
        "state,signed,deposited,deposit_type,withdrawal_effective\n"
        "Germany,2008-12-03,2009-07-08,ratification,\n"
        "Atlantis,,2010-01-01,ratification,\n"
        "France,2008-12-03,31/02/2009,ratification,\n"
        "Chad,,2013-03-26,signature,\n",
        encoding="utf-8",
    )
    result = run_cli("--db", db_url, "states", "import", str(path))
    assert result.exit_code == 1
    assert "bad.csv: csv!A3: error unknown-state: unknown State 'Atlantis'" in result.stderr
    assert "bad.csv: csv!C4: error bad-date:" in result.stderr
    assert "csv!D5: error bad-deposit-type" in result.stderr
    assert "nothing imported" in result.stderr
    assert _count(engine) == 0


def test_missing_column_is_an_error(engine, db_url, run_cli, tmp_path):
    path = tmp_path / "cols.csv"
    path.write_text("state,deposited\nGermany,2009-07-08\n", encoding="utf-8")
    result = run_cli("--db", db_url, "states", "import", str(path))
    assert result.exit_code == 1
    assert "missing-column: missing columns 'Signed'" in result.stderr
    assert _count(engine) == 0


def test_one_missing_column_is_named_in_the_singular(engine, db_url, run_cli, tmp_path):
    path = tmp_path / "cols.csv"
    path.write_text(
        "state,signed,deposited,deposit type\nGermany,2008-12-03,2009-07-08,ratification\n",
        encoding="utf-8",
    )
    result = run_cli("--db", db_url, "states", "import", str(path))
    assert result.exit_code == 1
    assert "missing column 'Withdrawal effective': the header row needs" in result.stderr
    assert _count(engine) == 0


def test_workbook_membership_list(engine, db_url, run_cli, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["State", "Signed", "Deposited", "Deposit type", "Withdrawal effective", "Notes"])
    ws.append(["South Sudan", None, dt.datetime(2023, 8, 3), "accession", None, "x"])
    path = tmp_path / "members.xlsx"
    wb.save(path)
    result = run_cli("--db", db_url, "states", "import", str(path))
    assert result.exit_code == 0, result.stderr
    assert "unknown-column" in result.stderr
    with engine.connect() as conn:
        m = conn.execute(select(Membership)).one()
    assert m.entry_into_force == D(2024, 2, 1)


def test_the_bundled_list_reads_cleanly_every_name_resolving_every_row_sourced():
    from tracker.ingest.membership import read_bundled_membership

    parsed = read_bundled_membership()
    assert parsed.ok and parsed.issues == []  # every State name resolves, every date parses
    assert len(parsed.rows) == 125 and len({r.iso3 for r in parsed.rows}) == 125
    assert all(r.source for r in parsed.rows)


def test_the_partial_list_left_the_package():
    from importlib import resources

    files = {f.name for f in resources.files("tracker.data").iterdir()}
    assert "ccm-membership.csv" in files and "ccm-membership-partial.csv" not in files


# The counts ``shared/data/README.md`` and ``shared/domain.md`` state for the list: 125 rows,
# 112 States Parties by deposit (Vanuatu the latest, in force 1 March 2026), Lithuania withdrawn
# on 6 March 2025, 12 signatories; by entry into force 110 States Parties in 2021-22 and 111 on
# 31 December 2025.
@pytest.mark.parametrize(
    ("day", "parties"),
    [
        ("2021-12-31", 110),
        ("2022-12-31", 110),
        ("2025-03-05", 112),  # Nigeria and South Sudan in, Lithuania not yet out
        ("2025-03-06", 111),  # Lithuania's withdrawal takes effect
        ("2025-12-31", 111),
        ("2026-02-28", 111),
        ("2026-03-01", 112),  # Vanuatu
    ],
)
def test_bundled_counts_of_states_parties(sqlite_engine, day, parties):
    from sqlalchemy.orm import Session

    from tracker.ingest.membership import read_bundled_membership
    from tracker.services.membership import apply_membership, list_states

    with Session(sqlite_engine) as s, s.begin():
        apply_membership(s, read_bundled_membership(), replace=False)
    with Session(sqlite_engine) as s:
        found = list_states(s, D.fromisoformat(day), parties_only=True)
    assert len(found) == parties


def test_states_import_bundled(engine, db_url, run_cli):
    import json

    result = run_cli("--db", db_url, "states", "import", "--bundled")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "125 States imported from the list shipped with the tracker"
    assert result.stderr == ""
    assert _count(engine) == 125

    parties = run_cli("--db", db_url, "states", "list", "--parties-on", "2025-12-31")
    assert parties.stdout.splitlines()[-1] == "111 States Parties on 2025-12-31"
    assert "Lithuania" not in parties.stdout and "Vanuatu" not in parties.stdout

    day = json.loads(
        run_cli("--db", db_url, "states", "list", "--on", "2026-03-01", "--format", "json").stdout
    )
    statuses: dict[str, int] = {}
    for row in day["states"]:
        statuses[row["status"]] = statuses.get(row["status"], 0) + 1
    assert statuses == {"State Party": 112, "withdrawn": 1, "signatory": 12}
    lithuania = next(r for r in day["states"] if r["iso3"] == "LTU")
    assert lithuania["withdrawal_effective"] == "2025-03-06" and lithuania["source"]

    again = run_cli("--db", db_url, "states", "import", "--bundled")  # idempotent
    assert again.exit_code == 0 and _count(engine) == 125


def test_states_import_needs_a_file_or_bundled_not_both(engine, db_url, run_cli, tmp_path):
    path = tmp_path / "members.csv"
    path.write_text(GOOD, encoding="utf-8")
    for args in ([], [str(path), "--bundled"]):
        result = run_cli("--db", db_url, "states", "import", *args)
        assert result.exit_code == 2
        assert result.stderr.strip() == (
            "error: give either a membership file or --bundled (the list shipped with the tracker)"
        )
    assert _count(engine) == 0


def test_a_state_without_standing_yet_is_not_listed(engine, db_url, run_cli):
    """Before its deposit a State that signed is a signatory; one that acceded, nothing yet."""
    assert run_cli("--db", db_url, "states", "import", "--bundled").exit_code == 0
    listed = run_cli("--db", db_url, "states", "list", "--on", "2021-12-31").stdout
    nigeria = next(line for line in listed.splitlines() if line.startswith("NGA "))
    assert nigeria.split()[-1] == "signatory"  # signed 2009, deposited 2023
    assert not any(line.startswith(("VUT ", "SSD ")) for line in listed.splitlines())
    assert "not yet in force" not in listed
    assert listed.splitlines()[-1] == "123 States on 2021-12-31"  # 110 parties, 13 signatories


def test_list_one_state_party_is_singular(engine, db_url, run_cli, tmp_path):
    path = tmp_path / "one.csv"
    path.write_text(GOOD.splitlines()[0] + "\nChad,,2013-03-26,ratification,,x\n")
    imported = run_cli("--db", db_url, "states", "import", str(path))
    assert imported.stdout.strip() == "1 State imported from one.csv"
    listed = run_cli("--db", db_url, "states", "list", "--parties-on", "2025-12-31")
    assert listed.stdout.splitlines()[-1] == "1 State Party on 2025-12-31"


def test_states_list_as_csv_guards_text_that_could_run_as_a_formula(
    engine, db_url, run_cli, tmp_path
):
    import csv
    import io

    path = tmp_path / "members.csv"
    path.write_text(
        "State,Signed,Deposited,Deposit type,Withdrawal effective,Source\n"
        'Chad,,2013-03-26,ratification,,"=HYPERLINK(""http://x"")"\n',
        encoding="utf-8",
    )
    assert run_cli("--db", db_url, "states", "import", str(path)).exit_code == 0
    out = run_cli("--db", db_url, "states", "list", "--on", "2025-01-01", "--format", "csv")
    assert out.exit_code == 0, out.stderr
    rows = list(csv.reader(io.StringIO(out.stdout)))
    assert rows == [
        [
            "iso3",
            "name",
            "signed",
            "deposited",
            "deposit_type",
            "entry_into_force",
            "withdrawal_effective",
            "status",
            "source",
        ],
        [
            "TCD",
            "Chad",
            "",
            "2013-03-26",
            "ratification",
            "2013-09-01",
            "",
            "State Party",
            '\'=HYPERLINK("http://x")',
        ],
    ]


def test_a_membership_workbook_passes_the_imports_guard_and_names_its_cells(tmp_path):
    import openpyxl

    from tracker.ingest.membership import read_membership

    fake = tmp_path / "members.xlsx"
    fake.write_text("State,Signed,Deposited\nChad,,\n")  # a CSV saved under a workbook's name
    parsed = read_membership(fake)
    assert [i.as_text() for i in parsed.issues] == [
        "members.xlsx: error not-a-workbook: this is a CSV or text file, not an Excel workbook: "
        "save it as .xlsx"
    ]
    book = openpyxl.Workbook()
    book.active.title = "List"
    book.active.append(["State", "Signed", "Deposited", "Deposit type", "Withdrawal effective"])
    book.active.append(["Chad", None, None, None, "2025-03-06"])
    book.save(fake)
    parsed = read_membership(fake)
    assert parsed.ok
    [warning] = parsed.issues
    assert warning.as_text() == (
        "members.xlsx: List!C2: warning unknown-entry-into-force: withdrawal without a deposit "
        "date: entry into force unknown"
    )
    assert (warning.field, warning.code) == ("deposited", "unknown-entry-into-force")
