"""The writing pages end to end in a real browser (Debian's Chromium) against ``tracker serve``.

An editor uploads a batch with a bad workbook and sees the issue with its cell, fixes it, uploads
again and stores the batch, and sees the State's versions grow; transcribes a report in ``/entry``; a reader finds no way to
import; the donor workbook downloads and reads back. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.server import Server, prepare_store, start_server, tracker
from tests.workbooks import build_report

pytestmark = pytest.mark.browser

USERS = {"alice": ("editor", "alice's long password"), "rita": ("reader", "rita's long password")}
KEY = {"TRACKER_SECRET_KEY": "b" * 64}


@pytest.fixture
def server(browser, db_url, tmp_path) -> Iterator[Server]:
    """The server on a store with the bundled membership and Chad's 2023 annual report."""
    prepare_store(db_url, USERS)
    tracker(db_url, "states", "import", "--bundled")
    chad = tmp_path / "TCD-2023-annual.xlsx"
    build_report(
        chad,
        year=2023,
        forms={"I": {"tables": {"needs": [{"area": "Clearance", "needed": "yes"}]}}},
    )
    tracker(db_url, "import", str(chad), "--quiet")
    running = start_server(db_url, tmp_path / "serve.log", env=KEY)
    yield running
    running.stop()


def _log_in(page, server: Server, name: str) -> None:
    page.goto(f"{server.base_url}/login")
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(USERS[name][1])
    page.get_by_role("button", name="Log in").click()
    assert page.locator("header .who").inner_text().startswith(f"{name} (")


def _chad_versions(page, server: Server) -> int:
    page.goto(f"{server.base_url}/reports?state=TCD")
    found = re.search(r"(\d+) rows?\b", page.locator("p.count").first.inner_text())
    return int(found.group(1)) if found else 0


def test_upload_a_batch_with_problems_fix_one_upload_again_and_store(page, server, tmp_path):
    _log_in(page, server, "alice")
    assert _chad_versions(page, server) == 1
    bad, good = tmp_path / "chad-2024.xlsx", tmp_path / "chad-2022.xlsx"
    build_report(bad, year=2024, cover_overrides={"period_to": "31 Febtember"})
    build_report(good, year=2022)
    page.get_by_role("navigation", name="Pages").get_by_role("link", name="Import").click()
    page.get_by_label("Workbooks").set_input_files([str(bad), str(good)])
    page.get_by_role("button", name="Check").click()
    row = page.locator("table.issues tbody tr").filter(has_text="bad-date")
    expect(row).to_have_count(1, timeout=60_000)
    assert row.locator("td").nth(0).inner_text() == "chad-2024.xlsx"
    assert row.locator("td.cell").inner_text() == "Cover!B4"
    assert "31 Febtember" in row.inner_text()
    assert page.get_by_role("button", name="Store 1 file").is_visible()

    build_report(bad, year=2024)  # the State sends the file again, fixed
    page.get_by_role("link", name="Upload other files").click()
    page.get_by_label("Workbooks").set_input_files([str(bad), str(good)])
    page.get_by_role("button", name="Check").click()
    # The dry run reads both workbooks in worker processes: wait for its page, however loaded
    # the machine is (a bare read of the table could race the page).
    outcomes = page.locator("table.outcomes tbody tr td:first-child")
    expect(outcomes).to_have_text(["imported", "imported"], timeout=60_000)
    assert page.locator("table.issues").count() == 0
    assert _chad_versions(page.context.new_page(), server) == 1  # the dry run stored nothing
    page.get_by_role("button", name="Store 2 files").click()
    assert page.get_by_role("heading", name="Stored").is_visible()
    page.locator("table.outcomes tr").filter(has_text="chad-2024.xlsx").locator("a").click()
    assert page.get_by_role("heading", level=1).inner_text() == "File chad-2024.xlsx"
    assert _chad_versions(page, server) == 3


def test_transcribe_a_report_in_entry(page, server):
    _log_in(page, server, "alice")
    page.get_by_role("link", name="Data entry").click()
    page.get_by_label("State", exact=True).select_option("TCD")
    page.get_by_role("button", name="Open the form").click()
    assert "Pre-filled from TCD 2023 annual" in page.locator("p.lead").inner_text()
    assert page.get_by_label("Date of submission").input_value() == ""
    # Forgetting to confirm the pre-filled forms blocks the save, and says so.
    page.get_by_label("Date of submission").fill("2025-04-30")
    page.get_by_role("button", name="Save and import").click()
    assert "confirm or edit each pre-filled form first" in page.get_by_role("alert").inner_text()
    # Form I changes (a need is added); every other pre-filled form is confirmed unchanged.
    page.get_by_label("Assistance needs: Area, row 2").select_option("Victim assistance")
    page.get_by_label("Assistance needs: Assistance needed, row 2").select_option("Yes")
    page.get_by_label("Assistance needs: Description, row 2").fill("Prosthetics for survivors")
    boxes = page.locator("input[type=checkbox][name^='confirm.']")
    for i in range(boxes.count()):
        if boxes.nth(i).get_attribute("name") != "confirm.I":
            boxes.nth(i).check()
    page.get_by_role("button", name="Save and import").click()
    assert page.get_by_role("status").inner_text() == "The file's reports were entered."
    assert page.get_by_role("heading", level=1).inner_text() == "File TCD-2024-annual-entered.xlsx"
    page.get_by_role("link", name="Report 1").click()
    assert page.locator("dl.facts").inner_text().count("entered") == 1
    need = page.locator("tr").filter(has_text="Prosthetics for survivors")
    assert re.fullmatch(r"Form I!B\d+", need.locator("td.cell").inner_text())


def test_a_reader_finds_no_way_to_import(page, server):
    _log_in(page, server, "rita")
    nav = page.get_by_role("navigation", name="Pages").inner_text()
    assert "Import" not in nav and "Data entry" not in nav
    for path in ("/import", "/entry"):
        answer = page.goto(server.base_url + path)
        assert answer is not None and answer.status == 403, path
        assert page.locator("input[type=file]").count() == 0
    page.goto(f"{server.base_url}/reports?state=TCD")
    page.locator("table tbody a").first.click()
    assert page.get_by_role("button", name="Withdraw").count() == 0
    assert page.locator("form[method=post]").count() == 1  # the logout


def test_download_the_donor_workbook_and_read_it_back(page, server, tmp_path):
    _log_in(page, server, "rita")
    page.get_by_role("link", name="Downloads").click()
    page.get_by_label("As of year").fill("2023")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download").first.click()
    saved = Path(tmp_path / info.value.suggested_filename)
    info.value.save_as(saved)
    book = load_workbook(saved, read_only=True)
    cells = [str(c) for ws in book for row in ws.iter_rows(values_only=True) for c in row if c]
    assert any("Chad" in c or "TCD" in c for c in cells)
    assert saved.name == "donors-2023.xlsx"
