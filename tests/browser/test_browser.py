"""End to end in a real browser: headless Chromium (Debian's) against the real ``tracker serve``.

A person logs in, sees a page, moves through the navigation and logs out; a reader finds no
control that changes anything; five wrong passwords lock the name. On SQLite and PostgreSQL
(sessions and the throttle live in the store).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.server import Server, prepare_store, start_server

pytestmark = pytest.mark.browser

USERS = {"alice": ("editor", "alice's long password"), "rita": ("reader", "rita's long password")}
KEY = {"TRACKER_SECRET_KEY": "b" * 64}  # team mode on PostgreSQL needs it


@pytest.fixture
def server(browser, db_url, tmp_path) -> Iterator[Server]:
    prepare_store(db_url, USERS)
    running = start_server(db_url, tmp_path / "serve.log", env=KEY)
    yield running
    running.stop()


def _log_in(page, server: Server, name: str, password: str | None = None) -> None:
    page.goto(f"{server.base_url}/plans")
    assert page.url.startswith(f"{server.base_url}/login?next=")
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(password or USERS[name][1])
    page.get_by_role("button", name="Log in").click()


def test_log_in_see_a_page_and_log_out(page, server):
    _log_in(page, server, "alice")
    assert page.url == f"{server.base_url}/plans"
    assert page.get_by_role("heading", level=1).inner_text() == "Action plans"
    assert page.locator("header .who").inner_text().startswith("alice (editor)")
    page.get_by_role("link", name="History").click()
    assert page.get_by_role("heading", name="Import runs").is_visible()
    page.get_by_role("link", name="Subject").click()  # sorting is a link: no script needed
    assert "events.sort=subject" in page.url
    rows = page.locator("section[aria-label='Other changes'] tbody tr")
    assert [rows.nth(i).locator("td").nth(3).inner_text() for i in range(2)] == ["alice", "rita"]

    page.get_by_role("button", name="Log out").click()
    assert page.url == f"{server.base_url}/login?ended=logout"
    assert page.get_by_role("status").inner_text() == "You are logged out."
    page.goto(f"{server.base_url}/history")
    assert page.url.startswith(f"{server.base_url}/login?next=")


def test_a_reader_finds_no_control_that_changes_anything(page, server):
    _log_in(page, server, "rita")
    assert page.locator("header .who").inner_text().startswith("rita (reader)")
    nav = page.get_by_role("navigation", name="Pages").inner_text()
    assert "Import" not in nav and "Data entry" not in nav
    for path in ("/plans", "/history"):
        page.goto(server.base_url + path)
        forms = page.locator("form[method=post]")
        assert forms.count() == 1, path
        assert forms.first.get_attribute("action") == "/logout"
        assert page.locator("input[type=file]").count() == 0


def test_five_wrong_passwords_lock_the_name(page, server):
    page.goto(f"{server.base_url}/login")
    for _ in range(5):
        page.get_by_label("User name").fill("alice")
        page.get_by_label("Password").fill("not the password")
        page.get_by_role("button", name="Log in").click()
        assert page.get_by_role("alert").inner_text() == "Unknown user name or wrong password."
    page.get_by_label("Password").fill(USERS["alice"][1])
    page.get_by_role("button", name="Log in").click()
    assert "Too many failed logins" in page.get_by_role("alert").inner_text()
