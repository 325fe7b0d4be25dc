"""The Arabic and Chinese templates render in LibreOffice: the script's glyphs, Arabic right to left.

The templates are converted to PDF with LibreOffice (headless), then read back with poppler:
``pdftotext`` must find the labels (so they were laid out as text in the script, not dropped),
``pdffonts`` must list an embedded font that has the script (so no letter was drawn as a box),
and the Arabic labels must sit at the right edge of the page. Needs ``soffice``
(``libreoffice-calc-nogui``), poppler (``poppler-utils``) and fonts for the scripts
(``fonts-noto-core``, ``fonts-noto-cjk``); without them the test says why and is skipped, unless
``TRACKER_REQUIRE_LIBREOFFICE`` is set (CI), which makes it fail instead.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.libreoffice import soffice
from tracker.layouts import get_layout
from tracker.template import write_template
from tracker.text import normalize

TOOLS = ("soffice", "pdftotext", "pdffonts", "fc-list")
MISSING = (
    "LibreOffice, poppler or fontconfig not installed: install Debian's libreoffice-calc-nogui, "
    "poppler-utils, fonts-noto-core and fonts-noto-cjk to check the rendered templates"
)


def require_tools() -> None:
    if all(shutil.which(tool) for tool in TOOLS):
        return
    if os.environ.get("TRACKER_REQUIRE_LIBREOFFICE"):
        pytest.fail(f"TRACKER_REQUIRE_LIBREOFFICE is set but {MISSING}")
    print(MISSING, file=sys.stderr)
    pytest.skip(reason=MISSING)


def run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=300).stdout


def to_pdf(workbook: Path, outdir: Path, profile: Path) -> Path:
    result = soffice(workbook, to="pdf", outdir=outdir, profile=profile)
    assert result.returncode == 0, result.stderr
    pdf = outdir / f"{workbook.stem}.pdf"
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
    return pdf


def squash(name: str) -> str:
    """A font name without subset prefix, style, spaces or case: ``NotoSansCJKjp``."""
    name = name.split("+", 1)[-1].split("-", 1)[0]
    return re.sub(r"[^a-z]", "", name.lower())


def script_fonts(lang: str) -> set[str]:
    """The families fontconfig knows that cover ``lang`` (squashed)."""
    return {
        squash(f)
        for line in run("fc-list", f":lang={lang}", "family").splitlines()
        for f in line.split(",")
    }


def embedded_fonts(pdf: Path) -> set[str]:
    lines = run("pdffonts", str(pdf)).splitlines()[2:]
    return {squash(line.split()[0]) for line in lines if line.strip()}


def cover_labels(lang: str) -> list[str]:
    return [f.text(lang) for f in get_layout().cover.fields]


@pytest.mark.parametrize("lang", ["ar", "zh"])
def test_the_template_renders_its_script(tmp_path, lang):
    require_tools()
    if not script_fonts(lang):
        message = f"no font for {lang} installed: {MISSING}"
        if os.environ.get("TRACKER_REQUIRE_LIBREOFFICE"):
            pytest.fail(message)
        print(message, file=sys.stderr)
        pytest.skip(reason=message)
    workbook = write_template(tmp_path / f"template-{lang}.xlsx", lang)
    pdf = to_pdf(workbook, tmp_path, tmp_path / "lo-profile")
    text = run("pdftotext", str(pdf), "-")
    assert "\ufffd" not in text
    found = normalize(text)
    # PDF text of the Arabic lam-alef ligature comes out as alef-lam: labels with it are left out.
    labels = [label for label in cover_labels(lang) if "لا" not in normalize(label)]
    assert labels
    for label in labels:
        assert normalize(label) in found, label
    embedded = embedded_fonts(pdf)
    assert embedded & script_fonts(lang), (embedded, lang)
    # Right to left: on the cover's page, the first label (column A) ends at the right edge of
    # the text in Arabic, and starts at the left edge in Chinese.
    page = run("pdftotext", "-layout", "-f", "2", "-l", "2", str(pdf), "-").splitlines()
    page = [li.rstrip().replace("\u202b", "").replace("\u202c", "") for li in page]
    line = next(li for li in page if normalize(cover_labels(lang)[0]) in normalize(li))
    if lang == "ar":
        assert len(line) >= max(map(len, page)) - 2, (line, max(map(len, page)))
    else:
        assert len(line) - len(line.lstrip()) <= 2, line
