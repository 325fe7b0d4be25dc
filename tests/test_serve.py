"""``tracker serve``: what it checks before it starts, and the real server answering.

Each refusal is one line with what to do: a store not at the newest migration, team mode
without a user, local mode that is not local, a missing key on PostgreSQL. The key file on
SQLite is private and made once. Then the real program starts (a subprocess on a free loopback
port), prints its address and mode, and answers /healthz.
"""

from __future__ import annotations

import json
import stat
import urllib.request

import pytest

from tests.browser.server import start_server, tracker
from tracker.errors import TrackerError
from tracker.web.settings import SECRET_KEY_ENV, secret_key


@pytest.fixture
def store(run_cli, sqlite_url):
    assert run_cli("--db", sqlite_url, "db", "upgrade").exit_code == 0
    return sqlite_url


def _one_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_team_mode_needs_a_user(run_cli, store):
    result = run_cli("--db", store, "serve")
    assert result.exit_code == 1
    assert _one_line(result) == (
        "error: no web user in this store: add one with `tracker users add NAME --role admin` "
        "(or, on this machine only, start with --local)"
    )


def test_local_mode_is_local_only(run_cli, store, tmp_path):
    wide = run_cli("--db", store, "serve", "--local", "--host", "0.0.0.0")
    assert wide.exit_code == 2
    assert "only on a loopback host" in _one_line(wide) and "not 0.0.0.0" in wide.stderr
    proxied = run_cli("--db", store, "serve", "--local", "--allowed-host", "tracker.example")
    assert proxied.exit_code == 2 and "--local answers to this machine only" in proxied.stderr
    secret = tmp_path / "pw"
    secret.write_text("a long enough password")
    run_cli("--db", store, "users", "add", "ada", "--role", "admin", "--password-file", str(secret))
    with_users = run_cli("--db", store, "serve", "--local")
    assert with_users.exit_code == 1
    assert _one_line(with_users) == (
        "error: --local needs a store without web users, and this one has 1 user: "
        "start without --local and log in"
    )


def test_serve_refuses_a_database_not_at_the_newest_migration(run_cli, tmp_path):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    result = run_cli("--db", url, "serve", "--local")
    assert result.exit_code == 1
    # The command to run is printed as it can be pasted (tracker/invocation.py).
    assert (
        _one_line(result)
        == f"error: the database has no schema: run tracker --db {url} db upgrade first"
    )


def test_the_key_file_is_made_once_and_private(tmp_path, monkeypatch):
    monkeypatch.delenv(SECRET_KEY_ENV, raising=False)
    url = f"sqlite:///{tmp_path / 'ccm.db'}"
    first = secret_key(url, local=False)
    path = tmp_path / "ccm.db.secret-key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert secret_key(url, local=False) == first and len(first) >= 32
    path.chmod(0o644)
    with pytest.raises(TrackerError, match="can be read by others"):
        secret_key(url, local=False)
    monkeypatch.setenv(SECRET_KEY_ENV, "short")
    with pytest.raises(TrackerError, match="too short"):
        secret_key(url, local=False)
    monkeypatch.setenv(SECRET_KEY_ENV, "s" * 40)
    assert secret_key(url, local=False) == "s" * 40


def test_team_mode_on_postgresql_needs_the_key(monkeypatch):
    monkeypatch.delenv(SECRET_KEY_ENV, raising=False)
    url = "postgresql+psycopg://tracker@db.example/ccm_tracker"
    with pytest.raises(TrackerError, match="team mode on PostgreSQL needs TRACKER_SECRET_KEY"):
        secret_key(url, local=False)
    assert len(secret_key(url, local=True)) >= 32  # local mode: a key for this run


def test_the_real_server_starts_says_where_and_answers(store, tmp_path):
    server = start_server(store, tmp_path / "serve.log", "--local")
    try:
        with urllib.request.urlopen(f"{server.base_url}/healthz") as answer:
            assert json.load(answer)["status"] == "ok"
        with urllib.request.urlopen(f"{server.base_url}/plans") as answer:
            assert answer.status == 200 and b"Action plans" in answer.read()
    finally:
        server.stop()
    printed = server.log.read_text()
    port = server.base_url.rsplit(":", 1)[1]
    assert f"tracker serve: http://127.0.0.1:{port}/ (local mode, database sqlite:///" in printed
    assert "local mode: no login, you act as an editor; only this machine can connect" in printed
    assert "Traceback" not in printed


def test_the_real_server_in_team_mode(store, tmp_path):
    tracker(
        store,
        "users",
        "add",
        "ada",
        "--role",
        "admin",
        "--password-file",
        "-",
        stdin="a long enough password\n",
    )
    server = start_server(store, tmp_path / "serve.log")
    try:
        request = urllib.request.Request(f"{server.base_url}/plans")
        opener = urllib.request.build_opener(_NoRedirect())
        with pytest.raises(urllib.error.HTTPError) as refused:
            opener.open(request)
        assert refused.value.code == 303
        assert refused.value.headers["location"] == "/login?next=%2Fplans"
    finally:
        server.stop()
    assert "team mode: log in at http://127.0.0.1:" in server.log.read_text()
    assert (tmp_path / "tracker.db.secret-key").exists()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
