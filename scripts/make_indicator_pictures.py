"""Draw the pictures of docs/indicators.md from hand-made results (not from a store).

Until the engine computes indicators from the store, the guide's pictures show the spec's worked
example (tests/indicator_examples.py), with made-up values for the earlier years of the series so
that the lines differ. Needs LibreOffice (soffice) and poppler (pdftoppm, pdftotext).

    .venv/bin/python scripts/make_indicator_pictures.py
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.indicator_examples import worked_run  # noqa: E402
from tracker.indicators.charts import draw, series_chart  # noqa: E402
from tracker.indicators.report import write_report  # noqa: E402
from tracker.indicators.results import Series  # noqa: E402
from tracker.plans.files import shipped_plans  # noqa: E402
from tracker.wording import Style  # noqa: E402

IMAGES = ROOT / "docs" / "images"
# Made-up earlier values (percent) of the transparency indicators, to show lines that move.
EARLIER = {
    "core.reporting.on_time": {2021: 25, 2022: 30, 2023: 35},
    "lausanne.43b": {2021: 25, 2022: 30, 2023: 35},
    "core.reporting.received": {2021: 60, 2022: 70, 2023: 75},
    "lausanne.43a": {2021: 40, 2022: 40, 2023: 40},
    "lausanne.44": {2021: 67, 2022: 67, 2023: 100},
}


def series() -> Series:
    runs = []
    for year in range(2021, 2025):
        run = worked_run(sample=True)
        results = tuple(
            dataclasses.replace(r, value=EARLIER[r.id][year])
            if r.id in EARLIER and year in EARLIER[r.id]
            else r
            for r in run.results
        )
        runs.append(dataclasses.replace(run, as_of=year, results=results))
    return Series(2021, 2024, Style.WORDS, "en", tuple(runs))


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
    lausanne = next(p for p in shipped_plans() if p.name == "Lausanne Action Plan")
    data = series()
    draw(series_chart(data, "core.reporting.on_time"), IMAGES / "indicators-chart.png")
    with tempfile.TemporaryDirectory() as tmp:
        docx = write_report(data.runs[-1], lausanne, Path(tmp) / "draft.docx", series=data)
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, str(docx)],
            check=True,
            capture_output=True,
        )
        pdf = Path(tmp) / "draft.pdf"
        for name, heading, page in (
            ("indicators-report-title.png", None, 1),
            ("indicators-report-page.png", "Victim assistance", None),
        ):
            number = page or page_with(pdf, heading or "")
            out = Path(tmp) / "page"
            subprocess.run(
                [
                    "pdftoppm",
                    "-r",
                    "80",
                    "-png",
                    "-singlefile",
                    "-f",
                    str(number),
                    "-l",
                    str(number),
                    str(pdf),
                    str(out),
                ],
                check=True,
            )
            (IMAGES / name).write_bytes(out.with_suffix(".png").read_bytes())
    print(f"pictures written to {IMAGES}")


if __name__ == "__main__":
    main()
