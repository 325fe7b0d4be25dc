"""Refusals before a page runs, and the headers every answer carries (SQLite; the database's
faults also on PostgreSQL).

Local mode answers to localhost only and refuses proxies; an oversized request is refused
before it is read whole; a database that is down or not at the newest migration gives the 503
page (and /healthz a 503 with the reason); an error no page expected gives a 500 page without
a traceback.
"""

from __future__ import annotations

import asyncio
import threading

import pytest
from starlette.responses import Response
from starlette.routing import Route
from starlette.testclient import TestClient

from tests.web.conftest import BASE, login, settings_for
from tracker import migrate
from tracker.db import make_engine, transaction
from tracker.services.users import add_user
from tracker.web.app import create_app
from tracker.web.pages import Visit, page
from tracker.web.security import CSP


@pytest.fixture
def db_url(sqlite_url):  # these tests are not about storage: SQLite only
    return sqlite_url


@pytest.fixture
def local(make_client) -> TestClient:
    """A local-mode client (the store has no user)."""
    return make_client(local=True)


def _headers_are_safe(response) -> None:
    assert response.headers["content-security-policy"] == CSP
    assert "'unsafe-inline'" not in CSP and "frame-ancestors 'none'" in CSP
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"


def test_every_answer_carries_the_security_headers(as_user, client):
    rita = as_user("rita")
    for response in (
        rita.get("/plans"),
        rita.get("/no/such/page"),
        rita.get("/static/tracker.css"),
        rita.get("/history?format=csv&table=runs"),
        client.get("/login"),
        client.get("/healthz"),
        client.get("/plans", headers={"host": "evil.example"}),  # not refused in team mode
    ):
        _headers_are_safe(response)
    assert rita.get("/plans").headers["cache-control"] == "no-store"
    assert "no-store" not in rita.get("/static/tracker.css").headers.get("cache-control", "")


def test_pages_link_no_script_and_nothing_outside(as_user):
    html = as_user("rita").get("/plans").text
    assert "<script" not in html
    assert "http://" not in html and "https://" not in html.replace(BASE, "")


def test_local_mode_needs_no_login_and_acts_as_an_editor(local):
    response = local.get("/plans")
    assert response.status_code == 200
    assert "Local mode: no login, you act as an <strong>editor</strong>" in response.text
    login_page = local.get("/login", follow_redirects=False)  # no login in local mode
    assert login_page.status_code == 303 and login_page.headers["location"] == "/"


@pytest.mark.parametrize(
    "host", ["localhost:8000", "127.0.0.1:8000", "[::1]:8000", "LOCALHOST:8000"]
)
def test_local_mode_answers_to_localhost_with_its_port(local, host):
    assert local.get("/plans", headers={"host": host}).status_code == 200


@pytest.mark.parametrize(
    "host", ["evil.example:8000", "evil.example", "127.0.0.1:9999", "127.0.0.1", "192.168.1.5:8000"]
)
def test_local_mode_refuses_other_hosts(local, host):
    response = local.get("/plans", headers={"host": host})
    assert response.status_code == 400
    assert "does not answer to the address" in response.text
    assert "open http://127.0.0.1:8000/" in response.text
    _headers_are_safe(response)


