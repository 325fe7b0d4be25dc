"""The reader never raises on odd cell values: every problem becomes an issue (fixed-seed fuzz)."""

from __future__ import annotations

import datetime as dt
import random

from openpyxl import load_workbook

from tests.workbooks import build_report
from tracker.ingest.reader import read_file

ODD_VALUES = [
    "", " ", "x", "-1", "1,5", "1.234,5", 0, -3, 1e20, 2.5, True, False, dt.date(2024, 2, 29),
    dt.datetime(2024, 1, 1, 12, 30), "31/02/2024", "N/A", "changed", "unchanged", "Form B", "=1+1",
    "Atlantis", "global", "2023", 2023, "Area", "Assistance needed", "State", "Summary", "ÉTAT:",
    "\u00a0", "1e5", "inf", "nan", "Type", "Article", "Amount", "Recipient", "Form", "Status",
]  # fmt: skip


def test_random_edits_never_raise(tmp_path):
    base = tmp_path / "base.xlsx"
    build_report(base)
    rng = random.Random(20240430)
    names = load_workbook(base).sheetnames
    for attempt in range(40):
        wb = load_workbook(base)
        for _ in range(rng.randint(1, 12)):
            ws = wb[rng.choice(names)]
            cell = ws.cell(rng.randint(1, 30), rng.randint(1, 7))
            cell.value = rng.choice(ODD_VALUES)
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
        if rng.random() < 0.3:
            ws = wb[rng.choice(names)]
            row = rng.randint(1, 20)
            ws.merge_cells(
                start_row=row,
                start_column=1,
                end_row=row + rng.randint(0, 2),
                end_column=rng.randint(2, 4),
            )
        path = tmp_path / f"edit{attempt}.xlsx"
        wb.save(path)
        parsed = read_file(path)  # must not raise
        for issue in parsed.issues:
            assert issue.code and issue.message and issue.file == str(path)
            assert (issue.cell is None) or issue.sheet, issue
        if parsed.ok:
            assert len(parsed.reports) == 1
