"""Draw the pictures of docs/indicators.md from the sample store, through the commands.

Builds the demo store (``tracker demo``) in a temporary folder, writes the progress-report draft
(``tracker indicators report --as-of 2024``) and a series chart (``tracker indicators chart
core.reporting.on_time --years 2016-2024``), and renders the draft's pages with LibreOffice and
pdftoppm. Needs LibreOffice (soffice) and poppler (pdftoppm, pdftotext, pdfinfo).

    .venv/bin/python scripts/make_indicator_pictures.py
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRACKER = ROOT / ".venv" / "bin" / "tracker"
IMAGES = ROOT / "docs" / "images"


def tracker(folder: Path, *args: str) -> None:
    """Run ``tracker`` on the demo store of ``folder``, from ``folder``."""
    url = f"sqlite:///{folder / 'demo' / 'tracker.db'}"
    subprocess.run([str(TRACKER), "--db", url, *args], cwd=folder, check=True, capture_output=True)


def page_with(pdf: Path, heading: str) -> int:
    pages = int(
        next(
            line.split()[-1]
            for line in subprocess.run(
                ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True
            ).stdout.splitlines()
            if line.startswith("Pages:")
        )
    )
    for page in range(2, pages + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        if heading in text.splitlines():
            return page
    raise SystemExit(f"no page with the heading {heading!r}")


def main() -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        subprocess.run(
            [str(TRACKER), "demo", "--dir", "demo"], cwd=tmp, check=True, capture_output=True
        )
        tracker(tmp, "indicators", "report", "--as-of", "2024", "-o", str(tmp / "draft.docx"))
        tracker(
            tmp,
            *("indicators", "chart", "core.reporting.on_time", "--years", "2016-2024"),
            *("-o", str(IMAGES / "indicators-chart.png")),
        )
        subprocess.run(
            [
                "soffice",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                name,
                str(tmp / "draft.docx"),
            ],
            check=True,
            capture_output=True,
        )
        pdf = tmp / "draft.pdf"
        for image, heading, page in (
            ("indicators-report-title.png", None, 1),
            ("indicators-report-page.png", "International cooperation and assistance", None),
        ):
            number = page or page_with(pdf, heading or "")
            out = tmp / "page"
            subprocess.run(
                [
                    *("pdftoppm", "-r", "80", "-png", "-singlefile"),
                    *("-f", str(number), "-l", str(number), str(pdf), str(out)),
                ],
                check=True,
            )
            (IMAGES / image).write_bytes(out.with_suffix(".png").read_bytes())
    print(f"pictures written to {IMAGES}")


if __name__ == "__main__":
    main()
