"""Fixtures of the web tests: an app on a migrated store, clients, users and logins.

The app is the real one (:func:`tracker.web.app.create_app`) on the ``engine`` fixture's
database (SQLite, and PostgreSQL where a test is about storage), driven by Starlette's test
client at ``http://127.0.0.1:8000``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from tracker.db import transaction
from tracker.services.users import add_user
from tracker.web.app import create_app
from tracker.web.settings import WebSettings

BASE = "http://127.0.0.1:8000"
PASSWORDS = {"ada": "ada's long password", "rita": "rita's long password", "ed": "ed's password!"}
ROLES = {"ada": "admin", "rita": "reader", "ed": "editor"}
KEY = "k" * 48


def settings_for(url: str, **changes: Any) -> WebSettings:
    values: dict[str, Any] = {"database_url": url, "secret_key": KEY, "database_name": "test.db"}
    return WebSettings(**(values | changes))


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no form token"
    return found.group(1)


def login(client: TestClient, name: str, password: str | None = None, **extra: str):
    token = csrf_of(client.get("/login").text)
    data = {"name": name, "password": password or PASSWORDS[name], "csrf_token": token} | extra
    return client.post("/login", data=data, follow_redirects=False)


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch) -> None:
    """argon2id with the smallest cost: the same code path, milliseconds instead of 0.25 s.

    (The production parameters are argon2-cffi's defaults; tests/test_users.py checks them.)
    """
    from argon2 import PasswordHasher, Type

    from tracker import passwords

    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1, type=Type.ID)
    monkeypatch.setattr(passwords, "_hasher", lambda: cheap)
    monkeypatch.setattr(passwords, "_dummy_hash", lambda: cheap.hash("nobody's password"))


@pytest.fixture
def users(engine) -> dict[str, str]:
    """Three users: ada (admin), ed (editor), rita (reader)."""
    with transaction(engine) as session:
        for name, role in ROLES.items():
            add_user(session, name, role, PASSWORDS[name])
    return ROLES


@pytest.fixture
def make_client(engine, db_url) -> Iterator[Callable[..., TestClient]]:
    """``make_client(**settings)``: a client of a new app on the store (team mode by default)."""
    clients: list[TestClient] = []

    def make(base_url: str = BASE, app: Any = None, **changes: Any) -> TestClient:
        app = app or create_app(settings_for(db_url, **changes), engine=engine)
        client = TestClient(app, base_url=base_url, raise_server_exceptions=False)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def client(make_client, users) -> TestClient:
    """A team-mode client, not logged in (the three users exist)."""
    return make_client()


@pytest.fixture
def as_user(make_client, users) -> Callable[[str], TestClient]:
    """``as_user(name)``: a client logged in as that user."""

    def make(name: str) -> TestClient:
        c = make_client()
        response = login(c, name)
        assert response.status_code == 303, response.text
        return c

    return make
