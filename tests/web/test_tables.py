"""The table helper and the number formats: pure functions, hand-made cases."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tracker.web.formats import count, day, display, moment, number
from tracker.web.tables import Column, table_view

COLUMNS = (
    Column("name", "Name", link="href"),
    Column("reports", "Reports", "number"),
    Column("year", "Year", "year"),
    Column("on", "On", "date"),
)
ROWS = [
    {"name": "Chad", "reports": 1204, "year": 2024, "on": dt.date(2025, 4, 30), "href": "/s/TCD"},
    {"name": "angola", "reports": 3, "year": 2022, "on": None, "href": "/s/AGO"},
    {"name": "Lao PDR", "reports": None, "year": 2023, "on": dt.date(2024, 1, 2), "href": None},
]


def test_numbers_dates_and_counts_are_written_as_the_workbooks_write_them():
    assert number(1234567) == "1,234,567"
    assert number(Decimal("120000.00")) == "120,000"
    assert number(Decimal("1234.5")) == "1,234.50"
    assert number(None) == "—"
    assert display(2024, "year") == "2024"
    assert day(dt.date(2025, 4, 30)) == "30 Apr 2025"
    assert moment(dt.datetime(2025, 4, 30, 14, 5, tzinfo=dt.UTC)) == "30 Apr 2025 14:05"
    assert count(1, "file") == "1 file" and count(2, "file") == "2 files"
    assert count(1204, "report") == "1,204 reports"


def _names(view) -> list[str]:
    return [row[0].text for row in view.rows]


def test_sorting_by_value_with_blanks_last_both_ways():
    asc = table_view(ROWS, COLUMNS, {"t.sort": "reports"}, name="t", path="/x", default_sort="name")
    assert _names(asc) == ["angola", "Chad", "Lao PDR"]
    desc = table_view(
        ROWS,
        COLUMNS,
        {"t.sort": "reports", "t.dir": "desc"},
        name="t",
        path="/x",
        default_sort="name",
    )
    assert _names(desc) == ["Chad", "angola", "Lao PDR"]  # blank still last
    by_name = table_view(ROWS, COLUMNS, {}, name="t", path="/x", default_sort="name")
    assert _names(by_name) == ["angola", "Chad", "Lao PDR"]  # text without case
    assert by_name.headers[0].sort == "ascending"
    assert by_name.headers[0].href == "/x?t.dir=desc&t.sort=name"  # select again: reverse


def test_filtering_keeps_rows_with_every_word_in_their_shown_text():
    view = table_view(ROWS, COLUMNS, {"t.q": "apr 2025"}, name="t", path="/x", default_sort="name")
    assert _names(view) == ["Chad"] and view.matched == 1 and view.total == 3
    assert (
        table_view(
            ROWS, COLUMNS, {"t.q": "1,204"}, name="t", path="/x", default_sort="name"
        ).matched
        == 1
    )
    none = table_view(ROWS, COLUMNS, {"t.q": "zzz"}, name="t", path="/x", default_sort="name")
    assert none.rows == () and none.clear_href == "/x"


def test_paging_and_links_keep_the_other_parameters():
    rows = [{"name": f"n{i:03}", "reports": i, "year": 2000, "on": None} for i in range(120)]
    params = {"t.page": "2", "other.sort": "x", "t.q": "n"}
    view = table_view(rows, COLUMNS, params, name="t", path="/x", default_sort="name", per_page=50)
    assert (view.page, view.pages, view.first, view.last) == (2, 3, 51, 100)
    assert view.prev_href == "/x?other.sort=x&t.page=1&t.q=n"
    assert view.next_href == "/x?other.sort=x&t.page=3&t.q=n"
    assert ("other.sort", "x") in view.keep and all(k != "t.page" for k, _ in view.keep)
    for bad in ("0", "-3", "abc", "999"):
        clamped = table_view(
            rows, COLUMNS, {"t.page": bad}, name="t", path="/x", default_sort="name"
        )
        assert 1 <= clamped.page <= clamped.pages
    unknown = table_view(
        rows, COLUMNS, {"t.sort": "nope"}, name="t", path="/x", default_sort="name"
    )
    assert unknown.headers[0].sort == "ascending"


def test_cells_carry_their_links_and_alignment():
    view = table_view(ROWS, COLUMNS, {}, name="t", path="/x", default_sort="name")
    chad = view.rows[1]
    assert chad[0].href == "/s/TCD" and chad[1].text == "1,204" and chad[1].numeric
    assert chad[2].text == "2024" and chad[3].text == "30 Apr 2025"
    assert view.rows[2][0].href is None and view.rows[2][1].text == "—"
