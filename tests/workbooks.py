"""Real Article 7 workbooks for tests, written with openpyxl from the layout data.

Tests of the reader, the loader and the CLI write real ``.xlsx`` files with these helpers (never
mocks). The labels, headers, sheet names and vocabulary values come from the layout
(``tracker/layouts/ccm-a7-1.yaml``) in the chosen language, so a workbook built here is what a
State filling the template would send.

Usage::

    from tests.workbooks import build_report, edit_cells

    built = build_report(tmp_path / "chad.xlsx")                  # valid, fully filled, English
    built = build_report(path, state="Lao PDR", year=2023, lang="fr", report_type="initial")
    built = build_report(path, cover_overrides={"state": "Atlantis", "submitted_on": None})
    built = build_report(path, forms={
        "B": {"status": "unchanged", "last_reported": 2022},      # cover status (raw text)
        "F": {"fields": {"status": "contaminated"}},              # key–value cells (raw values)
        "I": {"tables": {"needs": [{"area": "Clearance", "needed": "yes"}]}},  # replaces rows
        "J": {"sheet": False},                                    # no sheet for Form J
    })
    edit_cells(built.path, {(built.sheet("B"), built.cell("B", "status")): "maybe"})

``cover_overrides`` and ``fields`` take field names of the layout (``state``, ``report_type``,
``period_from``…, ``status``, ``summary``…); a value ``None`` leaves the cell blank and
:data:`DROP` removes the label row. Table rows are dicts keyed by the layout's column names
(``area``, ``needed``, ``estimated_cost``…). Raw values are written as given (use the file's
language for vocabulary words); the defaults are translated into ``lang``. Strings starting
with ``=`` are written as text, not formulas. ``extra`` receives the openpyxl workbook before it
is saved, for anything else (merged cells, extra sheets, moved columns).

The returned :class:`Built` says where everything was written: ``built.sheet("B")`` is the real
sheet name, ``built.cell("B", "status")`` the value cell of a label, ``built.row_cell("I",
"needs", 0, "needed")`` a table cell, ``built.form_cell("B")`` the cover status cell of a form.

Legacy matrix sheets: ``build_matrix(path, [["Chad", 2016, "never held", …], …])`` writes the
row-1 headers of :data:`MATRIX_HEADERS` and one row per report.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from tracker.layouts import Layout, get_layout

DROP = object()  # a cover/field override that removes the label row


def _t(layout: Layout, vocabulary: str, code: str, lang: str) -> str:
    return layout.vocabularies[vocabulary].label(code, lang)


def default_forms(
    year: int, lang: str = "en", layout: str = "ccm-a7/1"
) -> dict[str, dict[str, Any]]:
    """The content of a valid, fully filled report (values translated into ``lang``).

    With ``layout="ccm-a7/2"`` Form I has its two assistance tables (one row each).
    """
    lay = get_layout(layout)

    def t(vocabulary: str, code: str) -> str:
        return _t(lay, vocabulary, code, lang)

    yes, no = t("yes_no", "yes"), t("yes_no", "no")
    changed, na = t("form_status", "changed"), t("form_status", "not_applicable")
    forms: dict[str, dict[str, Any]] = {
        "A": {
            "status": changed,
            "fields": {"summary": "Law No. 12 of 2013 implements the Convention."},
            "tables": {
                "measures": [
                    {
                        "measure": "Law No. 12",
                        "measure_type": "law",
                        "date_adopted": dt.date(2013, 5, 2),
                    }
                ]
            },
        },
        "B": {
            "status": changed,
            "fields": {
                "status": t("article3_status", "has"),
                "deadline": dt.date(2021, 8, 1),
                "extension_until": dt.date(2025, 8, 1),
            },
            "tables": {
                "stocks": [{"munition_type": "M26", "munitions": 120, "submunitions": 77760}],
                "destroyed": [
                    {
                        "munition_type": "BL755",
                        "munitions": 30,
                        "submunitions": 4410,
                        "method": "open detonation",
                        "site": "Site 1",
                    }
                ],
            },
        },
        "C": {"status": na},
        "D": {"status": na},
        "E": {"status": na},
        "F": {
            "status": changed,
            "fields": {
                "status": t("article4_status", "has"),
                "deadline": dt.date(2023, 8, 1),
                "extension_until": dt.date(2026, 8, 1),
            },
            "tables": {
                "areas": [
                    {
                        "location": "Ennedi",
                        "area_status": t("area_status", "confirmed"),
                        "area_m2": 1500000.5,
                        "cleared_m2": 250000,
                        "submunitions_destroyed": 12,
                    },
                    {
                        "location": "Tibesti",
                        "area_status": t("area_status", "suspected"),
                        "area_m2": 800000,
                        "cleared_m2": 0,
                        "submunitions_destroyed": 0,
                    },
                ]
            },
        },
        "G": {
            "status": changed,
            "fields": {"summary": "Risk education in schools."},
            "tables": {
                "activities": [
                    {"activity": "School sessions", "location": "Ennedi", "people_reached": 3400}
                ]
            },
        },
        "H": {
            "status": changed,
            "fields": {
                "status": yes,
                "recorded_victims": 123,
                "focal_point": "Ministry of Health",
                "national_plan": yes,
            },
        },
        "I": {
            "status": changed,
            "fields": {"summary": "Needs for clearance and victim assistance."},
            "tables": {
                "needs": [
                    {
                        "area": t("need_area", "clearance"),
                        "needed": yes,
                        "description": "Survey and clearance",
                        "estimated_cost": 2500000,
                        "currency": "USD",
                    },
                    {
                        "area": t("need_area", "victim_assistance"),
                        "needed": yes,
                        "description": "Prosthetics",
                        "estimated_cost": 150000.5,
                        "currency": "EUR",
                    },
                    {"area": t("need_area", "stockpile_destruction"), "needed": no},
                ],
                "resources": [
                    {
                        "article": 4,
                        "amount": 100000,
                        "currency": "XAF",
                        "resource_type": t("resource_type", "financial"),
                    }
                ],
                "provided": [
                    {
                        "recipient": "Lao PDR",
                        "area": t("need_area", "clearance"),
                        "amount": 50000,
                        "currency": "USD",
                        "flow": t("flow", "disbursement"),
                        "year": year,
                    }
                ],
            },
        },
        "J": {"status": changed, "fields": {"summary": "No other matters."}},
    }
    if layout == "ccm-a7/2":
        tables = forms["I"]["tables"]
        tables["provided"] = [
            {
                "recipient": "Lao PDR",
                "area": t("flow_area", "clearance"),
                "year": year,
                "amount": 50000,
                "currency": "USD",
                "type": t("flow_type", "disbursement"),
                "channel": "UNDP",
                "description": "Survey in Xieng Khouang",
            }
        ]
        tables["received"] = [
            {
                "donor": "Norway",
                "area": t("flow_area", "victim_assistance"),
                "year": year - 1,
                "amount": 120000,
                "currency": "NOK",
                "type": t("flow_type", "commitment"),
            }
        ]
    return forms


@dataclass
class Built:
    """Where :func:`build_report` wrote everything (sheet names and A1 cells)."""

    path: Path
    lang: str
    sheets: dict[str, str] = field(default_factory=dict)  # "cover"/letter -> real sheet name
    cells: dict[tuple[str, str], str] = field(default_factory=dict)  # (key, field) -> value cell
    tables: dict[tuple[str, str], tuple[int, dict[str, int]]] = field(default_factory=dict)
    forms: dict[str, str] = field(default_factory=dict)  # letter -> cover status cell

    def sheet(self, key: str) -> str:
        """The real name of the cover (``"cover"``) or a form's sheet (``"B"``)."""
        return self.sheets[key]

    def cell(self, key: str, name: str) -> str:
        """The value cell of key–value field ``name`` on sheet ``key``."""
        return self.cells[(key, name)]

    def header_row(self, key: str, table: str) -> int:
        """The (1-based) header row of a table."""
        return self.tables[(key, table)][0]

    def row_cell(self, key: str, table: str, index: int, column: str) -> str:
        """The cell of data row ``index`` (0-based) in ``column`` of a table."""
        header, columns = self.tables[(key, table)]
        return f"{get_column_letter(columns[column])}{header + 1 + index}"

    def form_cell(self, letter: str) -> str:
        """The cover's status cell of form ``letter``."""
        return self.forms[letter]


