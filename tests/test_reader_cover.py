"""The cover sheet's rules: required fields, period, form statuses against the form sheets."""

from __future__ import annotations

from tests.workbooks import DROP, build_report
from tracker.ingest.reader import read_file
from tracker.models.enums import FormStatus


def issues(parsed, code):
    return [i for i in parsed.issues if i.code == code]


def form(parsed, letter):
    return next(f for f in parsed.reports[0].forms if f.form == letter)


def test_missing_cover_is_an_error(tmp_path):
    path = tmp_path / "r.xlsx"
    build_report(path, extra=lambda wb: setattr(wb["Cover"], "title", "Front page"))
    parsed = read_file(path)
    (missing,) = issues(parsed, "missing-cover")
    assert missing.severity == "error" and parsed.reports == []
    assert [i.sheet for i in issues(parsed, "unknown-sheet")] == ["Front page"]


def test_required_cover_values(tmp_path):
    path = tmp_path / "r.xlsx"
    built = build_report(path, cover_overrides={"report_type": None, "period_from": DROP})
    parsed = read_file(path)
    found = {i.field: i for i in issues(parsed, "missing-required-value")}
    assert set(found) == {"report_type", "period_from"}
    assert found["report_type"].cell == built.cell("cover", "report_type")
    assert found["period_from"].cell is None and "add the label" in found["period_from"].message
    assert parsed.reports == []


def test_missing_submission_date_is_a_warning(tmp_path):
    path = tmp_path / "r.xlsx"
    build_report(path, cover_overrides={"submitted_on": None})
    parsed = read_file(path)
    assert [(i.code, i.severity) for i in parsed.issues] == [("missing-submission-date", "warning")]
    assert parsed.ok and parsed.reports[0].submitted_on is None


def test_period_must_end_after_it_starts(tmp_path):
    path = tmp_path / "r.xlsx"
    build_report(path, cover_overrides={"period_from": "2024-12-31", "period_to": "2024-01-01"})
    assert [i.code for i in read_file(path).issues] == ["bad-period"]


def test_irregular_initial_period_counts_for_the_year_of_its_end(tmp_path):
    path = tmp_path / "r.xlsx"
    build_report(
        path,
        report_type="initial",
        cover_overrides={"period_from": "1 March 2015", "period_to": "31 October 2017"},
    )
    parsed = read_file(path)
    assert parsed.ok
    assert parsed.reports[0].reporting_year == 2017 and parsed.reports[0].report_type == "initial"


def test_unchanged_with_an_earlier_year_is_carried_by_reference(tmp_path):
    path = tmp_path / "r.xlsx"
    build_report(path, forms={"B": {"status": "unchanged", "last_reported": 2022}})
    parsed = read_file(path)
    assert parsed.ok
    entry = form(parsed, "B")
    assert (entry.status, entry.last_reported) == (FormStatus.UNCHANGED, 2022)
    # The Form B sheet is filled but ignored: its data is not this year's.
    assert [i.sheet for i in issues(parsed, "sheet-ignored")] == ["Form B"]
    assert [f["article"] for f in parsed.reports[0].facts["article_facts"]] == [4, 5]


def test_unchanged_without_a_year(tmp_path):
    path = tmp_path / "r.xlsx"
    built = build_report(path, forms={"J": {"status": "unchanged"}})
    (found,) = issues(read_file(path), "bad-last-reported")
    assert found.severity == "error" and found.cell == built.form_cell("J").replace("B", "C")


def test_unchanged_with_a_year_not_earlier_than_the_report(tmp_path):
    path = tmp_path / "r.xlsx"
    build_report(path, year=2024, forms={"J": {"status": "unchanged", "last_reported": 2024}})
    (found,) = issues(read_file(path), "bad-last-reported")
    assert found.value == "2024" and "earlier" in found.message


def test_unchanged_in_an_initial_report(tmp_path):
    path = tmp_path / "r.xlsx"
    build_report(
        path, report_type="initial", forms={"J": {"status": "unchanged", "last_reported": 2020}}
    )
    parsed = read_file(path)
    (found,) = issues(parsed, "unchanged-in-initial")
    assert found.severity == "error" and not parsed.ok


