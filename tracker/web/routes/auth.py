"""``/login`` and ``/logout`` (team mode; local mode has no login).

The login page says the same thing for an unknown user and a wrong password, and refuses a
name's logins for 15 minutes after 5 failures within 15 minutes
(:func:`tracker.services.users.authenticate`, counted in the database). A login starts a new
session (new id, new CSRF token); a logout ends it for good, even for a copy of its cookie.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from tracker.web.auth import ends_at, new_session
from tracker.web.formats import moment
from tracker.web.pages import Visit, page

REFUSED = "Unknown user name or wrong password."
ENDED = {
    "idle": "Your session ended after 8 hours without activity: log in again.",
    "age": "Your session ended after 7 days: log in again.",
    "ended": "Your session was ended (a new password, a new role, or a logout): log in again.",
    "logout": "You are logged out.",
}


def safe_next(value: object, home: str) -> str:
    """Where to go after the login: a path of this site only (never another site)."""
    if not isinstance(value, str) or not value.startswith("/") or value.startswith("//"):
        return home
    if "\\" in value or any(ord(c) < 32 for c in value):
        return home
    return value


def _form(visit: Visit, *, status: int = 200, error: str | None = None, name: str = "") -> Response:
    params = visit.params
    notice = ENDED.get(params.get("ended", "")) if error is None else None
    target = visit.form.get("next") if visit.form is not None else params.get("next")
    return visit.render(
        "login.html",
        status=status,
        title="Log in",
        error=error,
        notice=notice,
        name=name,
        next=safe_next(target, visit.web.home),
    )


@page(role=None)
def login_page(visit: Visit) -> Response:
    """The login form (a logged-in visitor goes straight on)."""
    if visit.viewer is not None:
        return visit.redirect(safe_next(visit.params.get("next"), visit.web.home))
    return _form(visit)


@page(role=None)
def login(visit: Visit) -> Response:
    """Check the name and password; start a session, or say no (the same way for both)."""
    from tracker.services.users import authenticate

    if visit.web.settings.local:
        return visit.redirect(visit.web.home)
    assert visit.form is not None
    name = str(visit.form.get("name") or "")
    password = str(visit.form.get("password") or "")
    client = visit.request.client.host if visit.request.client else None
    result = authenticate(visit.db, name, password, client=client)
    if result.outcome == "locked":
        assert result.locked_until is not None
        return _form(
            visit,
            status=429,
            name=name,
            error=f"Too many failed logins for this user name: logins are refused until "
            f"{moment(result.locked_until)} UTC. Try again then, or ask an admin.",
        )
    if result.user is None:
        return _form(visit, status=401, name=name, error=REFUSED)
    user = result.user
    visit.start_session(new_session(uid=user.id, name=user.name, version=user.session_version))
    return visit.redirect(safe_next(visit.form.get("next"), visit.web.home))


@page()
def logout(visit: Visit) -> Response:
    """End this session (its cookie is refused from now on) and show the login page."""
    from tracker.services.users import end_session

    cookie = visit.cookie
    if cookie.uid is not None:
        end_session(
            visit.db, cookie.sid, cookie.uid, ends_at(cookie, visit.web.settings.session_max)
        )
    visit.start_session(new_session())
    return visit.redirect("/login?ended=logout" if not visit.web.settings.local else visit.web.home)


ROUTES = [
    Route("/login", login_page, methods=["GET"], name="login-page"),
    Route("/login", login, methods=["POST"], name="login"),
    Route("/logout", logout, methods=["POST"], name="logout"),
]
