"""Screenshots of the web app's pages into docs/images/ (``make screenshots``).

Starts the real ``tracker serve`` on a free loopback port against a temporary store holding
the bundled sample data (with two users), drives Debian's Chromium with Playwright (headless;
``playwright install`` is never run), and saves a full-page picture of each page that exists:
the login page, the dashboard, the needs statistics, a State page, compliance, the action plans,
the history and one import run, the indicators and one indicator (with its chart), ``/import``
with the issues of a dry run, ``/entry`` with a problem shown beside its field, and the history
as printed (first A4 page, through pdftoppm). docs/web.md shows them.

Usage: python scripts/screenshots.py [--out docs/images]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.browser.server: the same server and browser set-up

from tests.browser.server import chromium_missing, launch, prepare_store, start_server  # noqa: E402

USERS = {"alice": ("editor", "alice's long password"), "rita": ("reader", "rita's long password")}
PAGES = (
    ("web-dashboard.png", "/"),
    ("web-stats-needs.png", "/stats/needs"),
    ("web-state.png", "/states/TCD"),
    ("web-compliance.png", "/compliance"),
    ("web-plans.png", "/plans"),
    ("web-history.png", "/history"),
    ("web-import-run.png", "/history/runs/1?files.sort=state"),
    ("web-indicators.png", "/indicators?as_of=2024&plan=lausanne"),
    ("web-indicator.png", "/indicators/core.needs.art4?as_of=2024"),
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    args = parser.parse_args()
    missing = chromium_missing()
    if missing:
        print(f"screenshots: {missing}", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'screenshots.db'}"
        print("screenshots: preparing a store with the sample data", file=sys.stderr)
        prepare_store(url, USERS, samples=True)
        server = start_server(url, Path(tmp) / "serve.log")
        try:
            with sync_playwright() as p:
                browser = launch(p)
                page = browser.new_page(viewport={"width": 1280, "height": 860})
                page.goto(f"{server.base_url}/login")
                page.fill("#name", "alice")
                page.fill("#password", "wrong password")
                page.click("button[type=submit]")
                _shoot(page, args.out / "web-login.png")
                page.fill("#password", USERS["alice"][1])
                page.click("button[type=submit]")
                for name, path in PAGES:
                    page.goto(server.base_url + path)
                    _shoot(page, args.out / name)
                _import_with_issues(page, server.base_url, Path(tmp), args.out)
                _entry(page, server.base_url, args.out)
                page.goto(server.base_url + "/history")
                _printed(page, args.out / "web-history-print.png", Path(tmp))
                browser.close()
        finally:
            server.stop()
    return 0


def _import_with_issues(page: Any, base: str, tmp: Path, out: Path) -> None:
    """``/import`` after the dry run of a good workbook and two bad ones."""
    from tests.workbooks import build_report

    files = {
        "chad-2025.xlsx": {"year": 2025},
        "chad-2025-draft.xlsx": {"year": 2025, "cover_overrides": {"period_to": "31 Febtember"}},
        "atlantis-2025.xlsx": {"year": 2025, "cover_overrides": {"state": "Atlantis"}},
    }
    for name, options in files.items():
        build_report(tmp / name, **options)
    page.goto(f"{base}/import")
    page.set_input_files("#files", [str(tmp / name) for name in files])
    page.get_by_role("button", name="Check").click()
    _shoot(page, out / "web-import-issues.png")


def _entry(page: Any, base: str, out: Path) -> None:
    """``/entry`` pre-filled, after a save without the date of submission (its top part)."""
    page.goto(f"{base}/entry?state=AFG")
    for box in page.locator("input[type=checkbox][name^='confirm.']").all():
        box.check()
    page.get_by_role("button", name="Save and import").click()
    page.set_viewport_size({"width": 1280, "height": 1500})
    _shoot(page, out / "web-entry.png", full_page=False)
    page.set_viewport_size({"width": 1280, "height": 860})


def _printed(page: object, target: Path, tmp: Path) -> None:
    """The first printed page (A4, the print stylesheet), as a picture (needs pdftoppm)."""
    import shutil
    import subprocess

    if shutil.which("pdftoppm") is None:
        print("screenshots: pdftoppm is missing (Debian: poppler-utils): no print picture")
        return
    pdf = tmp / "print.pdf"
    page.pdf(path=str(pdf), format="A4")  # type: ignore[attr-defined]
    stem = tmp / "print"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)],
        check=True,
    )
    shutil.copyfile(stem.with_suffix(".png"), target)
    print(f"screenshots: {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")


def _shoot(page: object, target: Path, *, full_page: bool = True) -> None:
    page.screenshot(path=str(target), full_page=full_page)  # type: ignore[attr-defined]
    print(f"screenshots: {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")


if __name__ == "__main__":
    sys.exit(main())
