"""End to end in Chromium: follow "eight (8)" on the dashboard to its indicator's page
(``core.needs.art4``: the eight States, the cell behind each), then the dashboard's line to
``/stats/needs`` (the entry that names file, sheet and cell, and the link to that report's page),
on the demo's sample data.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tests.browser.server import Server, prepare_store, start_server, tracker

pytestmark = pytest.mark.browser

USERS = {"rita": ("reader", "rita's long password")}


@pytest.fixture(scope="module")
def sample_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('figures') / 'samples.db'}"
    prepare_store(url, USERS, samples=True)
    return url


@pytest.fixture
def server(browser, sample_url, tmp_path) -> Iterator[Server]:
    running = start_server(sample_url, tmp_path / "serve.log")
    yield running
    running.stop()


def test_follow_eight_to_the_states_and_the_cell_behind_each(page, server, sample_url):
    expected = json.loads(tracker(sample_url, "stats", "needs", "--format", "json", "--explain"))
    article4 = next(s for s in expected["statistics"] if s["article"] == 4)
    assert article4["numerator"] == 8

    page.goto(f"{server.base_url}/login")
    page.get_by_label("User name").fill("rita")
    page.get_by_label("Password").fill(USERS["rita"][1])
    page.get_by_role("button", name="Log in").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Dashboard"

    sentence = page.locator("ul.sentences li", has_text="under Article 4")
    sentence.get_by_role("link", name="eight (8)").click()
    window = f"as_of={expected['as_of']}&since={expected['since']}"
    assert page.url == f"{server.base_url}/indicators/core.needs.art4?{window}#numerator"
    heading = page.get_by_role("heading", name="In the numerator")
    assert heading.inner_text() == "In the numerator (8 States)"
    states = page.locator("table.states").first.locator("tbody tr")
    assert states.count() == 8
    for i in range(8):
        row = states.nth(i)
        iso3 = row.locator("th code").inner_text()
        want = article4["provenance"][iso3]["numerator"]
        why = row.locator("td")
        assert why.locator("code").inner_text() == f"{want['sheet']}!{want['cell']}"
        assert want["file"] in why.inner_text()
    assert (
        sorted(states.nth(i).locator("th code").inner_text() for i in range(8))
        == article4["numerator_states"]
    )

    # the dashboard's line to /stats/needs: every State counted, with the report and cell
    page.go_back()
    page.get_by_role("link", name="Every State counted").click()
    assert page.url == f"{server.base_url}/stats/needs?{window}"
    section = page.locator("#article-4-numerator")
    assert section.get_by_role("heading").inner_text() == "Of which declared needs (8)"
    rows = section.locator("tbody tr")
    assert rows.count() == 8
    for i in range(8):
        row = rows.nth(i)
        iso3 = row.get_attribute("id").rsplit("-", 1)[1]
        want = article4["provenance"][iso3]["numerator"]
        cells = row.locator("td")
        assert f"({iso3})" in cells.nth(0).inner_text()
        assert cells.nth(1).inner_text() == want["file"]
        cell = cells.nth(5).get_by_role("link")
        assert cell.inner_text() == f"{want['sheet']}!{want['cell']}"
        href = cell.get_attribute("href")
        assert href.startswith("/reports/") and len(href.split("/")[2]) == 64
    assert (
        sorted(rows.nth(i).get_attribute("id").rsplit("-", 1)[1] for i in range(8))
        == article4["numerator_states"]
    )

    # and on to one State's page: its statuses link to the reports they were read from
    rows.nth(0).locator("td").nth(0).get_by_role("link").click()
    assert page.url.startswith(f"{server.base_url}/states/")
    assert page.get_by_role("heading", name="Obligation statuses by reporting year").is_visible()
    assert page.locator("table.statuses a.cell").count() > 0