def _put(ws: Any, row: int, col: int, value: Any) -> None:
    if value is None or value is DROP:
        return
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text typed by a person, not a formula


def _merge(base: dict[str, Any], override: dict[str, Any] | None) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in (override or {}).items():
        if key == "fields":
            out.setdefault("fields", {}).update(value)
        elif key == "tables":
            out.setdefault("tables", {}).update(value)
        else:
            out[key] = value
    return out


def build_report(
    path: Path,
    *,
    state: str = "Chad",
    year: int = 2024,
    lang: str = "en",
    report_type: str = "annual",
    cover_overrides: dict[str, Any] | None = None,
    forms: dict[str, dict[str, Any]] | None = None,
    extra: Callable[[Workbook], None] | None = None,
    layout: str = "ccm-a7/1",
) -> Built:
    """Write a valid, fully filled Article 7 workbook to ``path`` and say where things are.

    ``report_type`` is ``"annual"`` or ``"initial"`` (written in ``lang``). See the module
    docstring for overrides. ``layout`` is the layout written (and named on the cover).
    """
    lay = get_layout(layout)
    built = Built(Path(path), lang)
    content = default_forms(year, lang, layout)
    for letter, override in (forms or {}).items():
        content[letter] = _merge(content.get(letter, {}), override)
    wb = Workbook()
    cover = wb.active
    cover.title = lay.cover.name(lang)
    built.sheets["cover"] = cover.title
    cover_values: dict[str, Any] = {
        "state": state,
        "report_type": _t(lay, "report_type", report_type, lang),
        "period_from": dt.date(year, 1, 1),
        "period_to": dt.date(year, 12, 31),
        "submitted_on": dt.date(year + 1, 4, 30),
        "organisation": "Ministry of Foreign Affairs",
        "contact_name": "A. Focal",
        "email": "focal@example.org",
        "telephone": "+41 22 000 00 00",
        "layout": lay.id,
    }
    cover_values.update(cover_overrides or {})
    row = _key_values(cover, lay.cover.fields, cover_values, lang, built, "cover")
    table = lay.cover.tables[0]
    row += 1
    _put(cover, row, 1, table.title.get(lang))
    row += 1
    for col, column in enumerate(table.columns, start=1):
        _put(cover, row, col, column.text(lang))
    built.tables[("cover", table.name)] = (
        row,
        {c.name: i for i, c in enumerate(table.columns, start=1)},
    )
    for spec in lay.forms:
        letter = spec.form or ""
        data = content.get(letter, {})
        row += 1
        _put(cover, row, 1, letter)
        _put(cover, row, 2, data.get("status"))
        _put(cover, row, 3, data.get("last_reported"))
        built.forms[letter] = f"B{row}"
    for spec in lay.forms:
        letter = spec.form or ""
        data = content.get(letter, {})
        if data.get("sheet", True) is False:
            continue
        ws = wb.create_sheet(data.get("sheet_name") or spec.name(lang))
        built.sheets[letter] = ws.title
        row = _key_values(ws, spec.fields, data.get("fields", {}), lang, built, letter)
        for table in spec.tables:
            rows = data.get("tables", {}).get(table.name, [])
            row += 1
            _put(ws, row, 1, table.title.get(lang))
            row += 1
            for col, column in enumerate(table.columns, start=1):
                _put(ws, row, col, column.text(lang))
            built.tables[(letter, table.name)] = (
                row,
                {c.name: i for i, c in enumerate(table.columns, start=1)},
            )
            for values in rows:
                row += 1
                for col, column in enumerate(table.columns, start=1):
                    _put(ws, row, col, values.get(column.name))
            row += 1
    if extra is not None:
        extra(wb)
    wb.save(path)
    return built


