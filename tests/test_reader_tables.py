"""Tables and key–value blocks: found by headers and labels wherever they are, nothing dropped silently."""

from __future__ import annotations

from tests.workbooks import build_report, edit_cells
from tracker.ingest.reader import read_file


def only(parsed, code):
    found = [i for i in parsed.issues if i.code == code]
    assert len(found) == 1, [i.as_text() for i in parsed.issues]
    return found[0]


def facts(parsed, table):
    return parsed.reports[0].facts.get(table, [])


def test_missing_required_header_is_named(tmp_path):
    path = tmp_path / "r.xlsx"
    built = build_report(path)
    header = built.header_row("I", "needs")
    edit_cells(path, {("Form I", f"B{header}"): None})  # "Assistance needed"
    parsed = read_file(path)
    found = only(parsed, "missing-column")
    assert (found.severity, found.sheet, found.cell) == ("error", "Form I", f"A{header}")
    assert "Assistance needed" in found.message
    assert facts(parsed, "needs") == []
    # The other Form I tables are still read.
    assert len(facts(parsed, "national_resources")) == 1


def test_missing_one_of_quantity_headers(tmp_path):
    path = tmp_path / "r.xlsx"
    built = build_report(path)
    header = built.header_row("B", "stocks")
    edit_cells(path, {("Form B", f"B{header}"): None, ("Form B", f"C{header}"): None})
    found = only(read_file(path), "missing-column")
    assert "Munitions held" in found.message and "Submunitions held" in found.message


def test_columns_in_another_order_and_place(tmp_path):
    path = tmp_path / "r.xlsx"

    def reshuffle(wb):
        ws = wb["Form F"]
        ws.move_range("A8:E10", rows=2, cols=3)  # header and rows now start in column D
        # swap Location and Submunitions destroyed columns
        for row in range(10, 13):
            a, e = ws.cell(row, 4).value, ws.cell(row, 8).value
            ws.cell(row, 4).value, ws.cell(row, 8).value = e, a

    built = build_report(path, extra=reshuffle)
    assert built.header_row("F", "areas") == 8
    parsed = read_file(path)
    assert parsed.ok and parsed.issues == [], [i.as_text() for i in parsed.issues]
    areas = facts(parsed, "contaminated_areas")
    assert [(a["location"], a["submunitions_destroyed"]) for a in areas] == [
        ("Ennedi", 12),
        ("Tibesti", 0),
    ]
    assert areas[0]["cell"] == "D11"  # first cell of the row


def test_merged_cells_read_as_filled(tmp_path):
    path = tmp_path / "r.xlsx"
    rows = [
        {
            "area": "Clearance",
            "needed": "yes",
            "description": "Survey",
            "estimated_cost": 10,
            "currency": "USD",
        },
        {"needed": "yes", "description": "Clearance teams", "estimated_cost": 20},
    ]

    def merge(wb):
        ws = wb["Form I"]
        header = built_holder["b"].header_row("I", "needs")
        ws.merge_cells(f"A{header + 1}:A{header + 2}")  # one Area for both rows
        ws.merge_cells(f"E{header + 1}:E{header + 2}")  # one Currency for both rows

    built_holder = {}
    built_holder["b"] = build_report(
        tmp_path / "probe.xlsx", forms={"I": {"tables": {"needs": rows}}}
    )
    build_report(path, forms={"I": {"tables": {"needs": rows}}}, extra=merge)
    parsed = read_file(path)
    assert parsed.ok, [i.as_text() for i in parsed.issues]
    needs = facts(parsed, "needs")
    assert [(n["area"], n["currency"], n["description"]) for n in needs] == [
        ("clearance", "USD", "Survey"),
        ("clearance", "USD", "Clearance teams"),
    ]


def test_merged_label_over_two_rows_is_one_label(tmp_path):
    path = tmp_path / "r.xlsx"

    def merge(wb):
        ws = wb["Form J"]
        ws.insert_rows(2)
        ws.merge_cells("A1:A2")

    build_report(path, extra=merge)
    parsed = read_file(path)
    assert parsed.issues == [], [i.as_text() for i in parsed.issues]


