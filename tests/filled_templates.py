"""Templates filled as a State would fill them, in any of the six languages (tests and pictures).

:func:`filled` writes the blank template ``tracker template --lang L`` writes and fills it with
one report's facts: labels and closed-list values as the template shows them, State names in the
language, dates and numbers typed as text the local way (``٣٠ نيسان/أبريل ٢٠٢٥``,
``2025年4月30日``, ``1 250,5``). The facts are the same in every language, so the stored rows
must be too (``tests/test_languages_roundtrip.py``); ``scripts/make_template_pictures.py``
draws the filled Arabic and Chinese templates for ``docs/import.md``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from tracker.layouts import TEMPLATE_LAYOUT, get_layout
from tracker.template import write_template

# What a State writes where the template leaves it free: the same facts, written the local way.
LOCAL: dict[str, dict[str, Any]] = {
    "en": {
        "state": "Lebanon",
        "recipient": "Lao PDR",
        "donor": "Norway",
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
        "donor": "Norvège",
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
        "donor": "Noruega",
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
        "donor": "النرويج",
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
        "donor": "挪威",
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
        "donor": "Норвегия",
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


def fill(
    path: Path,
    lang: str,
    overrides: dict[str, Any] | None = None,
    layout_id: str = TEMPLATE_LAYOUT,
) -> dict[str, str]:
    """Fill the template at ``path`` (of ``layout_id``) with the report's facts.

    Returns where some values went. Form I's assistance is ``ccm-a7/1``'s single table, or
    ``ccm-a7/2``'s assistance provided and received.
    """
    lay = get_layout(layout_id)
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
    if lay.id == "ccm-a7/1":
        put_rows(
            "I",
            "provided",
            [
                {
                    "recipient": local["recipient"],
                    "area": word("need_area", "clearance"),
                    "amount": 50000,
                    "currency": "USD",
                    "flow": word("flow", "disbursement"),
                    "year": 2024,
                }
            ],
        )
    else:
        flow = {"currency": "USD", "year": 2024, "type": word("flow_type", "disbursement")}
        put_rows(
            "I",
            "provided",
            [
                {
                    "recipient": local["recipient"],
                    "area": word("flow_area", "clearance"),
                    "amount": 50000,
                    **flow,
                },
                {
                    "recipient": word("flow_recipient", "global"),
                    "area": word("flow_area", "unspecified"),
                    "amount": 10000,
                    **flow,
                    "type": word("flow_type", "pledge"),
                },
            ],
        )
        put_rows(
            "I",
            "received",
            [
                {
                    "donor": local["donor"],
                    "area": word("flow_area", "victim_assistance"),
                    "amount": local["cost"],
                    **flow,
                    "type": word("flow_type", "commitment"),
                },
                {"donor": "UNMAS", "area": word("flow_area", "clearance"), "amount": 25000, **flow},
            ],
        )
    wb.save(path)
    return where


def filled(
    folder: Path,
    lang: str,
    overrides: dict[str, Any] | None = None,
    layout_id: str = TEMPLATE_LAYOUT,
) -> Path:
    """The template of ``layout_id`` in ``lang`` (as ``tracker template`` writes it), filled."""
    folder.mkdir(parents=True, exist_ok=True)
    path = write_template(folder / f"LBN-2024-{lang}.xlsx", lang, layout_id)
    fill(path, lang, overrides, layout_id)
    return path
