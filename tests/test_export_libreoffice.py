"""The donor workbook opens in LibreOffice: it converts to PDF without error.

Needs ``soffice`` (Debian: ``libreoffice-calc-nogui``); the text checks also need ``pdftotext``
(Debian: ``poppler-utils``). Without them the test is skipped and says why.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.libreoffice import soffice
from tests.test_export_support import AS_OF, SINCE, fill_store
from tracker.export.model import TITLE

NO_SOFFICE = (
    "LibreOffice not installed: install Debian's libreoffice-calc-nogui (and poppler-utils) "
    "to check that the donor workbook converts to PDF"
)


def test_the_donor_workbook_converts_to_pdf(sqlite_engine, tmp_path):
    if shutil.which("soffice") is None:
        print(NO_SOFFICE, file=sys.stderr)
        pytest.skip(reason=NO_SOFFICE)
    from tracker.db import transaction
    from tracker.services.export import write_donor_workbook

    fill_store(sqlite_engine)
    workbook = tmp_path / "donors.xlsx"
    with transaction(sqlite_engine) as s:
        data = write_donor_workbook(s, workbook, AS_OF, SINCE)
    profile = tmp_path / "lo-profile"
    profile.mkdir()
    result = soffice(workbook, to="pdf", outdir=tmp_path / "pdf", profile=profile)
    pdf = tmp_path / "pdf" / "donors.pdf"
    assert result.returncode == 0, result.stderr
    assert pdf.is_file(), f"no PDF written: {result.stdout} {result.stderr}"
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        return
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert TITLE in text
    assert "###" not in text  # no number too wide for its column
    assert "=HYPERLINK(" in text  # the injected description shown as text, never run
    for sentence in data.reporting.sentences:
        assert sentence.split()[0] in text
    for sheet in ("Summary", "Needs by State", "Article 3", "Reporting", "Method"):
        assert f"CCM needs tracker — {sheet}" in text  # the footer of every sheet printed


def test_the_plans_comparison_converts_to_pdf_one_page_wide(tmp_path):
    if shutil.which("soffice") is None:
        print(NO_SOFFICE, file=sys.stderr)
        pytest.skip(reason=NO_SOFFICE)
    from tracker.plans.files import shipped_plans
    from tracker.plans.workbook import TITLE as PLANS_TITLE
    from tracker.plans.workbook import write_workbook

    workbook = tmp_path / "plans.xlsx"
    write_workbook(shipped_plans(), workbook)
    profile = tmp_path / "lo-profile"
    profile.mkdir()
    result = soffice(workbook, to="pdf", outdir=tmp_path / "pdf", profile=profile)
    pdf = tmp_path / "pdf" / "plans.pdf"
    assert result.returncode == 0, result.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        return
    first = subprocess.run(
        ["pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert PLANS_TITLE in first
    assert "CCM needs tracker — Comparison" in first  # the comparison fits on its first page
    assert "Indicators (77)" in first and "Page 1 of" in first
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "###" not in text
    for sheet in ("Vientiane (2010)", "Dubrovnik (2015)", "Lausanne (2020)"):
        assert f"CCM needs tracker — {sheet}" in text
