"""Migration 0006: stored ``assistance_provided`` rows become flows in place, and back.

Up, down and up again on a populated store (SQLite and PostgreSQL): every row keeps its id,
report, recipient, amount, currency, sheet and cell; the values map one to one (committed →
commitment, a blank area → unspecified, a blank year → the reporting year, assumed). The
downgrade refuses, naming how many, while flows the old table cannot hold exist.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import inspect, text

from tests.parsed_fakes import FakeReader, report
from tracker import migrate
from tracker.db import current_revision, head_revision, make_engine
from tracker.services.imports import import_paths

FLOWS = "0b7d4e2a9c61"  # migration 0006_flows
BEFORE = migrate.script_directory().get_revision(FLOWS).down_revision

OLD_ROWS = [
    # id, recipient_iso3, recipient_global, area, amount, currency, flow, year, sheet, cell
    (11, "LAO", False, "clearance", Decimal("50000.00"), "USD", "disbursed", 2023, "Form I", "A30"),
    (12, None, True, None, Decimal("1000.50"), None, None, None, "Form I", "A31"),
    (13, "TCD", False, "other", Decimal("0.00"), "EUR", "pledged", 2021, "Form I", "B32"),
    (
        14,
        "IRQ",
        False,
        "victim_assistance",
        Decimal("7.00"),
        "EUR",
        "committed",
        None,
        "Form I",
        "A33",
    ),
]
COLUMNS = "id, recipient_iso3, recipient_global, area, amount, currency, flow, year, sheet, cell"


def _old(engine):
    with engine.connect() as conn:
        rows = conn.execute(
            text(f"SELECT {COLUMNS}, report_id FROM assistance_provided ORDER BY id")
        )
        return [tuple(r) for r in rows]


def _flows(engine):
    with engine.connect() as conn:
        return [
            _amount_at(tuple(r), 10)
            for r in conn.execute(
                text(
                    "SELECT id, side, donor_iso3, donor_name, recipient_kind, recipient_iso3, "
                    "recipient_region, area, year, year_assumed, amount, currency, flow_type, "
                    "report_id, flow_file_id, sheet, cell, source_row FROM flows ORDER BY id"
                )
            )
        ]


def _bindable(value):
    return str(value) if isinstance(value, Decimal) else value  # SQLite's driver takes no Decimal


@pytest.fixture
def old_store(engine, tmp_path):
    """A store at the revision before 0006 with one report and four assistance rows."""
    reader = FakeReader(tmp_path)
    reader.add("in/chad.xlsx", report("CHL", 2022, submitted=dt.date(2023, 4, 30)))
    import_paths(engine, [tmp_path / "in"], reader=reader)
    migrate.downgrade(engine, BEFORE)
    with engine.begin() as conn:
        report_id = conn.execute(text("SELECT id FROM reports")).scalar_one()
        for row in OLD_ROWS:
            conn.execute(
                text(
                    f"INSERT INTO assistance_provided ({COLUMNS}, report_id) VALUES (:id, "
                    ":recipient_iso3, :recipient_global, :area, :amount, :currency, :flow, :year, "
                    ":sheet, :cell, :report_id)"
                ),
                {
                    **dict(zip(COLUMNS.split(", "), map(_bindable, row), strict=True)),
                    "report_id": report_id,
                },
            )
    return engine, report_id


def test_up_down_up_keeps_every_row(old_store):
    engine, report_id = old_store
    before = _old(engine)
    migrate.upgrade(engine)
    assert current_revision(engine) == head_revision()
    assert "assistance_provided" not in inspect(engine).get_table_names()
    flows = _flows(engine)
    base = ("donor_report", "CHL", None)
    assert flows == [
        (
            11,
            *base,
            "state",
            "LAO",
            None,
            "clearance",
            2023,
            False,
            "50000.00",
            "USD",
            "disbursement",
            report_id,
            None,
            "Form I",
            "A30",
            30,
        ),
        (
            12,
            *base,
            "global",
            None,
            None,
            "unspecified",
            2022,
            True,
            "1000.50",
            None,
            None,
            report_id,
            None,
            "Form I",
            "A31",
            31,
        ),
        (
            13,
            *base,
            "state",
            "TCD",
            None,
            "other",
            2021,
            False,
            "0.00",
            "EUR",
            "pledge",
            report_id,
            None,
            "Form I",
            "B32",
            32,
        ),
        (
            14,
            *base,
            "state",
            "IRQ",
            None,
            "victim_assistance",
            2022,
            True,
            "7.00",
            "EUR",
            "commitment",
            report_id,
            None,
            "Form I",
            "A33",
            33,
        ),
    ]
    migrate.downgrade(engine, BEFORE)
    assert _old(engine) == before
    migrate.upgrade(engine)
    assert _flows(engine) == flows
    with engine.begin() as conn:  # new ids continue after the kept ones (PostgreSQL's sequence)
        conn.execute(
            text(
                "INSERT INTO flows (side, donor_iso3, recipient_kind, recipient_iso3, area, year, "
                "year_assumed, report_id, sheet, cell, source_row) VALUES ('donor_report', 'CHL', "
                "'state', 'PER', 'other', 2022, false, :r, 'Form I', 'A40', 40)"
            ),
            {"r": report_id},
        )
        assert conn.execute(text("SELECT max(id) FROM flows")).scalar_one() == 15


def _amount_at(row: tuple, index: int) -> tuple:
    """The amount as two-decimal text (SQLite gives an int or a float, PostgreSQL a Decimal)."""
    amount = row[index]
    shown = None if amount is None else f"{Decimal(str(amount)):.2f}"
    return (*row[:index], shown, *row[index + 1 :])


def test_downgrade_refuses_while_flows_the_old_table_cannot_hold_exist(old_store):
    engine, report_id = old_store
    migrate.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO flows (side, donor_name, recipient_kind, recipient_iso3, area, year, "
                "year_assumed, report_id, sheet, cell, source_row) VALUES ('recipient_report', "
                "'UNMAS', 'state', 'CHL', 'clearance', 2022, false, :r, 'Form I', 'A50', 50)"
            ),
            {"r": report_id},
        )
        conn.execute(text("UPDATE flows SET channel = 'UNDP' WHERE id = 11"))
    with pytest.raises(RuntimeError) as caught:
        migrate.downgrade(engine, BEFORE)
    assert "the store holds 2 flows that the older schema cannot hold" in str(caught.value)
    assert current_revision(engine) == head_revision()  # nothing changed
    assert len(_flows(engine)) == 5
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM flows WHERE id > 14"))
        conn.execute(text("UPDATE flows SET channel = NULL"))
        conn.execute(
            text(
                "INSERT INTO flow_files (sha256, file_name, imported_at, is_withdrawn) VALUES "
                "(:s, 'eu.csv', :t, false)"
            ),
            {"s": "c" * 64, "t": dt.datetime(2025, 6, 1, tzinfo=dt.UTC)},
        )
    with pytest.raises(RuntimeError, match="the store holds 1 imported flow file:"):
        migrate.downgrade(engine, BEFORE)


def test_flows_are_indexed_by_report_and_by_flow_file_only(engine):
    """0007: no recipient index; the flow-file index holds flow files' rows alone."""
    indexes = {i["name"]: i for i in inspect(engine).get_indexes("flows")}
    assert set(indexes) == {"ix_flows_report_id", "ix_flows_flow_file_id"}
    where = indexes["ix_flows_flow_file_id"]["dialect_options"]
    predicate = where.get("sqlite_where", where.get("postgresql_where"))
    assert "flow_file_id IS NOT NULL" in str(predicate)


def test_a_lookup_by_flow_file_uses_the_partial_index(sqlite_url):
    engine = make_engine(sqlite_url)
    migrate.upgrade(engine)
    with engine.connect() as conn:
        for statement in (
            "SELECT id FROM flows WHERE flow_file_id = ?",
            "DELETE FROM flows WHERE flow_file_id = ?",
        ):
            plan = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", (1,)).all()
            assert any("ix_flows_flow_file_id" in str(row[-1]) for row in plan), plan
    engine.dispose()
