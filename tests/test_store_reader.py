"""The one reader of the store (``tracker/services/store.py``): projections load what they say.

On SQLite and PostgreSQL: current versions or every version, one State, the facts' dates, the
needs (none, the counted areas, all with descriptions), the needs window (only the reports a
window's reports can show, through their chains of ``unchanged``), the history of States whose
counted reports on an earlier day differ, memberships, names, decisions and submissions.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tests.factories import add_membership, add_report
from tracker.db import transaction
from tracker.enums import NeedArea, ReportType
from tracker.services.store import (
    Needs,
    Projection,
    Versions,
    holds_files,
    read_store,
)

D = dt.date


def _fill(engine) -> None:
    with transaction(engine) as s:
        add_membership(s, "TCD", D(2013, 3, 26))
        add_membership(s, "LAO", D(2009, 3, 18))
        add_report(s, "TCD", 2015, articles={4: "has"}, needs=[NeedArea.CLEARANCE])
        add_report(s, "TCD", 2016, articles={4: "has"}, unchanged={"I": 2015})
        add_report(s, "TCD", 2021, articles={4: "has"}, unchanged={"I": 2016})
        add_report(
            s, "TCD", 2022, articles={4: "has"},
            facts={4: {"deadline": D(2023, 8, 1), "deadline_cell": "B2"}},
            needs=[(NeedArea.OTHER, "vehicles", Decimal("1200.50"), "EUR"),
                   (NeedArea.VICTIM_ASSISTANCE, "prostheses", None, None)],
            submitted=D(2023, 4, 30),
        )  # fmt: skip
        add_report(s, "TCD", 2022, articles={4: "had"}, submitted=D(2023, 1, 2), current=False)
        add_report(s, "TCD", 2019, articles={4: "has"}, withdrawn=True)
        add_report(s, "LAO", 2022, articles={4: "has"}, needs=[NeedArea.CLEARANCE],
                   submitted=D(2024, 6, 1))  # fmt: skip


def _by_year(reports, state="TCD"):
    return {r.ref.reporting_year: r for r in reports if r.ref.state_iso3 == state}


def test_current_versions_with_every_need_and_dates(engine):
    _fill(engine)
    with transaction(engine) as s:
        rows = read_store(s, Projection(dates=True))
    assert all(r.ref.is_current and not r.ref.is_withdrawn for r in rows.reports)
    assert [r.ref.report_id for r in rows.reports] == sorted(r.ref.report_id for r in rows.reports)
    tcd = _by_year(rows.reports)
    assert sorted(tcd) == [2015, 2016, 2021, 2022]
    fact = tcd[2022].articles[4]
    assert (fact.status.value, fact.deadline, fact.deadline_cell) == ("has", D(2023, 8, 1), "B2")
    needs = tcd[2022].needs
    assert [(n.area, n.description, n.estimated_cost, n.currency) for n in needs] == [
        (NeedArea.OTHER, "vehicles", Decimal("1200.50"), "EUR"),
        (NeedArea.VICTIM_ASSISTANCE, "prostheses", None, None),
    ]
    # Nothing else was asked for.
    assert (rows.members, rows.names, rows.decisions, rows.submissions, rows.history) == (
        {}, {}, [], [], []
    )  # fmt: skip


def test_counted_needs_leave_out_other_areas_descriptions_and_dates(engine):
    _fill(engine)
    with transaction(engine) as s:
        rows = read_store(s, Projection(needs=Needs.COUNTED))
    tcd = _by_year(rows.reports)
    assert [(n.area, n.description, n.estimated_cost) for n in tcd[2022].needs] == [
        (NeedArea.VICTIM_ASSISTANCE, None, None)
    ]
    assert tcd[2022].articles[4].deadline is None  # dates not read
    with transaction(engine) as s:
        bare = read_store(s, Projection(needs=Needs.NONE))
    assert all(r.needs == () for r in bare.reports)


def test_a_window_reads_only_the_needs_its_reports_can_show(engine):
    _fill(engine)
    with transaction(engine) as s:
        window = read_store(s, Projection(window=(2021, 2022)))
        early = read_store(s, Projection(window=(2022, 2022)))
    tcd = _by_year(window.reports)
    # 2021 carries Form I from 2016, which carries it from 2015: that chain's needs are read.
    assert [n.area for n in tcd[2015].needs] == [NeedArea.CLEARANCE]
    assert len(tcd[2022].needs) == 2
    # A window of 2022 alone reaches neither 2015 nor 2016.
    assert _by_year(early.reports)[2015].needs == ()
    assert len(_by_year(early.reports)[2022].needs) == 2


def test_every_version_of_one_state(engine):
    _fill(engine)
    with transaction(engine) as s:
        rows = read_store(s, Projection(Versions.ALL, states=frozenset({"TCD"})))
    assert {r.ref.state_iso3 for r in rows.reports} == {"TCD"}
    flags = sorted(
        (r.ref.reporting_year, r.ref.is_current, r.ref.is_withdrawn) for r in rows.reports
    )
    assert (2022, False, False) in flags and (2019, False, True) in flags
    assert len(rows.reports) == 6


def test_history_of_the_states_whose_counted_reports_differ_on_an_earlier_day(engine):
    _fill(engine)
    with transaction(engine) as s:
        rows = read_store(s, Projection(known_on=D(2023, 2, 1)))
    # TCD's current 2022 version came on 30 April 2023, LAO's only one on 1 June 2024: both
    # States' versions are read again, with dates, so their counted reports can be chosen.
    assert {r.ref.state_iso3 for r in rows.history} == {"TCD", "LAO"}
    assert any(not r.ref.is_current for r in rows.history)
    with transaction(engine) as s:
        later = read_store(s, Projection(known_on=D(2025, 1, 1)))
    assert later.history == []


def test_memberships_names_decisions_submissions_and_the_small_questions(engine):
    _fill(engine)
    with transaction(engine) as s:
        rows = read_store(
            s,
            Projection(Versions.NONE, members=True, names=True, decisions=True, submissions=True),
        )
        from sqlalchemy import select

        from tracker.models import SourceFile

        some = s.scalars(select(SourceFile.sha256).limit(1)).one()
        assert holds_files(s, {some}) and not holds_files(s, {"0" * 64}) and not holds_files(s, ())
    assert rows.reports == []
    assert rows.members["TCD"].entry_into_force == D(2013, 9, 1)
    assert rows.name("TCD") == "Chad" and rows.name("XXX") == "XXX"
    assert any(d.state_iso3 == "DEU" and d.article == 4 for d in rows.decisions)  # shipped
    assert len(rows.submissions) == 7
    assert {sub.report_type for sub in rows.submissions} == {ReportType.ANNUAL}


def test_a_window_and_a_day_may_be_decided_once_the_versions_are_read(engine):
    _fill(engine)
    seen = []

    def window(refs):
        seen.append(max(r.reporting_year for r in refs))
        return seen[-1], seen[-1]

    with transaction(engine) as s:
        rows = read_store(s, Projection(window=window, known_on=lambda: D(2023, 2, 1)))
    assert seen == [2022]
    assert _by_year(rows.reports)[2015].needs == ()  # 2022's reports reach no earlier need
    assert {r.ref.state_iso3 for r in rows.history} == {"TCD", "LAO"}


def test_an_empty_store(engine):
    with transaction(engine) as s:
        assert read_store(s, Projection(window=(2020, 2021), known_on=D(2021, 1, 1))).reports == []
