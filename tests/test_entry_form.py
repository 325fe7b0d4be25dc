"""The rules of ``/entry``'s form (tracker/services/entry.py), without a store or a server."""

from __future__ import annotations

import datetime as dt

from tracker.enums import FormStatus, ReportType
from tracker.layouts import get_layout
from tracker.services.entry import build, compact, confirm, filled, values_of
from tracker.services.prefill import Offered, Prefill
from tracker.template import Filled, place


def _prefill(lang: str = "en") -> Prefill:
    """Chad 2024, pre-filled: Form A unchanged with a summary, Form I with one need, C N/A."""
    layout = get_layout()
    label = layout.vocabularies["form_status"].label
    fill = Filled(lang, marker={"state": "TCD"}, marked_forms=("A", "I"))
    fill.fields["cover"] = {"state": "Chad", "report_type": "Annual"}
    fill.fields["A"] = {"summary": "National law of 2013"}
    fill.tables[("I", "needs")] = [{"area": "Clearance", "needed": "Yes"}]
    rows = []
    offered = {}
    for form in layout.forms:
        letter = form.form or ""
        if letter in ("A", "I"):
            offered[letter] = Offered(FormStatus.UNCHANGED, 2023)
            rows.append({"form": letter, "status": label("unchanged", lang), "last_reported": 2023})
        elif letter == "C":
            offered[letter] = Offered(FormStatus.NOT_APPLICABLE)
            rows.append({"form": letter, "status": label("not_applicable", lang)})
        else:
            offered[letter] = Offered(FormStatus.CHANGED)
            rows.append({"form": letter})
    fill.tables[("cover", "forms")] = rows
    return Prefill("TCD", "Chad", ReportType.ANNUAL, 2024, lang, layout.id, fill, None, offered)


def test_values_round_trip_through_the_form():
    layout, p = get_layout(), _prefill()
    values = values_of(layout, p.fill)
    assert values["A.summary"] == "National law of 2013"
    assert values["cover.forms.A.status"] == "unchanged"
    assert values["cover.forms.A.last_reported"] == "2023"
    again = filled(layout, "en", compact(layout, values), p.fill)
    assert again.fields["A"] == p.fill.fields["A"]
    assert again.rows("I", "needs") == p.fill.rows("I", "needs")
    assert again.rows("cover", "forms") == p.fill.rows("cover", "forms")
    assert again.marker == p.fill.marker and again.marked_forms == ("A", "I")


def test_an_unticked_unedited_form_blocks_a_ticked_one_stays_unchanged():
    layout, p = get_layout(), _prefill()
    values = compact(layout, values_of(layout, p.fill))
    _, _, blocked = confirm(layout, p, values, set())
    assert blocked == ["A", "I"]  # not applicable and other forms are never offered
    out, edited, blocked = confirm(layout, p, values, {"A", "I"})
    assert blocked == [] and edited == {"A": False, "I": False}
    assert out["cover.forms.A.status"] == "unchanged"


def test_an_edited_form_becomes_changed_and_loses_its_last_reported_year():
    layout, p = get_layout(), _prefill()
    values = compact(layout, values_of(layout, p.fill))
    values["I.needs.1.area"] = "Victim assistance"
    out, edited, blocked = confirm(layout, p, values, {"A"})
    assert blocked == [] and edited["I"]
    assert out["cover.forms.I.status"] == "changed"
    assert "cover.forms.I.last_reported" not in out
    # a status set by hand on the cover is kept as set (and counts as the confirmation)
    values = compact(layout, values_of(layout, p.fill))
    values["cover.forms.A.status"] = "not applicable"
    out, edited, blocked = confirm(layout, p, values, {"I"})
    assert blocked == [] and out["cover.forms.A.status"] == "not applicable"


def test_blank_table_rows_are_dropped_and_the_rows_renumbered():
    layout = get_layout()
    values = {"I.needs.0.area": "", "I.needs.3.area": "Other", "I.needs.3.description": " x "}
    assert compact(layout, values) == {"I.needs.0.area": "Other", "I.needs.0.description": "x"}


def test_typed_values_become_cell_values_and_what_cannot_be_read_stays_text():
    layout, p = get_layout(), _prefill()
    values = {
        "cover.submitted_on": "2025-04-30",
        "cover.period_to": "31 Febtember",
        "I.needs.0.area": "Clearance",
        "I.needs.0.estimated_cost": "1500.50",
        "I.needs.1.area": "Other",
        "I.needs.1.estimated_cost": "12 000",
    }
    fill = filled(layout, "en", compact(layout, values), p.fill)
    assert fill.fields["cover"]["submitted_on"] == dt.date(2025, 4, 30)
    assert fill.fields["cover"]["period_to"] == "31 Febtember"  # the import will say where
    assert [r.get("estimated_cost") for r in fill.rows("I", "needs")] == [1500.5, "12 000"]
    assert fill.fields["cover"]["state"] == "Chad"  # the identity is the pre-fill's


def test_issues_land_beside_the_input_of_their_cell():
    layout, p = get_layout(), _prefill()
    values = compact(layout, values_of(layout, p.fill))
    needs = place(layout, layout.sheet("I"), {"needs": 1}).tables["needs"]
    where = f"B{needs.first_row}"
    issues = {
        ("Cover", "B5"): ["error unsubmitted-template: fill in the date"],
        ("Form I", where): ["warning x: the need's cell"],
        ("Form I", "Z99"): ["info y: somewhere on the sheet"],
        ("", ""): ["error z: the file"],
    }
    sheets, nowhere = build(layout, p, values, issues=issues)
    cover = next(s for s in sheets if s.key == "cover")
    submitted = next(i for i in cover.fields if i.name == "cover.submitted_on")
    assert submitted.cell == "Cover!B5" and submitted.issues == issues[("Cover", "B5")]
    form_i = next(s for s in sheets if s.key == "I")
    row = next(t for t in form_i.tables if t.name == "needs").rows[0]
    assert [i.issues for i in row if i.issues] == [["warning x: the need's cell"]]
    assert form_i.issues == ["Z99: info y: somewhere on the sheet"]
    assert nowhere == ["error z: the file"]


def test_the_form_follows_the_language_of_the_report():
    layout, p = get_layout(), _prefill("fr")
    sheets, _ = build(layout, p, compact(layout, values_of(layout, p.fill)))
    assert [s.title for s in sheets][:2] == ["Couverture", "Formulaire A"]
    status = next(s for s in sheets if s.key == "cover").tables[0].rows[0][1]
    assert status.value == "inchangé" and "non applicable" in status.choices
