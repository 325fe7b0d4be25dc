"""The counted reports on a date (``compliance.md``, Deadlines): hand-made versions, pure."""

from __future__ import annotations

import datetime as dt
import itertools

from tracker.compliance.known import changed_by_later_versions, known_on
from tracker.enums import ReportType
from tracker.readmodel import RawReport, ReportRef

D = dt.date
ON = D(2020, 6, 1)
_ids = itertools.count(1)


def version(
    year: int,
    submitted: dt.date | None,
    *,
    current: bool = False,
    withdrawn: bool = False,
    channel: str = "workbook",
    sha: str | None = None,
    state: str = "PER",
    report_type: ReportType = ReportType.ANNUAL,
) -> RawReport:
    rid = next(_ids)
    ref = ReportRef(
        rid, state, year, report_type, submitted, D(year, 1, 1), D(year, 12, 31),
        f"{state}-{year}-{rid}.xlsx", sha or f"{rid:064x}", channel, current, withdrawn,
    )  # fmt: skip
    return RawReport(ref)


def current_on(versions: list[RawReport], on: dt.date = ON) -> dict[tuple[str, int], int]:
    """(State, year) -> id of the version counted on ``on``."""
    return {
        (r.ref.state_iso3, r.ref.reporting_year): r.ref.report_id
        for r in known_on(versions, on)
        if r.ref.is_current
    }


def test_a_report_first_submitted_after_on_is_not_there():
    later = version(2021, D(2022, 4, 2), current=True)
    before = version(2019, D(2020, 4, 26), current=True)
    known = known_on([later, before], ON)
    assert [r.ref.report_id for r in known] == [before.ref.report_id]


def test_a_revision_submitted_after_on_gives_way_to_the_version_it_replaced():
    first = version(2019, D(2020, 4, 26))
    revision = version(2019, D(2020, 9, 1), current=True)
    assert current_on([first, revision]) == {("PER", 2019): first.ref.report_id}
    # On the day the revision arrived, it is current again (as stored).
    assert current_on([first, revision], D(2020, 9, 1)) == {("PER", 2019): revision.ref.report_id}


def test_undated_versions_count_and_rank_below_dated_ones():
    undated = version(2019, None)
    dated_later = version(2019, D(2020, 9, 1), current=True)
    assert current_on([undated, dated_later]) == {("PER", 2019): undated.ref.report_id}
    dated = version(2018, D(2019, 4, 1), current=True)
    undated_too = version(2018, None)
    assert current_on([dated, undated_too])[("PER", 2018)] == dated.ref.report_id


def test_withdrawn_versions_never_count():
    kept = version(2019, D(2020, 3, 1))
    withdrawn = version(2019, D(2020, 4, 1), withdrawn=True)
    known = known_on([kept, withdrawn], ON)
    assert [r.ref.report_id for r in known] == [kept.ref.report_id]
    assert known[0].ref.is_current
    assert known_on([withdrawn], ON) == []


def test_the_rule_is_the_workbook_specs_one():
    # A workbook beats matrix rows even when they are dated later; equal dates: higher SHA-256.
    workbook = version(2019, D(2020, 1, 1), channel="workbook")
    matrix = version(2019, D(2020, 5, 1), channel="matrix", current=True)
    assert current_on([workbook, matrix]) == {("PER", 2019): workbook.ref.report_id}
    low = version(2018, D(2019, 4, 1), sha="1" * 64)
    high = version(2018, D(2019, 4, 1), sha="f" * 64)
    assert current_on([low, high])[("PER", 2018)] == high.ref.report_id


def test_initial_and_annual_and_states_are_separate_reports():
    annual = version(2019, D(2020, 4, 1))
    initial = version(2019, D(2020, 2, 1), report_type=ReportType.INITIAL)
    other = version(2019, D(2020, 5, 1), state="CHL")
    known = known_on([annual, initial, other], ON)
    assert all(r.ref.is_current for r in known) and len(known) == 3


def test_only_states_with_a_current_version_received_later_need_their_history():
    refs = [
        version(2019, D(2020, 4, 1), current=True).ref,
        version(2020, D(2021, 4, 1), current=True, state="CHL").ref,
        version(2020, None, current=True, state="DEU").ref,
    ]
    assert changed_by_later_versions(refs, ON) == {"CHL"}
