"""Draw the pictures of the Arabic and Chinese templates in docs/import.md.

Each template is the one ``tracker template --lang ar|zh`` writes, filled with the same report as
the tests' (tests/filled_templates.py), converted to PDF by LibreOffice (headless) and drawn by
poppler: the cover and the page of Form I's needs table (the template's default layout,
``ccm-a7/2``, shows Assistance provided below it). Needs soffice, pdftoppm, pdftotext and
fonts for the scripts (Debian: fonts-noto-core, fonts-noto-cjk).

    .venv/bin/python scripts/make_template_pictures.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.filled_templates import LOCAL, filled  # noqa: E402
from tracker.layouts import get_layout  # noqa: E402

IMAGES = ROOT / "docs" / "images"
RESOLUTION = 110  # dots per inch: a landscape A4 page is 1286 × 910 pixels
TOP = 0.62  # the part of the page drawn (from the top): the tables start there


def pages(pdf: Path) -> list[str]:
    """The text of each page."""
    count = int(
        next(
            line.split()[-1]
            for line in subprocess.run(
                ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True
            ).stdout.splitlines()
            if line.startswith("Pages:")
        )
    )
    return [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, count + 1)
    ]


def comparable(text: str) -> str:
    """PDF text and layout text made comparable: bidi marks dropped, and the lam-alef ligature
    (which PDF text gives back as alef-lam) read so on both sides."""
    return text.replace("\u202b", "").replace("\u202c", "").replace("لا", "ال")


def page_with(texts: list[str], words: str) -> int:
    """The first page (1-based) whose text holds ``words``."""
    for number, text in enumerate(texts, start=1):
        if comparable(words) in comparable(text):
            return number
    raise SystemExit(f"no page with {words!r}")


def draw(pdf: Path, page: int, out: Path) -> None:
    width, height = int(11.69 * RESOLUTION), int(8.27 * RESOLUTION * TOP)
    stem = out.with_suffix("")
    crop = ["-x", "0", "-y", "0", "-W", str(width), "-H", str(height)]
    pages_ = ["-f", str(page), "-l", str(page)]
    options = ["-r", str(RESOLUTION), "-png", "-singlefile", *pages_, *crop]
    subprocess.run(["pdftoppm", *options, str(pdf), str(stem)], check=True)


def main() -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    layout = get_layout()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        profile = folder / "lo-profile"
        for lang in ("ar", "zh"):
            workbook = filled(folder / lang, lang)
            convert = ["--convert-to", "pdf", "--outdir", str(folder), str(workbook)]
            soffice = ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless"]
            subprocess.run([*soffice, *convert], check=True, capture_output=True)
            pdf = folder / f"{workbook.stem}.pdf"
            texts = pages(pdf)
            cover = page_with(texts, LOCAL[lang]["state"])  # the State is filled in on the cover
            needs = next(t for t in layout.sheet("I").tables if t.name == "needs")
            form_i = cover + page_with(texts[cover:], needs.title[lang])
            draw(pdf, cover, IMAGES / f"template-{lang}-cover.png")
            draw(pdf, form_i, IMAGES / f"template-{lang}-form-i.png")
    print(f"pictures written to {IMAGES}")


if __name__ == "__main__":
    main()
