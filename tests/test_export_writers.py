"""The donor workbook is the same whichever XML writer openpyxl uses.

The tracker writes with the writer openpyxl chooses: lxml's when lxml is installed (python-docx
brings it), else its plain ``xml.etree`` one. The test suite builds its fixtures with the plain
writer (``tests/conftest.py``), so this test runs the export as a user does, in processes of its
own: once with the writer openpyxl chooses and once with the plain one, and compares every cell.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
TRACKER = [sys.executable, "-m", "tracker"]


def run(env: dict[str, str], *args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*TRACKER, *map(str, args)], env=env, cwd=REPO, capture_output=True, text=True, timeout=600
    )


def cells(path: Path) -> dict[tuple[str, str], object]:
    import openpyxl

    book = openpyxl.load_workbook(path)
    found = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            label = row[0].value
            for cell in row:
                if cell.value is not None and label != "Generated (UTC)":
                    found[sheet.title, cell.coordinate] = cell.value
    return found


@pytest.mark.slow
def test_the_donor_workbook_is_the_same_with_lxml_and_without(tmp_path: Path) -> None:
    chosen = {
        k: v for k, v in os.environ.items() if k not in ("OPENPYXL_LXML", "TRACKER_DATABASE_URL")
    }
    probe = subprocess.run(
        [sys.executable, "-c", "import openpyxl.xml as x; print(x.LXML)"],
        env=chosen, capture_output=True, text=True, check=True,
    )  # fmt: skip
    if probe.stdout.strip() != "True":
        reason = "lxml is not installed: openpyxl has only its plain writer here"
        print(reason, file=sys.stderr)
        pytest.skip(reason=reason)
    db = f"sqlite:///{tmp_path / 'tracker.db'}"
    for args in (
        ("db", "upgrade"),
        ("states", "import", "imports/membership/sample-membership.csv"),
        ("import", "imports/samples", "--quiet"),
    ):
        done = run(chosen, "--db", db, *args)
        assert done.returncode == 0, done.stderr[-2000:]
    plain = {**chosen, "OPENPYXL_LXML": "False"}
    outputs = {}
    for name, env in (("lxml", chosen), ("plain", plain)):
        target = tmp_path / f"{name}.xlsx"
        done = run(env, "--db", db, "export", "donors", "-o", target, "--as-of", "2025")
        assert done.returncode == 0, done.stderr[-2000:]
        outputs[name] = cells(target)
    assert len(outputs["lxml"]) > 5000
    assert outputs["lxml"] == outputs["plain"]
