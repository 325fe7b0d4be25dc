"""The worked example of spec/indicators.md §10 as a store: five States and their reports.

Put into a migrated store with the figure factories, so that the engine computes the example from
the store (``tests/test_indicators_engine.py``), never from hand-made results.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from tests.factories import add_membership, add_report
from tracker.models import Membership
from tracker.models.enums import NeedArea, ReportType

D = dt.date
INITIAL = ReportType.INITIAL
IN_FORCE = {
    "HRV": D(2010, 8, 1),
    "TCD": D(2013, 9, 1),
    "MRT": D(2012, 8, 1),
    "TGO": D(2012, 12, 1),
    "CPV": D(2011, 4, 1),
}
AS_OF, ON = 2024, D(2025, 12, 31)


def member(session: Session, iso3: str) -> None:
    """A membership record with the example's entry into force."""
    record: Membership = add_membership(session, iso3)
    record.entry_into_force = IN_FORCE[iso3]
    session.flush()


def build(session: Session) -> None:
    """The five States of §10 and their reports (all current)."""
    for iso3 in IN_FORCE:
        member(session, iso3)
    # Croatia: an initial report with every obligation, then completion in 2023, carried into
    # 2024 by "unchanged (last reported 2023)".
    add_report(
        session,
        "HRV",
        2010,
        report_type=INITIAL,
        submitted=D(2011, 1, 20),
        articles={3: "has", 4: "has", 5: "has"},
        file_name="HRV-2010-initial.xlsx",
    )
    add_report(
        session,
        "HRV",
        2023,
        submitted=D(2024, 4, 15),
        articles={3: "had", 4: "had", 5: "has"},
        needs=[NeedArea.VICTIM_ASSISTANCE],
        file_name="HRV-2023.xlsx",
    )
    add_report(
        session,
        "HRV",
        2024,
        submitted=D(2025, 4, 28),
        unchanged={"B": 2023, "F": 2023, "H": 2023, "I": 2023},
        file_name="HRV-2024.xlsx",
    )
    # Chad: contaminated with an extension until 2026-09-01.
    add_report(
        session, "TCD", 2013, report_type=INITIAL, submitted=D(2014, 2, 20), file_name="TCD-i.xlsx"
    )
    extension = {4: {"extension_until": D(2026, 9, 1), "extension_cell": "B4"}}
    for year, submitted, area in (
        (2022, D(2023, 4, 30), NeedArea.CLEARANCE),
        (2024, D(2025, 5, 20), NeedArea.VICTIM_ASSISTANCE),
    ):
        add_report(
            session,
            "TCD",
            year,
            submitted=submitted,
            articles={4: "has", 5: "has"},
            not_applicable="B",
            needs=[area],
            facts=extension,
            file_name=f"TCD-{year}.xlsx",
        )
    # Mauritania: a late initial report, clearance completed in 2018, contaminated again in 2024.
    add_report(
        session, "MRT", 2012, report_type=INITIAL, submitted=D(2013, 3, 1), file_name="MRT-i.xlsx"
    )
    add_report(
        session, "MRT", 2018, submitted=D(2019, 4, 30), articles={4: "had"}, file_name="MRT-18.xlsx"
    )
    add_report(
        session,
        "MRT",
        2024,
        submitted=D(2025, 3, 31),
        articles={4: "has", 5: "none"},
        not_applicable="B",
        needs=[NeedArea.RISK_REDUCTION_EDUCATION],
        file_name="MRT-2024.xlsx",
    )
    # Togo: no initial report; stockpiles with an extension until 2026-06-30.
    add_report(
        session,
        "TGO",
        2024,
        submitted=D(2025, 6, 10),
        articles={3: "has", 5: "none"},
        not_applicable="F",
        needs=[NeedArea.STOCKPILE_DESTRUCTION],
        facts={3: {"extension_until": D(2026, 6, 30), "extension_cell": "B4"}},
        file_name="TGO-2024.xlsx",
    )
