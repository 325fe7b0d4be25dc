"""Pre-filled templates: ``tracker template --state`` and the service behind ``/entry``.

Once dated, a pre-filled workbook imported without other edits gives the same statuses and
needs, after carry-forward, as the report it was filled from; left undated, or with an
*unchanged* form edited, the import refuses it with the two codes of the pre-fill.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.workbooks import build_report, edit_cells
from tracker.carry import resolve_all
from tracker.db import transaction
from tracker.enums import ReportType
from tracker.ingest.prefilled import MARKER_SHEET
from tracker.layouts import TEMPLATE_LAYOUT, get_layout
from tracker.services.imports import import_paths
from tracker.services.prefill import prefill
from tracker.services.store import Projection, Versions, read_store
from tracker.template import place, write_template


def _import(engine, path: Path):
    result = import_paths(engine, [path], jobs=0)
    (file,) = result.files
    return file


def _effective(engine, year: int):
    with transaction(engine) as session:
        rows = read_store(session, Projection(versions=Versions.CURRENT, dates=True))
    (report,) = [
        r
        for r in resolve_all(rows.reports)
        if r.ref.reporting_year == year and r.ref.state_iso3 == "TCD"
    ]
    articles = {
        a: None if s is None else (s.status, s.completed_on, s.deadline, s.extension_until)
        for a, s in report.articles.items()
    }
    needs = sorted((n.area, n.description, n.estimated_cost, n.currency) for n in report.needs)
    return articles, needs


def _write(engine, tmp_path: Path, name: str, **options) -> Path:
    with transaction(engine) as session:
        filled = prefill(session, "TCD", **options)
    return write_template(tmp_path / name, filled.lang, filled.layout_id, filled.fill)


def test_a_dated_prefilled_workbook_gives_the_statuses_and_needs_of_its_source(engine, tmp_path):
    source = tmp_path / "chad-2024.xlsx"
    build_report(source, year=2024)
    assert _import(engine, source).outcome.value == "imported"

    path = _write(engine, tmp_path, "chad-2025.xlsx", year=2025)
    undated = _import(engine, path)
    assert undated.outcome.value == "rejected"
    codes = [(i.code, i.sheet, i.cell) for i in undated.issues if i.severity.value == "error"]
    assert codes == [("unsubmitted-template", "Cover", "B5")]
    assert "missing-submission-date" not in {i.code for i in undated.issues}

    edit_cells(path, {("Cover", "B5"): dt.date(2026, 4, 30)})
    dated = _import(engine, path)
    assert dated.outcome.value == "imported", [i.message for i in dated.issues]
    assert not [i for i in dated.issues if i.code == "sheet-ignored"]
    assert _effective(engine, 2025) == _effective(engine, 2024)
    before = _effective(engine, 2024)
    assert before[0][3] is not None and before[1]  # the case has a status and needs to compare


@pytest.mark.parametrize(
    ("lang", "layout_id"),
    [("ar", TEMPLATE_LAYOUT), ("zh", TEMPLATE_LAYOUT), ("ru", TEMPLATE_LAYOUT), ("fr", "ccm-a7/1")],
)
def test_a_prefilled_workbook_round_trips_in_every_script_and_layout(
    engine, tmp_path, lang, layout_id
):
    build_report(tmp_path / "source.xlsx", year=2024, lang=lang)
    assert _import(engine, tmp_path / "source.xlsx").outcome.value == "imported"
    path = _write(engine, tmp_path, "next.xlsx", year=2025, layout_id=layout_id)
    layout = get_layout(layout_id)
    cover = layout.cover
    book = load_workbook(path)
    assert cover.name(lang) in book.sheetnames  # in the source's language, by default
    cells = place(layout, cover).fields
    assert book[cover.name(lang)][cells["layout"]].value == layout_id
    assert book[MARKER_SHEET].sheet_state == "hidden"
    submitted = cells["submitted_on"]
    undated = _import(engine, path)
    assert [(i.code, i.cell) for i in undated.issues if i.severity.value == "error"] == [
        ("unsubmitted-template", submitted)
    ]
    edit_cells(path, {(cover.name(lang), submitted): dt.date(2026, 4, 30)})
    dated = _import(engine, path)
    assert dated.outcome.value == "imported", [i.message for i in dated.issues]
    assert dated.language == lang
    assert not [i for i in dated.issues if i.code == "sheet-ignored"]
    assert _effective(engine, 2025) == _effective(engine, 2024)


def test_an_edited_form_still_marked_unchanged_is_refused_at_its_cover_cell(engine, tmp_path):
    build_report(tmp_path / "chad-2024.xlsx", year=2024)
    _import(engine, tmp_path / "chad-2024.xlsx")
    path = _write(engine, tmp_path, "chad-2025.xlsx", year=2025)
    book = load_workbook(path)
    cover = book["Cover"]
    row_b = next(r for r in range(1, cover.max_row + 1) if cover.cell(r, 1).value == "B")
    assert cover.cell(row_b, 2).value == "unchanged" and cover.cell(row_b, 3).value == 2024
    assert book[MARKER_SHEET].sheet_state == "hidden"
    edit_cells(path, {("Cover", "B5"): dt.date(2026, 4, 30), ("Form B", "B3"): "2030-01-01"})
    result = _import(engine, path)
    errors = [
        (i.code, i.sheet, i.cell, i.message) for i in result.issues if i.severity.value == "error"
    ]
    assert errors == [
        (
            "edited-unchanged-form",
            "Cover",
            f"B{row_b}",
            "Form B was edited but is marked unchanged: mark it changed",
        )
    ]
    # Marked changed, the edit is this year's data and the file imports.
    edit_cells(path, {("Cover", f"B{row_b}"): "changed", ("Cover", f"C{row_b}"): None})
    assert _import(engine, path).outcome.value == "imported"


def test_not_applicable_forms_stay_so_and_the_language_follows_the_source(engine, tmp_path):
    build_report(tmp_path / "chad-fr.xlsx", year=2024, lang="fr")
    _import(engine, tmp_path / "chad-fr.xlsx")
    with transaction(engine) as session:
        filled = prefill(session, "TCD")
    assert (filled.year, filled.lang, filled.report_type) == (2025, "fr", ReportType.ANNUAL)
    rows = {r["form"]: r for r in filled.fill.rows("cover", "forms")}
    assert rows["C"] == {"form": "C", "status": "non applicable"}
    assert rows["B"] == {"form": "B", "status": "inchangé", "last_reported": 2024}
    assert filled.fill.fields["cover"]["contact_name"] == "A. Focal"
    assert "submitted_on" not in filled.fill.fields["cover"]
    with transaction(engine) as session:
        assert prefill(session, "TCD", lang="es").lang == "es"


def test_cli_state_and_all_parties_never_overwrite(engine, db_url, run_cli, tmp_path):
    build_report(tmp_path / "chad.xlsx", year=2024)
    _import(engine, tmp_path / "chad.xlsx")
    result = run_cli("--db", db_url, "template", "-o", "next.xlsx", "--state", "Chad")
    assert result.exit_code == 0, result.stderr
    assert "TCD 2025 annual (en), pre-filled from TCD 2024 annual" in result.stdout
    assert load_workbook(tmp_path / "exports" / "next.xlsx")[MARKER_SHEET]["B2"].value == "TCD"

    folder = tmp_path / "season"
    none = run_cli("--db", db_url, "template", "--all-parties", str(folder))
    assert none.exit_code == 1 and "states import --bundled" in none.stderr
    assert run_cli("--db", db_url, "states", "import", "--bundled").exit_code == 0
    first = run_cli("--db", db_url, "template", "--all-parties", str(folder))
    assert first.exit_code == 0, first.stderr
    names = sorted(p.name for p in folder.iterdir())
    assert "TCD-2025-annual.xlsx" in names and all(n.endswith("-annual.xlsx") for n in names)
    (folder / "TCD-2025-annual.xlsx").write_bytes(b"mine")
    again = run_cli("--db", db_url, "template", "--all-parties", str(folder))
    assert (folder / "TCD-2025-annual.xlsx").read_bytes() == b"mine"
    assert f"{len(names)} kept" in again.stdout.splitlines()[-1]


def test_cli_refusals(engine, db_url, run_cli):
    assert run_cli("--db", db_url, "template", "-o", "x.xlsx", "--year", "2024").exit_code == 2
    assert run_cli("--db", db_url, "template").exit_code == 2
    unknown = run_cli("--db", db_url, "template", "-o", "x.xlsx", "--state", "Atlantis")
    assert unknown.exit_code == 1 and "Atlantis" in unknown.stderr