@pytest.mark.parametrize(
    "header", ["x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "forwarded"]
)
def test_local_mode_refuses_requests_through_a_proxy(local, header):
    response = local.get("/plans", headers={header: "203.0.113.9"})
    assert response.status_code == 403
    assert "came through a proxy" in response.text


def test_team_mode_with_allowed_hosts_answers_to_those_only(make_client, users):
    c = make_client(allowed_hosts=("tracker.isu.example",))
    assert c.get("/login", headers={"host": "tracker.isu.example"}).status_code == 200
    assert c.get("/login", headers={"host": "tracker.isu.example:443"}).status_code == 200
    assert c.get("/login", headers={"host": "127.0.0.1:8000"}).status_code == 200
    assert c.get("/login", headers={"host": "evil.example"}).status_code == 400


def test_local_mode_ends_when_users_are_added(local, engine):
    with transaction(engine) as session:
        add_user(session, "ada", "admin", "ada's long password")
    response = local.get("/plans")
    assert response.status_code == 503
    assert "start it again without --local" in response.text


def test_an_oversized_request_is_refused_by_its_length(as_user, make_client, users):
    small = make_client(max_upload_bytes=1000)
    login(small, "ed")
    response = small.post("/logout", content=b"x" * 5000, headers={"content-type": "text/plain"})
    assert response.status_code == 413
    assert "larger than the 0.000953674 MB the tracker accepts" in response.text
    assert "Nothing was read or stored" in response.text


def test_an_oversized_body_is_refused_before_it_is_read_whole(users, engine, db_url):
    """Without Content-Length, reading stops at the limit: the rest is never asked for."""
    app = create_app(settings_for(db_url, max_upload_bytes=1000), engine=engine)
    chunks = [b"x" * 600] * 10
    asked = []
    sent: list[dict] = []

    async def receive():
        asked.append(1)
        body = chunks[len(asked) - 1]
        return {"type": "http.request", "body": body, "more_body": len(asked) < len(chunks)}

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/login",
        "raw_path": b"/login",
        "query_string": b"",
        "headers": [
            (b"host", b"127.0.0.1:8000"),
            (b"content-type", b"application/x-www-form-urlencoded"),
        ],
        "scheme": "http",
        "server": ("127.0.0.1", 8000),
        "client": ("127.0.0.1", 50000),
        "http_version": "1.1",
        "root_path": "",
        "app": None,
    }
    # In its own thread: the browser tests' Playwright keeps an event loop in this one.
    worker = threading.Thread(target=lambda: asyncio.run(app(scope, receive, send)))
    worker.start()
    worker.join(timeout=60)
    assert sent[0]["status"] == 413
    assert len(asked) == 2  # 1,200 bytes read of the 6,000 sent: refused there


@page()
def _broken(visit: Visit) -> Response:
    raise RuntimeError("a bug: /etc/secret-path and a traceback must not show")


def test_an_unexpected_error_is_a_500_page_without_a_traceback(
    make_client, users, engine, db_url, caplog
):
    app = create_app(settings_for(db_url), engine=engine)
    app.app.router.routes.append(Route("/broken", _broken, methods=["GET"]))
    c = make_client(app=app)
    login(c, "rita")
    response = c.get("/broken")
    assert response.status_code == 500
    assert "Something went wrong" in response.text
    assert "Traceback" not in response.text and "secret-path" not in response.text
    _headers_are_safe(response)
    assert any("secret-path" in r.getMessage() or r.exc_info for r in caplog.records)


def test_a_database_not_at_the_newest_migration_gives_503(make_client, users, engine):
    rita = make_client()
    login(rita, "rita")
    before = migrate.script_directory().get_revision("5b37477af956").down_revision
    migrate.downgrade(engine, before)  # the migration before the web's tables
    for path in ("/plans", "/history", "/login"):
        response = rita.get(path)
        assert response.status_code == 503, path
        assert f"is at revision {before}" in response.text
        assert "run `tracker db upgrade` (with the same --db) first" in response.text
    health = rita.get("/healthz")
    assert health.status_code == 503
    assert health.json()["status"] == "unavailable"
    assert "tracker db upgrade" in health.json()["reason"]


def test_a_database_without_schema_gives_503(tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    c = TestClient(create_app(settings_for(url)), base_url=BASE)
    response = c.get("/login")
    assert response.status_code == 503 and "has no schema" in response.text
    assert c.get("/healthz").json()["reason"].startswith("the database has no schema")


def test_a_database_that_cannot_be_reached_gives_503():
    url = "postgresql+psycopg://someone:s3cret@127.0.0.1:1/ccm_tracker?connect_timeout=2"
    c = TestClient(
        create_app(settings_for(url, database_name="ccm_tracker"), engine=make_engine(url)),
        base_url=BASE,
        raise_server_exceptions=False,
    )
    response = c.get("/login")
    assert response.status_code == 503
    assert "cannot reach its database" in response.text
    assert "s3cret" not in response.text and "someone" not in response.text
    assert "Database: ccm_tracker" in response.text
    health = c.get("/healthz")
    assert health.status_code == 503 and "cannot reach its database" in health.json()["reason"]
