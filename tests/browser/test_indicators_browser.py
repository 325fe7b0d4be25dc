"""The indicator pages in a real browser: headless Chromium (Debian's) against ``tracker serve``.

A reader opens the Indicators page on the sample data, picks an as-of year with the form, follows
an indicator to its page, sees its sentence, its chart (an image the server drew), the States
with their cells, and follows the did-you-mean of a mistyped address. SQLite: what is checked
here is the pages in a browser; the figures' storage is tested elsewhere on both databases.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.server import Server, prepare_store, start_server

pytestmark = pytest.mark.browser

USERS = {"rita": ("reader", "rita's long password")}


@pytest.fixture
def db_url(sqlite_url):
    return sqlite_url


@pytest.fixture
def server(browser, db_url, tmp_path) -> Iterator[Server]:
    prepare_store(db_url, USERS, samples=True)
    running = start_server(db_url, tmp_path / "serve.log")
    yield running
    running.stop()


def test_a_reader_follows_an_indicator_to_its_states_and_cells(page, server):
    page.goto(f"{server.base_url}/indicators")
    page.get_by_label("User name").fill("rita")
    page.get_by_label("Password").fill(USERS["rita"][1])
    page.get_by_role("button", name="Log in").click()
    assert page.url == f"{server.base_url}/indicators"
    assert page.get_by_role("heading", level=1).inner_text() == "Indicators"
    assert "SAMPLE DATA" in page.locator(".banner").inner_text()

    page.get_by_label("As of").fill("2024")
    page.get_by_label("Catalogue").select_option("core")
    page.get_by_role("button", name="Show").click()
    assert page.url == f"{server.base_url}/indicators?as_of=2024&plan=core"
    assert page.locator(".opening").inner_text().startswith("As of 2024, needs declared in")
    assert "lausanne." not in page.locator("table.indicators").inner_text()

    page.get_by_role("link", name="Article 4", exact=True).first.click()
    assert page.url == f"{server.base_url}/indicators/core.needs.art4?as_of=2024"
    assert page.locator("#sentence").inner_text().startswith("Of sixteen (16) States parties")
    chart = page.get_by_role("img")
    page.wait_for_function("() => document.querySelector('figure.chart img').complete")
    assert chart.evaluate("img => img.naturalWidth") > 600  # drawn by the server, not broken
    numerator = page.get_by_role("heading", name="In the numerator")
    assert numerator.inner_text() == "In the numerator (8 States)"
    cells = page.locator("table.states").first.locator("td code")
    assert cells.count() == 8
    assert all("!" in cells.nth(i).inner_text() for i in range(cells.count()))  # sheet!cell
    assert page.locator(".carried").count() > 0  # carried-forward statuses are marked

    page.goto(f"{server.base_url}/indicators/core.needs.art6?as_of=2024")
    assert page.get_by_role("heading", level=1).inner_text() == "No such indicator"
    page.get_by_role("link", name="core.needs.art5").click()
    assert page.url == f"{server.base_url}/indicators/core.needs.art5?as_of=2024"
    assert page.locator("#sentence").is_visible()
