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
    assert "missing-column" in result.stderr and "'Signed'" in result.stderr
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


def test_shipped_partial_list_imports_cleanly():
    from tracker.services.demo import SHIPPED_MEMBERSHIP
    from tracker.services.membership import read_membership

    parsed = read_membership(SHIPPED_MEMBERSHIP)
    assert parsed.ok, parsed.issues
    assert len(parsed.rows) == 57
