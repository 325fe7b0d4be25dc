"""The loader's statements on SQLite's driver store and read exactly what SQLAlchemy would."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import Engine, bindparam, create_engine, insert, select, text

from tracker.db import Base
from tracker.enums import NeedArea
from tracker.generation import _WROTE, watch
from tracker.models import Need, Report
from tracker.services.loading.driver import LoaderError, insert_each, insert_many, select_rows

NEEDS = Base.metadata.tables["needs"]
REPORTS = Base.metadata.tables["reports"]


@pytest.fixture
def store(tmp_path) -> Engine:
    engine = create_engine(f"sqlite:///{tmp_path / 'driver.db'}")
    Base.metadata.create_all(engine)
    watch(engine)  # as the tracker's engines: a transaction starts unmarked
    return engine


def need(**values):
    row = {
        "report_id": 1,
        "sheet": "Form I",
        "cell": "B7",
        "area": NeedArea.CLEARANCE,
        "needed": True,
        "description": "Survey of the northern provinces",
        "estimated_cost": Decimal("1250000.50"),
        "currency": "USD",
    }
    return {**row, **values}


def raw(engine: Engine, table: str) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(f"SELECT * FROM {table} ORDER BY id"))]


def test_insert_many_stores_what_sqlalchemy_stores(store, tmp_path):
    rows = [need(), need(needed=False, estimated_cost=None, currency=None, description=None)]
    with store.begin() as conn:
        insert_many(conn, NEEDS, rows)
    other = create_engine(f"sqlite:///{tmp_path / 'orm.db'}")
    Base.metadata.create_all(other)
    with other.begin() as conn:
        conn.execute(insert(NEEDS), rows)
    assert raw(store, "needs") == raw(other, "needs")
    assert len(raw(store, "needs")) == 2


def test_rows_with_different_columns_get_the_defaults_of_the_missing_ones(store):
    short = need()
    del short["description"]
    with store.begin() as conn:
        insert_many(conn, NEEDS, [need(), short])
    with store.connect() as conn:
        described = conn.execute(select(Need.description).order_by(Need.id)).scalars().all()
    assert described == ["Survey of the northern provinces", None]


def test_a_column_the_table_lacks_is_a_loader_error(store):
    with store.begin() as conn, pytest.raises(LoaderError, match=r"needs: unknown columns.*colour"):
        insert_many(conn, NEEDS, [need(colour="red")])


def test_a_broken_check_is_a_loader_error_naming_the_table(store):
    with store.begin() as conn, pytest.raises(LoaderError, match=r"CHECK.*\(table needs\)"):
        insert_many(conn, NEEDS, [need(estimated_cost=Decimal("-1"))])


def test_a_value_outside_its_enum_is_a_loader_error(store):
    with store.begin() as conn, pytest.raises(LoaderError, match="needs: a value does not fit"):
        insert_many(conn, NEEDS, [need(area="landmines")])


def test_insert_each_returns_the_returning_rows_and_marks_the_store_changed(store):
    statement = insert(NEEDS).prefix_with("OR IGNORE", dialect="sqlite").returning(NEEDS.c.id)
    with store.begin() as conn:
        assert insert_each(conn, statement, [need(id=7), need(id=8)]) == [(7,), (8,)]
        assert conn.info.get(_WROTE) is True
    with store.begin() as conn:
        assert insert_each(conn, statement, [need(id=7)]) == []  # ignored: already there
        assert conn.info.get(_WROTE) is None  # nothing changed, nothing to bump


def test_select_rows_gives_the_values_sqlalchemy_gives(store):
    with store.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO reports (id, source_file_id, source_row, state_iso3, report_type,"
                " period_from, period_to, reporting_year, submitted_on, channel, layout,"
                " language, sheet, is_current, is_withdrawn) VALUES"
                " (1, 1, 0, 'LAO', 'annual', '2024-01-01', '2024-12-31', 2024, '2025-04-30',"
                " 'workbook', 'ccm-a7/2', 'en', 'Cover', 1, 0),"
                " (2, 2, 0, 'LAO', 'annual', '2024-01-01', '2024-12-31', 2024, NULL,"
                " 'matrix', 'ccm-a7/2', 'en', 'Matrix', 0, 1)"
            )
        )
    statement = (
        select(Report.id, Report.report_type, Report.submitted_on, Report.is_withdrawn)
        .where(Report.reporting_year == bindparam("year"))
        .order_by(Report.id)
    )
    with store.connect() as conn:
        by_driver = select_rows(conn, statement, {"year": 2024})
        by_sqlalchemy = [tuple(r) for r in conn.execute(statement, {"year": 2024})]
    assert by_driver == by_sqlalchemy
    assert by_driver[0][2] == dt.date(2025, 4, 30) and by_driver[1][2] is None
    assert by_driver[1][3] is True