def test_duplicate_row_is_a_warning_and_kept_once(tmp_path):
    path = tmp_path / "r.xlsx"
    row = {"activity": "School sessions", "location": "Ennedi", "people_reached": 3400}
    built = build_report(
        path, forms={"G": {"tables": {"activities": [row, {**row, "location": "Borkou"}, row]}}}
    )
    parsed = read_file(path)
    found = only(parsed, "duplicate-row")
    assert (found.severity, found.cell) == (
        "warning",
        built.row_cell("G", "activities", 2, "activity"),
    )
    assert str(built.header_row("G", "activities") + 1) in found.message
    assert [a["location"] for a in facts(parsed, "risk_education_activities")] == [
        "Ennedi",
        "Borkou",
    ]


def test_rows_after_a_gap_are_a_warning(tmp_path):
    path = tmp_path / "r.xlsx"

    def gap(wb):
        ws = wb["Form G"]
        last = ws.max_row
        ws.cell(last + 2, 1).value = "Radio spots"
        ws.cell(last + 2, 3).value = 50000

    built = build_report(path, extra=gap)
    parsed = read_file(path)
    found = only(parsed, "rows-after-gap")
    assert found.severity == "warning" and found.sheet == "Form G"
    assert [a["activity"] for a in facts(parsed, "risk_education_activities")] == [
        "School sessions"
    ]
    assert built.header_row("G", "activities") < int(found.cell[1:])


def test_unknown_column_and_unknown_label(tmp_path):
    path = tmp_path / "r.xlsx"

    def extra(wb):
        ws = wb["Form G"]
        header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Activity")
        ws.cell(header, 4).value = "Donor"
        ws.cell(header + 1, 4).value = "UNICEF"
        ws.insert_rows(1)
        ws.cell(1, 1).value = "Prepared by"

    build_report(path, extra=extra)
    parsed = read_file(path)
    column = only(parsed, "unknown-column")
    assert (column.severity, column.value, column.cell[0]) == ("warning", "Donor", "D")
    label = only(parsed, "unknown-label")
    assert (label.severity, label.cell, label.value) == ("warning", "A1", "Prepared by")
    assert parsed.ok


def test_blank_required_cell_in_a_row(tmp_path):
    path = tmp_path / "r.xlsx"
    built = build_report(
        path, forms={"F": {"tables": {"areas": [{"location": "X", "area_m2": 5}]}}}
    )
    parsed = read_file(path)
    found = only(parsed, "missing-required-value")
    assert found.cell == built.row_cell("F", "areas", 0, "area_status")
    assert facts(parsed, "contaminated_areas") == []


def test_blank_tick_column_means_no(tmp_path):
    path = tmp_path / "r.xlsx"
    build_report(
        path, forms={"I": {"tables": {"needs": [{"area": "Other", "description": "Training"}]}}}
    )
    parsed = read_file(path)
    assert parsed.ok
    assert [n["needed"] for n in facts(parsed, "needs")] == [False]


def test_required_status_on_changed_form(tmp_path):
    path = tmp_path / "r.xlsx"
    built = build_report(path, forms={"F": {"fields": {"status": None}}})
    found = only(read_file(path), "missing-required-value")
    assert (found.sheet, found.cell, found.field) == ("Form F", built.cell("F", "status"), "status")


def test_completion_date_required_when_completed(tmp_path):
    path = tmp_path / "r.xlsx"
    build_report(path, forms={"B": {"fields": {"status": "destruction completed"}}})
    found = only(read_file(path), "missing-required-value")
    assert found.field == "completed_on"


def test_the_deadline_and_the_extension_keep_their_own_cells(tmp_path):
    path = tmp_path / "r.xlsx"
    built = build_report(path, forms={"B": {"fields": {"completed_on": None}}})
    fact = next(f for f in facts(read_file(path), "article_facts") if f["article"] == 3)
    assert fact["cell"] == built.cell("B", "status")
    assert fact["deadline_cell"] == built.cell("B", "deadline") != fact["cell"]
    assert fact["extension_cell"] == built.cell("B", "extension_until")
    # A blank field names no cell.
    bare = tmp_path / "bare.xlsx"
    build_report(bare, forms={"B": {"fields": {"extension_until": None}}})
    fact = next(f for f in facts(read_file(bare), "article_facts") if f["article"] == 3)
    assert fact["extension_cell"] is None and fact["deadline_cell"] is not None
