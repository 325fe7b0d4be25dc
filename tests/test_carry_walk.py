"""The one walk of a carry-forward chain (``tracker.carry.walk``), on hand-made rows (pure)."""

from __future__ import annotations

import datetime as dt

from tracker.carry import CarryForward, chain_origins, finder, walk
from tracker.enums import FormStatus, NeedArea, ReportType
from tracker.readmodel import FormInfo, NeedData, RawReport, ReportRef


def raw(rid, year, form_i=None, *, needs=(), current=True, kind=ReportType.ANNUAL, state="TCD"):
    ref = ReportRef(
        rid, state, year, kind, None, dt.date(year, 1, 1), dt.date(year, 12, 31),
        f"{state}-{year}.xlsx", f"{rid:064x}", "workbook", current, False,
    )  # fmt: skip
    forms = {} if form_i is None else {"I": form_i}
    return RawReport(ref, forms, {}, tuple(NeedData(a, "Form I", "B7") for a in needs))


def unchanged(year):
    return FormInfo(FormStatus.UNCHANGED, year)


def test_a_chain_leads_to_the_report_whose_data_the_form_shows():
    r2019 = raw(1, 2019, needs=(NeedArea.CLEARANCE,))
    r2020 = raw(2, 2020, unchanged(2019))
    r2021 = raw(3, 2021, unchanged(2020))
    found = walk(r2021, "I", finder([r2019, r2020, r2021]))
    assert found.source is r2019 and found.carried_from == 2019
    assert [r.ref.report_id for r in found.visited] == [3, 2, 1]
    need = CarryForward([r2019, r2020, r2021]).needs(r2021)[0]
    assert (need.area, need.provenance.file, need.provenance.carried_from) == (
        NeedArea.CLEARANCE, "TCD-2019.xlsx", 2019,
    )  # fmt: skip


def test_a_chain_that_ends_nowhere_or_loops_shows_nothing():
    alone = raw(1, 2021, unchanged(2018))
    assert walk(alone, "I", finder([alone])).source is None
    a = raw(1, 2020, unchanged(2021))
    b = raw(2, 2021, unchanged(2020))
    looped = walk(b, "I", finder([a, b]))
    assert looped.source is None and [r.ref.report_id for r in looped.visited] == [2, 1]


def test_the_target_is_the_current_annual_report_else_the_initial_one():
    initial = raw(1, 2019, kind=ReportType.INITIAL, needs=(NeedArea.OTHER,))
    old = raw(2, 2019, needs=(NeedArea.CLEARANCE,), current=False)
    later = raw(3, 2020, unchanged(2019))
    assert walk(later, "I", finder([initial, old, later])).source is initial
    annual = raw(4, 2019, needs=(NeedArea.VICTIM_ASSISTANCE,))
    assert walk(later, "I", finder([initial, old, annual, later])).source is annual


def test_chain_origins_are_the_reports_a_window_can_reach():
    reports = [
        raw(1, 2015, needs=(NeedArea.CLEARANCE,)),
        raw(2, 2016, unchanged(2015)),
        raw(3, 2021, unchanged(2016)),
        raw(4, 2018, needs=(NeedArea.OTHER,)),
        raw(5, 2021, unchanged(2015), state="LAO"),  # another State's chain never crosses
    ]
    assert chain_origins(reports, [reports[2]], "I") == {3, 2, 1}
    assert chain_origins(reports, [reports[4]], "I") == {5}
    assert chain_origins(reports, [], "I") == set()


def test_an_effective_report_resolves_only_what_is_read():
    calls = []

    class Counting(CarryForward):
        def article(self, report, article):
            calls.append(article)
            return super().article(report, article)

    report = raw(1, 2021)
    effective = Counting([report]).resolve(report)
    assert calls == []
    assert effective.articles[4] is None and calls == [4]
    assert effective.articles[4] is None and calls == [4]  # resolved once
    assert effective.form_status["I"] is FormStatus.NOT_PROVIDED
