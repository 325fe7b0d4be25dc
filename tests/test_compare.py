"""The pure comparison behind ``tracker reports recheck``: stored rows against rows read again."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tests.parsed_fakes import report
from tracker.ingest.compare import Difference, StoredReport, fact_differences, report_differences
from tracker.services.recheck import fact_columns, numeric_scales

COLUMNS = ("area", "needed", "estimated_cost", "sheet", "cell")


def need(cell: str, **values):
    return (
        {"area": "clearance", "needed": True, "estimated_cost": None}
        | values
        | {
            "sheet": "Form I",
            "cell": cell,
        }
    )


def test_amounts_compare_as_the_store_rounds_them():
    stored = [need("B2", estimated_cost=Decimal("0.13"))]
    assert (
        fact_differences(
            "needs",
            stored,
            [need("B2", estimated_cost=Decimal("0.125"))],
            COLUMNS,
            {"estimated_cost": 2},
        )
        == []
    )
    assert (
        fact_differences("needs", stored, [need("B2", estimated_cost=Decimal("0.13"))], COLUMNS, {})
        == []
    )
    (changed,) = fact_differences(
        "needs", stored, [need("B2", estimated_cost=Decimal("13"))], COLUMNS, {"estimated_cost": 2}
    )
    assert changed == Difference("Form I", "B2", "needs.estimated_cost", "0.13", "13")


def test_rows_matched_by_cell_added_and_dropped():
    found = fact_differences("needs", [need("B2")], [need("B3", needed=False)], COLUMNS, {})
    assert found == [
        Difference("Form I", "B2", "needs", "clearance | yes", None),
        Difference("Form I", "B3", "needs", None, "clearance | no"),
    ]
    assert found[0].as_text() == "Form I!B2: needs: stored clearance | yes, now (none)"


def test_a_report_read_again_the_same_way_has_no_difference_and_a_changed_date_has_one():
    now = report(needs=2)
    now.submitted_cell = "B5"
    stored = StoredReport(
        fields={
            "state_iso3": "LAO",
            "report_type": "annual",
            "period_from": dt.date(2024, 1, 1),
            "period_to": dt.date(2024, 12, 31),
            "submitted_on": dt.date(2025, 4, 30),
            "language": "en",
        },
        sheet="Cover",
        forms={e.form: (e.status.value, e.last_reported) for e in now.forms},
        facts={
            name: [{c: row.get(c) for c in fact_columns()[name]} for row in rows]
            for name, rows in now.facts.items()
        },
    )
    assert report_differences(stored, now, fact_columns(), numeric_scales()) == []
    stored.fields["submitted_on"] = dt.date(2027, 4, 30)
    stored.forms["I"] = ("unchanged", 2023)
    assert report_differences(stored, now, fact_columns(), numeric_scales()) == [
        Difference("Cover", "B5", "submitted_on", "2027-04-30", "2025-04-30"),
        Difference("Cover", None, "form I", "unchanged (last reported 2023)", "changed"),
    ]
