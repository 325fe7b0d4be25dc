"""One report, six languages: the same facts filled into each template store the same rows.

Each workbook is the blank template ``tracker template --lang L`` writes, filled the way a State
writing in that language would: labels and closed-list values as the template shows them, State
names in the language, dates and numbers typed as text the local way (``٣٠ نيسان/أبريل ٢٠٢٥``,
``2025年4月30日``, ``1 250,5``). Imported into a real store (SQLite and PostgreSQL), every
language's report must store exactly the rows of the English one: facts, statuses, provenance
cells; only the sheet names and the language differ. A round trip through LibreOffice
(``soffice --convert-to xlsx``) must keep that true. Bad values give the right code and cell.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tests.filled_templates import fill, filled
from tests.libreoffice import soffice
from tracker import models
from tracker.ingest.parsed import FACT_TABLES
from tracker.ingest.reader import read_file
from tracker.layouts import get_layout
from tracker.models import FormStatusRow, Report, SourceFile
from tracker.services.imports import import_paths
from tracker.template import write_template

LANGS = ["en", "fr", "es", "ar", "zh", "ru"]
OTHERS = ["ar", "zh", "ru"]
NO_SOFFICE = (
    "LibreOffice not installed: install Debian's libreoffice-calc-nogui to check that workbooks "
    "saved by LibreOffice import to the same facts"
)

# Columns that say where a row is stored, not what the report says.
STORE_ONLY = {"id", "report_id", "sheet"}
MODELS = {m.__tablename__: m for m in vars(models).values() if hasattr(m, "__tablename__")}


def stored_rows(engine, file_name: str) -> dict[str, Any]:
    """Everything the store holds for the report of one file, without store-only columns."""
    with engine.connect() as conn:
        report = conn.execute(
            select(Report).join(SourceFile).where(SourceFile.file_name == file_name)
        ).one()
        out: dict[str, Any] = {
            "report": (
                report.state_iso3,
                str(report.report_type),
                report.reporting_year,
                report.period_from,
                report.period_to,
                report.submitted_on,
                report.contact_name,
            ),
            "forms": sorted(
                (r.form, str(r.status), r.last_reported, r.cell)
                for r in conn.execute(
                    select(FormStatusRow).where(FormStatusRow.report_id == report.id)
                )
            ),
        }
        for table in FACT_TABLES:
            model = MODELS[table]
            columns = [c for c in model.__table__.columns if c.name not in STORE_ONLY]
            rows = conn.execute(
                select(*columns).where(model.__table__.c.report_id == report.id)
            ).all()
            out[table] = sorted(tuple(str(v) for v in row) for row in rows)
    return out


def import_and_compare(engine, paths: dict[str, Path]) -> dict[str, dict[str, Any]]:
    result = import_paths(engine, list(paths.values()), jobs=0)
    assert [f.outcome.value for f in result.files if f.outcome.value == "rejected"] == []
    return {lang: stored_rows(engine, path.name) for lang, path in paths.items()}


@pytest.mark.parametrize("layout", ["ccm-a7/1", "ccm-a7/2"])
def test_the_same_facts_in_six_languages_store_the_same_rows(engine, tmp_path, layout):
    paths = {lang: filled(tmp_path / lang, lang, layout_id=layout) for lang in LANGS}
    for lang, path in paths.items():
        parsed = read_file(path)
        assert parsed.issues == [], (lang, [i.as_text() for i in parsed.issues])
        assert (parsed.reports[0].language, parsed.layout) == (lang, layout)
    stored = import_and_compare(engine, paths)
    english = stored["en"]
    assert english["report"][0] == "LBN" and english["report"][5] == dt.date(2025, 4, 30)
    assert len(english["needs"]) == 3 and len(english["contaminated_areas"]) == 2
    # ccm-a7/1: its one assistance row; ccm-a7/2: two flows provided, two received, with their
    # counterparts (a State, Global, a State donor, an organisation) read in every language.
    flows = english["flows"]
    assert len(flows) == (1 if layout == "ccm-a7/1" else 4)
    if layout == "ccm-a7/2":
        values = {value for row in flows for value in row}
        expected = {"LAO", "global", "NOR", "UNMAS", "pledge", "commitment", "2000000.00"}
        assert expected <= values, expected - values
    for lang in LANGS[1:]:
        for part, rows in english.items():
            assert stored[lang][part] == rows, (lang, part)


def soffice_round_trip(paths: dict[str, Path], out: Path, profile: Path) -> dict[str, Path]:
    """The workbooks opened and saved again as .xlsx by LibreOffice (one start for all)."""
    out.mkdir()
    profile.mkdir()
    result = soffice(*paths.values(), to="xlsx", outdir=out, profile=profile, timeout=600)
    assert result.returncode == 0, result.stderr
    saved = {lang: out / path.name for lang, path in paths.items()}
    for lang, path in saved.items():
        assert path.is_file(), (lang, result.stdout, result.stderr)
    return saved


def require_soffice() -> None:
    if shutil.which("soffice") is None:
        if os.environ.get("TRACKER_REQUIRE_LIBREOFFICE"):
            pytest.fail(f"TRACKER_REQUIRE_LIBREOFFICE is set but {NO_SOFFICE}")
        print(NO_SOFFICE, file=sys.stderr)
        pytest.skip(reason=NO_SOFFICE)


@pytest.mark.slow
def test_a_round_trip_through_libreoffice_keeps_the_facts(sqlite_engine, tmp_path):
    require_soffice()
    english = filled(tmp_path / "en", "en")
    paths = {lang: filled(tmp_path / lang, lang) for lang in OTHERS}
    saved = soffice_round_trip(paths, tmp_path / "saved", tmp_path / "lo-profile")
    for lang, path in saved.items():
        parsed = read_file(path)
        assert parsed.issues == [], (lang, [i.as_text() for i in parsed.issues])
        ws = load_workbook(path)[get_layout().cover.name(lang)]
        assert ws.sheet_view.rightToLeft == (lang == "ar")  # the direction survives
    stored = import_and_compare(sqlite_engine, {"en": english, **saved})
    for lang in OTHERS:
        assert stored[lang] == stored["en"], lang


BAD = {
    # language: (a bad yes/no, an impossible date, an ambiguous number, an unknown State)
    "ar": ("ربما", "31 شباط 2025", "1,5", "أتلانتس"),
    "zh": ("也许", "2025年2月31日", "1,5", "亚特兰蒂斯"),
    "ru": ("может быть", "31 февраля 2025 г.", "2.5", "Атлантида"),
}


@pytest.mark.parametrize("lang", OTHERS)
def test_bad_values_in_each_language_give_the_code_and_the_cell(tmp_path, lang):
    yes_no, date, number, state = BAD[lang]
    folder = tmp_path / lang
    folder.mkdir()
    path = write_template(folder / "bad.xlsx", lang)
    where = fill(
        path,
        lang,
        {"victims_answer": yes_no, "submitted_on": date, "area_m2": number, "state": state},
    )
    parsed = read_file(path)
    lay = get_layout()
    found = {(i.code, i.sheet, i.cell) for i in parsed.issues if i.severity == "error"}
    assert found == {
        ("bad-yes-no", lay.sheet("H").name(lang), where["H.status"]),
        ("bad-date", lay.cover.name(lang), where["cover.submitted_on"]),
        ("ambiguous-number", lay.sheet("F").name(lang), where["F.areas.0.area_m2"]),
        ("unknown-state", lay.cover.name(lang), where["cover.state"]),
    }
    assert not parsed.ok