def _key_values(
    ws: Any, fields: Any, values: dict[str, Any], lang: str, built: Built, key: str
) -> int:
    row = 0
    for spec in fields:
        value = values.get(spec.name)
        if value is DROP:
            continue
        row += 1
        _put(ws, row, 1, spec.text(lang))
        _put(ws, row, 2, value)
        built.cells[(key, spec.name)] = f"B{row}"
    return row + 1


def edit_cells(path: Path, cells: dict[tuple[str, str], Any]) -> None:
    """Change cells of a saved workbook: ``{(sheet name, "B3"): value}`` (None blanks a cell)."""
    wb = load_workbook(path)
    for (sheet, ref), value in cells.items():
        cell = wb[sheet][ref]
        cell.value = value
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"
    wb.save(path)


MATRIX_HEADERS = [
    "State",
    "Year",
    "Article 3 status",
    "Article 4 status",
    "Article 5 victims",
    "Need: stockpile destruction",
    "Need: clearance",
    "Need: risk reduction education",
    "Need: victim assistance",
    "Date of submission",
]


def build_matrix(
    path: Path,
    rows: list[list[Any]],
    *,
    sheet: str = "Tracking 2011-2017",
    headers: list[str] | None = None,
) -> Path:
    """Write a legacy matrix workbook: headers in row 1 of the first sheet, one report per row.

    Rows follow :data:`MATRIX_HEADERS` (State, Year, Article 3/4 status, Article 5 victims, four
    need flags, date of submission); a second sheet ``Notes`` is added as real files have one.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(headers or MATRIX_HEADERS)
    for row in rows:
        ws.append(row)
    wb.create_sheet("Notes")
    wb.save(path)
    return Path(path)
