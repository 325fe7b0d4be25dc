"""Needs by State (``tracker/stats/by_state.py``): the rule the donor workbook lays out (pure)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tracker.carry import resolve_all
from tracker.enums import FormStatus, NeedArea, ObligationStatus, ReportType
from tracker.membership import entry_into_force
from tracker.readmodel import ArticleFactData, FormInfo, Member, NeedData, RawReport, ReportRef
from tracker.stats.by_state import needs_by_state
from tracker.stats.needs import build_needs_statistics


def report(rid, state, year, *, article=None, needs=()):
    ref = ReportRef(
        rid, state, year, ReportType.ANNUAL, dt.date(year + 1, 4, 1), dt.date(year, 1, 1),
        dt.date(year, 12, 31), f"{state}-{year}.xlsx", f"{rid:064x}", "workbook", True, False,
    )  # fmt: skip
    facts = {}
    forms = {}
    if article:
        number, status = article
        facts[number] = ArticleFactData(number, ObligationStatus(status), "Form F", "B1")
    rows = tuple(
        NeedData(area, "Form I", f"B{7 + i}", text, cost, currency)
        for i, (area, text, cost, currency) in enumerate(needs)
    )
    if rows:
        forms["I"] = FormInfo(FormStatus.CHANGED)
    return RawReport(ref, forms, facts, rows)


def stats_of(reports):
    members = {
        r.ref.state_iso3: Member(r.ref.state_iso3, deposited=dt.date(2009, 12, 1),
                                 entry_into_force=entry_into_force(dt.date(2009, 12, 1)))
        for r in reports
    }  # fmt: skip
    return build_needs_statistics(resolve_all(reports), members, as_of=2025, since=2021)


def test_each_area_comes_from_the_latest_report_declaring_it_and_usd_costs_add_up():
    clearance = (NeedArea.CLEARANCE, "survey", Decimal("1000"), "usd")
    stats = stats_of([
        report(1, "TCD", 2021, article=(4, "has"), needs=[clearance,
               (NeedArea.VICTIM_ASSISTANCE, "care", Decimal("50"), "EUR")]),
        report(2, "TCD", 2023, needs=[(NeedArea.CLEARANCE, "marking", Decimal("200"), "USD"),
               (NeedArea.CLEARANCE, "survey 2", Decimal("300"), "USD")]),
        report(3, "TCD", 2019, needs=[(NeedArea.OTHER, "old", None, None)]),  # before the window
        report(4, "LAO", 2022, article=(4, "none")),
    ])  # fmt: skip
    [tcd] = needs_by_state(stats)
    assert [n.description for n in tcd.areas[NeedArea.CLEARANCE]] == ["marking", "survey 2"]
    assert [n.description for n in tcd.areas[NeedArea.VICTIM_ASSISTANCE]] == ["care"]
    assert NeedArea.OTHER not in tcd.areas
    assert tcd.usd_cost == Decimal("500")
    assert [(c.amount, c.currency) for c in tcd.other_costs] == [(Decimal("50"), "EUR")]
    assert (tcd.latest.reporting_year, tcd.source.provenance.cell) == (2023, "B7")
    # Victim assistance needs, but no Article 5 obligation reported: in no figure.
    assert tcd.uncounted == ("victim assistance needs, but no Article 5 obligation reported",)


def test_a_state_without_needs_in_the_window_has_no_row():
    stats = stats_of([report(1, "TCD", 2021, article=(4, "has"))])
    assert needs_by_state(stats) == []
