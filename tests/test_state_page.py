"""``tracker state show``: the page the ISU opens before meeting a delegation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tests.factories import add_membership, add_report
from tracker.db import transaction
from tracker.membership import MemberStatus
from tracker.models.enums import NeedArea, ObligationStatus, ReportType
from tracker.services.state_page import build_state_page, render_state_page


def _chad(engine) -> None:
    with transaction(engine) as s:
        add_membership(s, "TCD", dt.date(2013, 3, 26), signed=dt.date(2008, 12, 3))
        add_report(
            s,
            "TCD",
            2013,
            report_type=ReportType.INITIAL,
            articles={3: "none", 4: "has"},
            file_name="TCD-2013-initial.xlsx",
        )
        add_report(
            s,
            "TCD",
            2019,
            articles={4: "has", 5: "has"},
            needs=[(NeedArea.CLEARANCE, "Survey of Ennedi", Decimal("1200000"), "USD")],
            submitted=dt.date(2020, 4, 30),
            file_name="TCD-2019.xlsx",
        )
        add_report(
            s,
            "TCD",
            2019,
            articles={4: "none"},
            submitted=dt.date(2020, 3, 1),
            current=False,
            file_name="TCD-2019-draft.xlsx",
        )
        add_report(s, "TCD", 2020, articles={4: "has"}, withdrawn=True, file_name="TCD-2020.xlsx")
        add_report(s, "LAO", 2019, articles={5: "has"}, file_name="LAO-2019.xlsx")  # not Chad's
        add_report(
            s,
            "TCD",
            2022,
            unchanged={"F": 2019, "I": 2019},
            not_applicable="B",
            file_name="TCD-2022.xlsx",
        )


def test_statuses_per_year_with_their_cells_and_carry_forward(engine):
    _chad(engine)
    with transaction(engine) as s:
        page = build_state_page(s, "Tchad", dt.date(2025, 12, 31))
    assert (page.iso3, page.name, page.status) == ("TCD", "Chad", MemberStatus.STATE_PARTY)
    assert [(y.reporting_year, y.report.ref.report_type) for y in page.years] == [
        (2013, ReportType.INITIAL),
        (2019, ReportType.ANNUAL),
        (2022, ReportType.ANNUAL),
    ]
    by_year = {y.reporting_year: y for y in page.years}
    art4_2022 = by_year[2022].article(4)
    assert art4_2022 is not None and art4_2022.status is ObligationStatus.HAS
    assert (art4_2022.provenance.file, art4_2022.provenance.carried_from) == ("TCD-2019.xlsx", 2019)
    assert by_year[2022].article(5) is None  # Form H not provided
    assert by_year[2013].party_at_year_end is True  # in force 1 Sep 2013
    text = render_state_page(page)
    assert (
        "Article 4: has (contaminated)  [Form F!B1 in TCD-2019.xlsx, carried forward from 2019]"
        in text
    )
    assert "Article 3: none (not applicable)" in text
    assert "Article 5: —  (Form H not provided)" in text


def test_needs_by_year_and_every_version_received(engine):
    _chad(engine)
    with transaction(engine) as s:
        page = build_state_page(s, "TCD", dt.date(2025, 1, 1))
    text = render_state_page(page)
    needs = text[text.index("Declared needs") : text.index("Reports received")]
    assert (
        "clearance: Survey of Ennedi (estimated 1,200,000.00 USD)  [Form I!B2 in TCD-2019.xlsx]"
        in needs
    )
    assert "2022 annual" in needs and "carried forward from 2019" in needs
    standing = [(v.reporting_year, v.file_name, v.standing) for v in page.versions]
    assert standing == [
        (2013, "TCD-2013-initial.xlsx", "current"),
        (2019, "TCD-2019.xlsx", "current"),
        (2019, "TCD-2019-draft.xlsx", "superseded"),
        (2020, "TCD-2020.xlsx", "withdrawn"),
        (2022, "TCD-2022.xlsx", "current"),
    ]
    assert 2020 not in {y.reporting_year for y in page.years}  # withdrawn: never a status


def test_status_on_a_date_and_reports_before_entry_into_force(engine):
    with transaction(engine) as s:
        add_membership(s, "NGA", dt.date(2023, 2, 28))  # in force 1 Aug 2023
        add_report(s, "NGA", 2022, report_type=ReportType.INITIAL, articles={5: "has"})
    with transaction(engine) as s:
        before = build_state_page(s, "Nigeria", dt.date(2023, 7, 31))
        after = build_state_page(s, "Nigeria", dt.date(2023, 8, 1))
    assert before.status is MemberStatus.NOT_YET_IN_FORCE
    assert after.status is MemberStatus.STATE_PARTY
    assert before.years[0].party_at_year_end is False
    assert "(not counted: not a State Party on 31 Dec)" in render_state_page(before)


def test_a_state_without_membership_has_its_deadlines_after_the_membership(engine):
    with transaction(engine) as s:
        page = build_state_page(s, "MMR", dt.date(2025, 1, 1))
    assert page.membership is None and page.status is MemberStatus.UNKNOWN
    text = render_state_page(page)
    assert text.index("Membership") < text.index("Deadlines on") < text.index("Obligation")
    assert "  Article 3: no Article 3 obligation reported" in text
    assert "no membership record (load the reference list: tracker states import --bundled)" in (
        text
    )


def test_cli_shows_the_page_and_refuses_unknown_states(engine, db_url, run_cli):
    _chad(engine)
    result = run_cli("--db", db_url, "state", "show", "Chad", "--on", "2025-12-31")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Chad (TCD)\nStatus on 2025-12-31: State Party")
    unknown = run_cli("--db", db_url, "state", "show", "Atlantis")
    assert unknown.exit_code == 1 and "unknown State 'Atlantis'" in unknown.stderr
    assert run_cli("--db", db_url, "state", "show", "TCD", "--on", "soon").exit_code == 2
