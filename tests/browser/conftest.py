"""The browser tests' set-up: Debian's Chromium through Playwright, or a skip with the reason.

Without Chromium (or Playwright) the tests are skipped and say why; with
``TRACKER_REQUIRE_CHROMIUM=1`` (``.ci/run`` sets it) a missing browser fails instead.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.server import chromium_missing, launch


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the session."""
    missing = chromium_missing()
    if missing:
        if os.environ.get("TRACKER_REQUIRE_CHROMIUM"):
            pytest.fail(f"TRACKER_REQUIRE_CHROMIUM is set but {missing}")
        print(f"\nbrowser tests skipped: {missing}", file=sys.stderr)
        pytest.skip(reason=missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = launch(p)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser) -> Iterator[Any]:
    """A new browser page (its own cookies), closed after the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()