def test_form_a_cannot_be_not_applicable(tmp_path):
    path = tmp_path / "r.xlsx"
    built = build_report(path, forms={"A": {"status": "N/A"}})
    (found,) = issues(read_file(path), "not-applicable-not-allowed")
    assert (found.severity, found.cell) == ("error", built.form_cell("A"))


def test_changed_form_without_its_sheet_counts_as_not_provided(tmp_path):
    path = tmp_path / "r.xlsx"
    built = build_report(path, forms={"G": {"sheet": False}})
    parsed = read_file(path)
    (found,) = issues(parsed, "missing-sheet")
    assert (found.severity, found.cell) == ("warning", built.form_cell("G"))
    assert parsed.ok and form(parsed, "G").status == FormStatus.NOT_PROVIDED
    assert "risk_education_activities" not in parsed.reports[0].facts


def test_filled_sheet_with_blank_status_counts_as_changed(tmp_path):
    path = tmp_path / "r.xlsx"
    build_report(path, forms={"H": {"status": None}})
    parsed = read_file(path)
    (found,) = issues(parsed, "status-inferred")
    assert found.severity == "info"
    assert form(parsed, "H").status == FormStatus.CHANGED
    assert 5 in [f["article"] for f in parsed.reports[0].facts["article_facts"]]


def test_blank_status_and_empty_sheet_is_not_provided(tmp_path):
    path = tmp_path / "r.xlsx"
    build_report(path, forms={"C": {"status": None}})
    parsed = read_file(path)
    assert parsed.issues == [] and form(parsed, "C").status == FormStatus.NOT_PROVIDED


def test_not_applicable_form_with_a_filled_sheet_is_ignored(tmp_path):
    path = tmp_path / "r.xlsx"
    build_report(path, forms={"F": {"status": "not applicable"}})
    parsed = read_file(path)
    assert [(i.code, i.severity, i.sheet) for i in parsed.issues] == [
        ("sheet-ignored", "info", "Form F")
    ]
    assert "contaminated_areas" not in parsed.reports[0].facts


def test_form_column_takes_sheet_names_in_any_language(tmp_path):
    path = tmp_path / "r.xlsx"

    def rename(wb):
        ws = wb["Cover"]
        for row in ws.iter_rows(min_col=1, max_col=1):
            if row[0].value == "B":
                row[0].value = "Formulaire B"

    build_report(path, extra=rename)
    parsed = read_file(path)
    assert parsed.ok and form(parsed, "B").status == FormStatus.CHANGED


def test_form_sheet_name_aliases(tmp_path):
    path = tmp_path / "r.xlsx"
    build_report(path, extra=lambda wb: setattr(wb["Form F"], "title", "Form_F"))
    parsed = read_file(path)
    assert parsed.ok and parsed.issues == []
    assert {a["sheet"] for a in parsed.reports[0].facts["contaminated_areas"]} == {"Form_F"}


def test_other_sheets_are_an_info_note(tmp_path):
    path = tmp_path / "r.xlsx"
    build_report(path, extra=lambda wb: wb.create_sheet("Notes"))
    parsed = read_file(path)
    assert [(i.code, i.severity, i.sheet) for i in parsed.issues] == [
        ("unknown-sheet", "info", "Notes")
    ]


def test_unknown_layout_is_an_error(tmp_path):
    path = tmp_path / "r.xlsx"
    build_report(path, cover_overrides={"layout": "ccm-a7/9"})
    assert [i.code for i in read_file(path).issues] == ["unknown-layout"]


def test_spanish_report(tmp_path):
    path = tmp_path / "r.xlsx"
    build_report(
        path,
        lang="es",
        state="Bolivia",
        forms={"J": {"status": "sin cambios", "last_reported": 2021}},
    )
    parsed = read_file(path)
    assert parsed.ok, [i.as_text() for i in parsed.issues]
    report = parsed.reports[0]
    assert (report.language, report.state_iso3, report.sheet) == ("es", "BOL", "Portada")
    assert form(parsed, "J").last_reported == 2021
