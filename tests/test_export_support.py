"""Support for the donor workbook tests (no tests here): a small store, and readers of the workbook
as values. Named test_export_* to stay with the export tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.factories import add_membership, add_report
from tracker.db import transaction
from tracker.models.enums import NeedArea

AS_OF, SINCE = 2023, 2021
INJECTED = '=HYPERLINK("http://evil.example/x","click me")'

# Report text that a spreadsheet could run: each must come back as plain text.
DANGEROUS = {
    "TCD-clearance": INJECTED,
    "TCD-victims": "+Rehabilitation of survivors",
    "LAO-rre": "@SUM(A1:A9)",
    "BIH-stockpile": "-destroy the remaining stock",
    "BIH-other": "\tTraining of operators",
    "NOR-clearance": "\rSurvey of the last areas",
}


def fill_store(engine: Any) -> None:
    """Six States Parties, a signatory and a State without membership, 2020–2023.

    Expected (as of 2023, window 2021–2023): Article 3 D = BIH, DEU, PER and N = BIH;
    Article 4 D = BIH, LAO, NOR, TCD and N = LAO, NOR, TCD; Article 5 D = N = LAO, TCD.
    """
    with transaction(engine) as s:
        for iso3 in ("TCD", "LAO", "DEU", "BIH", "PER", "NOR"):
            add_membership(s, iso3)
        add_membership(s, "AGO", deposited=None, signed=dt.date(2008, 12, 3))
        add_report(
            s,
            "TCD",
            2022,
            file_name="TCD-2022-annual.xlsx",
            submitted=dt.date(2023, 3, 1),
            articles={4: "has", 5: "has"},
            needs=[
                (NeedArea.CLEARANCE, DANGEROUS["TCD-clearance"], Decimal("1500000"), "USD"),
                (NeedArea.VICTIM_ASSISTANCE, DANGEROUS["TCD-victims"], Decimal("120000"), "EUR"),
            ],
            facts={4: {"deadline": dt.date(2023, 8, 1)}},
        )
        add_report(
            s,
            "TCD",
            2023,
            file_name="TCD-2023-annual.xlsx",
            submitted=dt.date(2024, 5, 10),
            unchanged={"F": 2022, "H": 2022, "I": 2022},
        )
        add_report(
            s,
            "LAO",
            2023,
            file_name="LAO-2023-annual.xlsx",
            submitted=dt.date(2024, 4, 1),
            articles={4: "has", 5: "has"},
            needs=[
                (NeedArea.RISK_REDUCTION_EDUCATION, DANGEROUS["LAO-rre"], None, None),
                (NeedArea.VICTIM_ASSISTANCE, None, Decimal("250000"), "usd"),
            ],
            facts={4: {"extension_until": dt.date(2025, 8, 1)}},
        )
        add_report(
            s,
            "DEU",
            2021,
            file_name="DEU-2021-annual.xlsx",
            submitted=dt.date(2022, 4, 20),
            articles={3: "had"},
            facts={3: {"completed_on": dt.date(2015, 11, 25)}},
        )
        add_report(
            s,
            "BIH",
            2023,
            file_name="BIH-2023-annual.xlsx",
            submitted=dt.date(2024, 4, 30),
            articles={3: "has", 4: "had"},
            needs=[
                (
                    NeedArea.STOCKPILE_DESTRUCTION,
                    DANGEROUS["BIH-stockpile"],
                    Decimal("80000"),
                    "USD",
                ),
                (NeedArea.OTHER, DANGEROUS["BIH-other"], None, None),
            ],
        )
        add_report(
            s,
            "PER",
            2020,
            file_name="PER-2020-annual.xlsx",
            submitted=dt.date(2021, 4, 1),
            articles={3: "has"},
            needs=[(NeedArea.STOCKPILE_DESTRUCTION, "outside the window", None, None)],
        )
        add_report(
            s,
            "NOR",
            2023,
            file_name="NOR-2023-annual.xlsx",
            submitted=dt.date(2024, 6, 1),
            articles={4: "had"},
            needs=[(NeedArea.CLEARANCE, DANGEROUS["NOR-clearance"], None, None)],
        )
        add_report(
            s,
            "AGO",
            2022,
            file_name="AGO-2022-annual.xlsx",
            articles={3: "has"},
            needs=[NeedArea.STOCKPILE_DESTRUCTION],
        )
        add_report(s, "MMR", 2023, file_name="MMR-2023-annual.xlsx", articles={3: "has"})


def load(path: Path) -> Any:
    """The workbook at ``path``, read back as values (never formulas evaluated or bytes)."""
    from openpyxl import load_workbook

    return load_workbook(path)


def find_row(sheet: Any, header: list[str]) -> int:
    """The row whose first cells are ``header`` (fails the test when there is none)."""
    width = len(header)
    for row in sheet.iter_rows(min_row=1, max_col=width):
        if [c.value for c in row] == header:
            return int(row[0].row)
    raise AssertionError(f"no header {header} on sheet {sheet.title}")


def table(sheet: Any, header: list[str]) -> list[dict[str, Any]]:
    """The rows under ``header`` as dicts, up to the first empty row."""
    top = find_row(sheet, header)
    rows = []
    for row in sheet.iter_rows(min_row=top + 1, max_col=len(header), values_only=True):
        if all(v is None for v in row):
            break
        rows.append(dict(zip(header, row, strict=True)))
    return rows


def pairs(sheet: Any) -> dict[str, Any]:
    """The ``label: value`` block of a sheet (bold label in A, value in B)."""
    found = {}
    for a, b in sheet.iter_rows(min_row=1, max_col=2, values_only=True):
        if isinstance(a, str) and b is not None:
            found[a] = b
    return found


def texts(sheet: Any) -> list[str]:
    """Every string on the sheet, top to bottom."""
    return [v for row in sheet.iter_rows(values_only=True) for v in row if isinstance(v, str)]


def day(value: Any) -> dt.date | None:
    """A date read back from a cell (openpyxl gives datetimes)."""
    if value is None:
        return None
    return value.date() if isinstance(value, dt.datetime) else value
