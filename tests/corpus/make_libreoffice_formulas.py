"""Write ``libreoffice-formulas.xlsx``: an Article 7 workbook whose figures are formulas, as
LibreOffice saves it (each formula with its computed value, no recalculate-on-load flag).

Run from the repository root with LibreOffice installed (``soffice`` on the PATH):
``.venv/bin/python tests/corpus/make_libreoffice_formulas.py``. The file is committed; the test
suite never needs LibreOffice to read it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from openpyxl import load_workbook  # noqa: E402

from tests.workbooks import build_report  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "libreoffice-formulas.xlsx"
        built = build_report(source, state="Chad", year=2024)
        wb = load_workbook(source)
        wb[built.sheet("I")][built.row_cell("I", "needs", 0, "estimated_cost")] = (
            "=12000000+500000.75"
        )
        wb[built.sheet("H")][built.cell("H", "recorded_victims")] = "=SUM(50000,823)"
        wb[built.sheet("F")][built.row_cell("F", "areas", 0, "area_m2")] = "=12345678.5"
        wb[built.sheet("cover")][built.cell("cover", "period_to")] = "=DATE(2024,12,31)"
        wb[built.sheet("cover")][built.cell("cover", "period_to")].number_format = "yyyy-mm-dd"
        wb.save(source)
        out = Path(tmp) / "out"
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "xlsx", "--outdir", str(out), str(source)],
            check=True,
            capture_output=True,
            timeout=300,
        )
        shutil.copy(out / source.name, HERE / source.name)


if __name__ == "__main__":
    main()
