"""``/assistance`` and the State page's *Support* partial, over HTTP (the ASGI app in process).

The spec's worked example in the store (tests/test_assistance_store.py); the app in local mode.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from starlette.testclient import TestClient

from tests.test_assistance_store import ARTICLE_3, ARTICLE_4, worked_example
from tracker.db import transaction


def get(app: Any, path: str, query: str = "") -> tuple[int, dict[str, str], str]:
    """One GET request to the ASGI ``app`` from the loopback: status, headers, body."""
    with TestClient(app, base_url="http://127.0.0.1:8000", raise_server_exceptions=False) as web:
        response = web.get(f"{path}?{query}" if query else path)
    return response.status_code, dict(response.headers), response.text


def _app(engine, db_url):
    from tracker.web.app import create_app
    from tracker.web.settings import WebSettings

    return create_app(WebSettings(database_url=db_url, secret_key="k" * 64, local=True))


def test_the_page_gives_the_sentences_and_the_states_by_status(sqlite_engine, sqlite_url):
    worked_example(sqlite_engine)
    app = _app(sqlite_engine, sqlite_url)
    status, _, body = get(app, "/assistance", "as_of=2025&since=2021")
    assert status == 200, body
    text = " ".join(body.replace("&#39;", "'").split())
    for sentence in (*ARTICLE_3, *ARTICLE_4):
        assert sentence in text
    assert "IRL-2023.xlsx!Form I!A20" in body and "LAO-2023.xlsx!Form I!A30" in body
    assert 'href="/assistance"' in body  # in the navigation
    status, headers, body = get(app, "/assistance", "as_of=2025&since=2021&format=csv")
    assert status == 200 and "attachment" in headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert [(r["article"], r["state"], r["status"]) for r in rows][:2] == [
        ("3", "PER", "no_reported_support"),
        ("4", "LAO", "supported"),
    ]
    status, _, body = get(app, "/assistance", "as_of=2025&since=2019&format=json")
    document = json.loads(body)
    assert document["matches"][0]["supported_states"] == ["PER"]
    assert document["matches"][1]["states"][0]["flows"][0]["provenance"]["cell"] == "A20"


def test_bad_parameters_are_a_clear_page(sqlite_engine, sqlite_url):
    worked_example(sqlite_engine)
    app = _app(sqlite_engine, sqlite_url)
    status, _, body = get(app, "/assistance", "since=20x1")
    assert status == 400 and "is not a year" in body
    status, _, body = get(app, "/assistance", "as_of=2021&since=2025")
    assert status == 400 and "--since 2025 is after --as-of 2021" in body
    status, _, _ = get(app, "/assistance", "format=xml")
    assert status == 404


def test_an_empty_store_says_what_to_do(sqlite_engine, sqlite_url):
    app = _app(sqlite_engine, sqlite_url)
    status, _, body = get(app, "/assistance")
    assert status == 400 and "no reports: run tracker import" in body


def test_the_support_partial_of_a_state(sqlite_engine):
    from tracker.services.assistance import state_support
    from tracker.web.app import templates

    worked_example(sqlite_engine)
    with transaction(sqlite_engine) as s:
        lao = state_support(s, "LAO", as_of=2025)
        irl = state_support(s, "IRL", as_of=2025)
    assert sorted(lao.statuses) == [4, 5]
    assert [f.provenance.cell for f in lao.received] == ["A31", "A20", "A30"]
    assert lao.provided == ()
    # Ireland as donor: its own rows and Lao PDR's row naming it (never added together).
    assert [(f.recipient_iso3, f.side.value) for f in irl.provided] == [
        ("TCD", "donor_report"),
        (None, "donor_report"),
        ("LAO", "donor_report"),
        ("LAO", "recipient_report"),
    ]
    html = templates().get_template("partials/support.html").render(support=lao)
    assert "Support reported to this State (3)" in html
    assert "supported" in html and "Ireland" in html
