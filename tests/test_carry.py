"""Carry-forward of unchanged forms, resolved when figures are computed."""

from __future__ import annotations

import datetime as dt

from tests.factories import add_membership, add_report
from tracker.carry import resolve_all
from tracker.db import transaction
from tracker.enums import NeedArea, ObligationStatus, ReportType
from tracker.services.store import Projection, read_store


def load_effective_reports(session):
    """Every current report of the store, resolved (with the facts' dates and every need)."""
    return resolve_all(read_store(session, Projection(dates=True)).reports)


def _by_year(reports, iso3="TCD"):
    return {r.ref.reporting_year: r for r in reports if r.ref.state_iso3 == iso3}


def test_unchanged_form_carries_status_and_needs_with_provenance(engine):
    with transaction(engine) as s:
        add_membership(s, "TCD", dt.date(2013, 3, 26))
        add_report(s, "TCD", 2019, articles={4: "has"}, needs=[NeedArea.CLEARANCE])
        add_report(s, "TCD", 2022, unchanged={"F": 2019, "I": 2019})
        effective = load_effective_reports(s)
    later = _by_year(effective)[2022]
    art4 = later.articles[4]
    assert art4 is not None and art4.status is ObligationStatus.HAS
    assert art4.provenance.carried_from == 2019
    assert art4.provenance.file.startswith("TCD-2019")
    assert art4.provenance.sheet == "Form F"
    assert [n.area for n in later.needs] == [NeedArea.CLEARANCE]
    assert later.needs[0].provenance.carried_from == 2019
    assert later.articles[3] is None  # Form B not provided


def test_chain_of_unchanged_reaches_the_data(engine):
    with transaction(engine) as s:
        add_report(s, "TCD", 2018, articles={5: "has"})
        add_report(s, "TCD", 2019, unchanged={"H": 2018})
        add_report(s, "TCD", 2020, unchanged={"H": 2019})
        effective = load_effective_reports(s)
    art5 = _by_year(effective)[2020].articles[5]
    assert art5 is not None and art5.status is ObligationStatus.HAS
    assert art5.provenance.reporting_year == 2018
    assert art5.provenance.carried_from == 2018


def test_missing_target_counts_as_not_provided(engine):
    with transaction(engine) as s:
        add_report(s, "TCD", 2020, unchanged={"B": 2017})
        effective = load_effective_reports(s)
    assert _by_year(effective)[2020].articles[3] is None


def test_annual_preferred_to_initial_and_superseded_versions_ignored(engine):
    with transaction(engine) as s:
        add_report(s, "TCD", 2019, report_type=ReportType.INITIAL, articles={3: "had"})
        add_report(s, "TCD", 2019, articles={3: "has"})
        add_report(s, "TCD", 2019, articles={3: "none"}, current=False)
        add_report(s, "TCD", 2021, unchanged={"B": 2019})
        effective = load_effective_reports(s)
    art3 = _by_year(effective)[2021].articles[3]
    assert art3 is not None and art3.status is ObligationStatus.HAS
    assert len([r for r in effective if r.ref.reporting_year == 2019]) == 2  # both current


def test_not_applicable_gives_none_and_withdrawn_never_counts(engine):
    with transaction(engine) as s:
        add_report(s, "TCD", 2021, not_applicable="B")
        add_report(s, "TCD", 2022, articles={3: "has"}, withdrawn=True)
        effective = load_effective_reports(s)
    years = _by_year(effective)
    assert 2022 not in years
    art3 = years[2021].articles[3]
    assert art3 is not None and art3.status is ObligationStatus.NONE
    assert art3.provenance.sheet == "Cover"
