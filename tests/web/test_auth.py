"""Logins, sessions and roles in team mode (SQLite and PostgreSQL: all of it lives in the store).

Each refusal of the spec: a page without a login, the same message for an unknown user and a
wrong password, the throttle after 5 failures, sessions ended by a new password, a new role,
a removal or a logout (even for a copy of the cookie), the 8-hour and 7-day expiries, a
reader's POST to an editor's route, a form without its token.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from tests.web.conftest import PASSWORDS, csrf_of, login, settings_for
from tracker import clock
from tracker.db import transaction
from tracker.models.enums import WebRole
from tracker.services.users import remove_user, set_password, set_role
from tracker.web.app import create_app
from tracker.web.auth import COOKIE
from tracker.web.pages import Visit, page


class Clock:
    """A clock the test moves (tracker.clock.now is replaced by it)."""

    def __init__(self) -> None:
        self.moment = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += dt.timedelta(**delta)


@pytest.fixture
def fake_clock(monkeypatch) -> Clock:
    c = Clock()
    monkeypatch.setattr(clock, "now", c)
    return c


def _logged_in(client) -> bool:
    response = client.get("/plans", follow_redirects=False)
    return response.status_code == 200


def test_pages_need_a_login_and_come_back_after_it(client):
    response = client.get("/history?runs.sort=who", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Fhistory%3Fruns.sort%3Dwho"

    token = csrf_of(client.get(response.headers["location"]).text)
    done = client.post(
        "/login",
        data={
            "name": "Rita",  # names are not case-sensitive
            "password": PASSWORDS["rita"],
            "csrf_token": token,
            "next": "/history?runs.sort=who",
        },
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == "/history?runs.sort=who"
    page_html = client.get("/history").text
    assert "<strong>rita</strong> (reader)" in page_html
    assert 'action="/logout"' in page_html


def test_healthz_and_login_need_no_login(client):
    assert client.get("/healthz").status_code == 200
    assert client.get("/login").status_code == 200


def test_a_form_without_a_login_is_refused(client):
    token = csrf_of(client.get("/login").text)
    response = client.post("/logout", data={"csrf_token": token})
    assert response.status_code == 403
    assert "Log in first" in response.text


def test_unknown_user_and_wrong_password_get_the_same_answer(client):
    unknown = login(client, "nobody", "ada's long password")
    wrong = login(client, "ada", "not ada's password")
    assert unknown.status_code == wrong.status_code == 401

    def scrub(html: str) -> str:
        html = re.sub(r'name="csrf_token" value="[^"]+"', "", html)
        return re.sub(r'id="name" name="name"[^>]*>', "", html)

    assert scrub(unknown.text) == scrub(wrong.text)
    assert "Unknown user name or wrong password." in unknown.text
    assert "nobody" in unknown.text  # the name typed is kept (escaped) in the form


def test_five_failures_lock_the_name_for_15_minutes(client, engine, fake_clock):
    for _ in range(5):
        assert login(client, "ed", "wrong password").status_code == 401
        fake_clock.advance(minutes=1)
    locked = login(client, "ed")  # the right password is refused too, while locked
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.text
    assert "until 02 Mar 2026 09:19 UTC" in locked.text  # 15 minutes after the fifth failure
    # Another name is not affected; an unknown name is throttled exactly like a real one.
    assert login(client, "rita").status_code == 303
    for _ in range(5):
        login(client, "ghost", "whatever it is")
    assert login(client, "ghost", "whatever it is").status_code == 429

    fake_clock.advance(minutes=13)  # 09:18: still locked
    assert login(client, "ed").status_code == 429
    fake_clock.advance(minutes=2)  # 09:20: open again
    assert login(client, "ed").status_code == 303


def test_failures_spread_over_more_than_15_minutes_do_not_lock(client, fake_clock):
    for _ in range(6):
        assert login(client, "ed", "wrong password").status_code == 401
        fake_clock.advance(minutes=4)
    assert login(client, "ed").status_code == 303


def test_a_success_clears_the_failures(client, fake_clock):
    for _ in range(4):
        login(client, "ed", "wrong password")
    assert login(client, "ed").status_code == 303
    for _ in range(4):
        login(client, "ed", "wrong password")
    assert login(client, "ed").status_code == 303  # 4 + 4 failures, but cleared between


@pytest.mark.parametrize(
    "change",
    [
        lambda s: set_password(s, "ed", "a brand new password"),
        lambda s: set_role(s, "ed", "reader"),
        lambda s: remove_user(s, "ed"),
    ],
    ids=["passwd", "role", "remove"],
)
def test_passwd_role_change_and_remove_end_the_users_sessions(as_user, engine, change):
    ed, rita = as_user("ed"), as_user("rita")
    assert _logged_in(ed) and _logged_in(rita)
    with transaction(engine) as session:
        change(session)
    response = ed.get("/plans", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Fplans&ended=ended"
    assert "Your session was ended" in ed.get(response.headers["location"]).text
    assert _logged_in(rita)  # other users' sessions go on


def test_a_removed_users_cookie_never_names_a_later_user(as_user, engine, make_client):
    ed = as_user("ed")
    cookie = ed.cookies[COOKIE]
    with transaction(engine) as session:
        remove_user(session, "ed")
        from tracker.services.users import add_user

        add_user(session, "ed", "editor", PASSWORDS["ed"])  # same name again, a new user
    thief = make_client()
    thief.cookies.set(COOKIE, cookie)
    assert not _logged_in(thief)


def test_logout_ends_the_session_even_for_a_copy_of_its_cookie(as_user, make_client):
    rita = as_user("rita")
    copied = rita.cookies[COOKIE]
    token = csrf_of(rita.get("/plans").text)
    out = rita.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/login?ended=logout"
    assert not _logged_in(rita)
    replay = make_client()
    replay.cookies.set(COOKIE, copied)
    assert not _logged_in(replay)
    assert _logged_in(as_user("rita"))  # logging in again works


def test_sessions_end_after_8_idle_hours_and_after_7_days(as_user, fake_clock):
    rita = as_user("rita")
    fake_clock.advance(hours=7, minutes=59)
    assert _logged_in(rita)  # used again: the idle time starts over
    fake_clock.advance(hours=8, minutes=1)
    response = rita.get("/plans", follow_redirects=False)
    assert response.headers["location"].endswith("ended=idle")

    rita = as_user("rita")
    started = fake_clock.moment
    for _ in range(22):  # used every 8 hours for more than 7 days, never idle long enough
        fake_clock.advance(hours=7, minutes=59)
        response = rita.get("/plans", follow_redirects=False)
        if response.status_code != 200:
            break
    assert response.status_code == 303 and response.headers["location"].endswith("ended=age")
    assert dt.timedelta(days=7) < fake_clock.moment - started <= dt.timedelta(days=7, hours=8)


def test_the_cookie_is_httponly_samesite_and_secure_over_https(make_client, users):
    plain = make_client()
    cookie = login(plain, "rita").headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie
    secure = make_client(base_url="https://127.0.0.1:8000")
    assert "Secure" in login(secure, "rita").headers["set-cookie"]


def test_a_forged_cookie_is_nobody(make_client, users, engine, db_url):
    rita = make_client()
    login(rita, "rita")
    other_key = make_client(
        app=create_app(settings_for(db_url, secret_key="z" * 48), engine=engine)
    )
    other_key.cookies.set(COOKIE, rita.cookies[COOKIE])  # signed with another key
    assert not _logged_in(other_key)
    tampered = make_client()
    value = rita.cookies[COOKIE]
    tampered.cookies.set(COOKIE, value[:-3] + ("AAA" if not value.endswith("AAA") else "BBB"))
    assert not _logged_in(tampered)


def test_the_login_never_sends_anyone_to_another_site(client):
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example", "plans"):
        response = login(client, "rita", next=target)
        assert response.headers["location"] == "/", target  # the dashboard


# -- roles and CSRF on routes that change things ------------------------------------------


@page(role=WebRole.EDITOR)
def _editor_change(visit: Visit) -> Response:
    return PlainTextResponse("changed")


def _app_with_an_editor_route(db_url, engine):
    app = create_app(settings_for(db_url), engine=engine)
    app.app.router.routes.append(Route("/test-change", _editor_change, methods=["POST"]))
    return app


def test_a_reader_posting_to_an_editors_route_gets_403(make_client, users, engine, db_url):
    app = _app_with_an_editor_route(db_url, engine)
    rita, ed = make_client(app=app), make_client(app=app)
    login(rita, "rita")
    login(ed, "ed")
    refused = rita.post("/test-change", data={"csrf_token": csrf_of(rita.get("/plans").text)})
    assert refused.status_code == 403
    assert "Your role (reader) cannot do this" in refused.text
    done = ed.post("/test-change", data={"csrf_token": csrf_of(ed.get("/plans").text)})
    assert done.status_code == 200 and done.text == "changed"


def test_every_form_route_refuses_a_missing_or_wrong_token(make_client, users, engine, db_url):
    app = _app_with_an_editor_route(db_url, engine)
    ed = make_client(app=app)
    login(ed, "ed")
    posts = [
        r.path
        for r in app.app.router.routes
        if isinstance(r, Route) and "POST" in (r.methods or ())
    ]
    assert {"/login", "/logout", "/test-change"} <= set(posts)
    for path in posts:
        for data in ({}, {"csrf_token": "not-the-token"}):
            response = ed.post(path, data=data)
            assert response.status_code == 403, (path, data)
            assert "This form has expired" in response.text
    assert _logged_in(ed)  # the refused logout did not log out


def test_a_form_from_another_site_is_refused(as_user):
    ed = as_user("ed")
    token = csrf_of(ed.get("/plans").text)
    response = ed.post(
        "/logout", data={"csrf_token": token}, headers={"origin": "https://evil.example"}
    )
    assert response.status_code == 403
    assert _logged_in(ed)
