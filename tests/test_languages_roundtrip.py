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
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

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

# What a State writes where the template leaves it free: the same facts, written the local way.
LOCAL: dict[str, dict[str, Any]] = {
    "en": {
        "state": "Lebanon",
        "recipient": "Lao PDR",
        "period_to": "31 December 2024",
        "submitted_on": "30 April 2025",
        "deadline": "1 August 2026",
        "munitions": "1,200",
        "area_m2": "1,250.5",
        "cost": "2,000,000",
        "article": "Article 4",
        "victims": "35",
    },
    "fr": {
        "state": "Liban",
        "recipient": "RDP lao",
        "period_to": "31 décembre 2024",
        "submitted_on": "30 avril 2025",
        "deadline": "1er août 2026",
        "munitions": "1 200",
        "area_m2": "1 250,5",
        "cost": "2 000 000",
        "article": "Article 4",
        "victims": "35",
    },
    "es": {
        "state": "Líbano",
        "recipient": "Laos",
        "period_to": "31 de diciembre de 2024",
        "submitted_on": "30 de abril de 2025",
        "deadline": "1 de agosto de 2026",
        "munitions": "1.200",
        "area_m2": "1.250,5",
        "cost": "2.000.000",
        "article": "Artículo 4",
        "victims": "35",
    },
    "ar": {
        "state": "لبنان",
        "recipient": "جمهورية لاو الديمقراطية الشعبية",
        "period_to": "31 كانون الأول 2024",
        "submitted_on": "٣٠ نيسان/أبريل ٢٠٢٥",
        "deadline": "1 آب/أغسطس 2026م",
        "munitions": "١٬٢٠٠",
        "area_m2": "١٬٢٥٠٫٥",
        "cost": "٢٬٠٠٠٬٠٠٠",
        "article": "المادة ٤",
        "victims": "٣٥",
    },
    "zh": {
        "state": "黎巴嫩",
        "recipient": "老挝",
        "period_to": "2024年12月31日",
        "submitted_on": "２０２５年４月３０日",
        "deadline": "2026/8/1",
        "munitions": "1,200",
        "area_m2": "1,250.5",
        "cost": "２，０００，０００",
        "article": "第4条",
        "victims": "35",
    },
    "ru": {
        "state": "Ливан",
        "recipient": "Лаос",
        "period_to": "31 декабря 2024 г.",
        "submitted_on": "30 апреля 2025 г.",
        "deadline": "1 августа 2026 года",
        "munitions": "1\u00a0200",
        "area_m2": "1 250,5",
        "cost": "2\u202f000\u202f000",
        "article": "Статья 4",
        "victims": "35",
    },
}


def label_row(ws, text: str) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == text)


def header_cols(ws, row: int) -> dict[str, int]:
    return {ws.cell(row, c).value: c for c in range(1, ws.max_column + 1) if ws.cell(row, c).value}


def fill(path: Path, lang: str, overrides: dict[str, Any] | None = None) -> dict[str, str]:
    """Fill the template at ``path`` with the report's facts; returns where some values went."""
    lay = get_layout()
    voc = lay.vocabularies
    local = {**LOCAL[lang], **(overrides or {})}
    wb = load_workbook(path)
    where: dict[str, str] = {}

    def word(vocabulary: str, code: str) -> str:
        return voc[vocabulary].label(code, lang)

    def put_label(key: str, field: str, value: Any) -> None:
        spec = lay.sheet(key)
        ws = wb[spec.name(lang)]
        cell = ws.cell(label_row(ws, spec.field(field).text(lang)), 2)
        cell.value = value
        where[f"{key}.{field}"] = cell.coordinate

    def put_rows(key: str, table_name: str, rows: list[dict[str, Any]]) -> None:
        spec = lay.sheet(key)
        table = next(t for t in spec.tables if t.name == table_name)
        ws = wb[spec.name(lang)]
        header = label_row(ws, table.title[lang]) + 1
        cols = header_cols(ws, header)
        for i, values in enumerate(rows, start=1):
            for name, value in values.items():
                cell = ws.cell(header + i, cols[table.column(name).text(lang)])
                cell.value = value
                where[f"{key}.{table_name}.{i - 1}.{name}"] = cell.coordinate

    put_label("cover", "state", local["state"])
    put_label("cover", "report_type", word("report_type", "annual"))
    put_label("cover", "period_from", dt.date(2024, 1, 1))
    put_label("cover", "period_to", local["period_to"])
    put_label("cover", "submitted_on", local["submitted_on"])
    put_label("cover", "contact_name", "Nour Haddad")
    cover = wb[lay.cover.name(lang)]
    forms_header = label_row(cover, lay.cover.tables[0].title[lang]) + 1
    for row in range(forms_header + 1, forms_header + 11):
        letter = cover.cell(row, 1).value
        code = "changed" if letter in "BFHI" else "not_applicable"
        if letter == "A":
            code = "unchanged"
            cover.cell(row, 3).value = 2019
        cover.cell(row, 2).value = word("form_status", code)
    put_label("B", "status", word("article3_status", "has"))
    put_label("B", "deadline", local["deadline"])
    put_rows("B", "stocks", [{"munition_type": "M26", "munitions": local["munitions"]}])
    put_label("F", "status", word("article4_status", "has"))
    put_label("F", "deadline", dt.date(2026, 8, 1))
    put_rows(
        "F",
        "areas",
        [
            {
                "location": "Nabatieh",
                "area_status": word("area_status", "confirmed"),
                "area_m2": local["area_m2"],
                "cleared_m2": 250,
            },
            {"location": "Tyre", "area_status": word("area_status", "suspected")},
        ],
    )
    put_label("H", "status", local.get("victims_answer", word("yes_no", "yes")))
    put_label("H", "recorded_victims", local["victims"])
    put_label("H", "national_plan", word("yes_no", "no"))
    put_rows(
        "I",
        "needs",
        [
            {
                "area": word("need_area", "clearance"),
                "needed": word("yes_no", "yes"),
                "estimated_cost": local["cost"],
                "currency": "USD",
            },
            {
                "area": word("need_area", "risk_reduction_education"),
                "needed": word("yes_no", "yes"),
            },
            {"area": word("need_area", "victim_assistance"), "needed": word("yes_no", "no")},
        ],
    )
    put_rows(
        "I",
        "resources",
        [
            {
                "article": local["article"],
                "amount": 100000,
                "currency": "USD",
                "resource_type": word("resource_type", "financial"),
            }
        ],
    )
    put_rows(
        "I",
        "provided",
        [
            {
                "recipient": local["recipient"],
                "area": word("need_area", "clearance"),
                "amount": 50000,
                "currency": "USD",
                "flow": word("flow", "disbursed"),
                "year": 2024,
            }
        ],
    )
    wb.save(path)
    return where


def filled(folder: Path, lang: str, overrides: dict[str, Any] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = write_template(folder / f"LBN-2024-{lang}.xlsx", lang)
    fill(path, lang, overrides)
    return path


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


def test_the_same_facts_in_six_languages_store_the_same_rows(engine, tmp_path):
    paths = {lang: filled(tmp_path / lang, lang) for lang in LANGS}
    for lang, path in paths.items():
        parsed = read_file(path)
        assert parsed.issues == [], (lang, [i.as_text() for i in parsed.issues])
        assert parsed.reports[0].language == lang
    stored = import_and_compare(engine, paths)
    english = stored["en"]
    assert english["report"][0] == "LBN" and english["report"][5] == dt.date(2025, 4, 30)
    assert len(english["needs"]) == 3 and len(english["contaminated_areas"]) == 2
    for lang in LANGS[1:]:
        for part, rows in english.items():
            assert stored[lang][part] == rows, (lang, part)


def soffice_round_trip(paths: dict[str, Path], out: Path, profile: Path) -> dict[str, Path]:
    """The workbooks opened and saved again as .xlsx by LibreOffice (one start for all)."""
    out.mkdir()
    profile.mkdir()
    env = {**os.environ, "HOME": str(profile)}
    result = subprocess.run(
        [
            shutil.which("soffice") or "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            *map(str, paths.values()),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
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
