"""``tracker users``: adding, listing, changing and removing web users (SQLite and PostgreSQL).

Passwords are argon2id hashes, never printed or audited; the last admin stays; every change is
in the audit trail; the login throttle's rule is checked by hand-made cases.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from tests.web.conftest import quick_hashes  # noqa: F401  (autouse: cheap argon2 parameters)
from tracker.db import transaction
from tracker.models import AuditEvent, User
from tracker.services.users import LOCKOUT, locked_until

PASSWORD = "a long enough password"


@pytest.fixture
def cli(run_cli, db_url, tmp_path):
    """``cli(*args, password=None)``: run ``tracker --db URL ARGS``, a password in a file."""
    run_cli("--db", db_url, "db", "upgrade")

    def run(*args, password: str | None = None):
        extra = []
        if password is not None:
            secret = tmp_path / "password.txt"
            secret.write_text(password + "\n", encoding="utf-8")
            extra = ["--password-file", str(secret)]
        return run_cli("--db", db_url, "users", *args, *extra)

    return run


def test_add_list_passwd_role_remove(cli, engine):
    added = cli("add", "Alice", "--role", "admin", password=PASSWORD)
    assert added.exit_code == 0, added.stderr
    assert added.stdout.strip() == "added user alice (admin)"
    assert cli("add", "bob", "--role", "reader", password=PASSWORD).exit_code == 0

    listed = cli("list")
    lines = listed.stdout.splitlines()
    assert lines[0].split()[:2] == ["alice", "admin"] and lines[1].split()[:2] == ["bob", "reader"]
    assert lines[-1] == "2 users"
    shape = json.loads(cli("list", "--format", "json").stdout)
    assert [(u["name"], u["role"]) for u in shape["users"]] == [
        ("alice", "admin"),
        ("bob", "reader"),
    ]
    assert set(shape["users"][0]) == {"name", "role", "created_at", "updated_at"}

    with transaction(engine) as session:
        before = session.scalar(select(User).where(User.name == "bob"))
        old_hash, old_version = before.password_hash, before.session_version
        assert old_hash.startswith("$argon2id$") and PASSWORD not in old_hash
    changed = cli("passwd", "BOB", password="another long password")
    assert changed.stdout.strip() == "password of bob changed: their open sessions are ended"
    promoted = cli("role", "bob", "editor")
    assert (
        promoted.stdout.strip() == "bob is now editor (was reader): their open sessions are ended"
    )
    assert cli("role", "bob", "editor").stdout.strip() == "bob is editor already: nothing changed"
    with transaction(engine) as session:
        after = session.scalar(select(User).where(User.name == "bob"))
        assert after.password_hash != old_hash and after.session_version == old_version + 2

    removed = cli("remove", "bob")
    assert removed.stdout.strip() == "removed user bob: their open sessions are ended"
    assert cli("list").stdout.splitlines()[-1] == "1 user"

    with transaction(engine) as session:
        events = session.execute(
            select(AuditEvent.action, AuditEvent.subject, AuditEvent.detail).order_by(AuditEvent.id)
        ).all()
        assert [(a, s) for a, s, _ in events] == [
            ("user-add", "alice"),
            ("user-add", "bob"),
            ("user-passwd", "bob"),
            ("user-role", "bob"),
            ("user-remove", "bob"),
        ]
        assert events[3][2] == "role reader -> editor"
        every_text = " ".join(
            str(v)
            for row in session.execute(select(AuditEvent)).scalars()
            for v in vars(row).values()
        )
        assert PASSWORD not in every_text and "argon2" not in every_text


def test_the_last_admin_can_be_neither_removed_nor_demoted(cli):
    cli("add", "alice", "--role", "admin", password=PASSWORD)
    for args in (("remove", "alice"), ("role", "alice", "editor")):
        refused = cli(*args)
        assert refused.exit_code == 1
        assert "alice is the last admin" in refused.stderr
        assert "tracker users role NAME admin" in refused.stderr
    cli("add", "carol", "--role", "admin", password=PASSWORD)
    assert cli("role", "alice", "editor").exit_code == 0  # another admin remains
    assert cli("remove", "carol").exit_code == 1  # now carol is the last one


def test_bad_input_is_refused_with_what_to_do(cli, run_cli, db_url):
    cli("add", "alice", "--role", "admin", password=PASSWORD)
    twice = cli("add", "ALICE", "--role", "reader", password=PASSWORD)
    assert twice.exit_code == 1
    assert "user alice exists already: change the role with `tracker users role alice ROLE`" in (
        twice.stderr
    )
    bad_name = cli("add", "al ice", "--role", "reader", password=PASSWORD)
    assert bad_name.exit_code == 2 and "not a usable user name" in bad_name.stderr
    bad_role = cli("add", "bob", "--role", "boss", password=PASSWORD)
    assert bad_role.exit_code == 2 and "'boss' is not a role: use reader|editor|admin" in (
        bad_role.stderr
    )
    short = cli("add", "bob", "--role", "reader", password="short")
    assert short.exit_code == 1 and "at least 10 characters" in short.stderr
    own_name = cli("add", "bobthebuilder", "--role", "reader", password="BobTheBuilder")
    assert own_name.exit_code == 1 and "must not be the user's name" in own_name.stderr
    unknown = cli("passwd", "zed", password=PASSWORD)
    assert unknown.exit_code == 1 and "no user 'zed': the users are alice" in unknown.stderr
    no_terminal = cli("add", "bob", "--role", "reader")  # stdin is not a terminal in tests
    assert no_terminal.exit_code == 2 and "--password-file" in no_terminal.stderr
    assert cli("list").stdout.splitlines()[-1] == "1 user"  # nothing refused was stored
    for result in (twice, bad_name, short, own_name):
        assert PASSWORD not in result.stdout + result.stderr


def test_an_empty_list_says_how_to_add_one(cli):
    assert cli("list").stdout.strip() == (
        "no web users: add one with tracker users add NAME --role admin"
    )


def test_hashes_use_argon2ids_default_costs(monkeypatch):
    from argon2 import PasswordHasher, Type

    from tracker import passwords

    monkeypatch.undo()  # the real hasher, not the tests' cheap one
    assert passwords.hash_password(PASSWORD).startswith("$argon2id$v=19$m=65536,t=3,p=4$")

    passwords._hasher.cache_clear()
    try:
        made = passwords._hasher()
        assert made.type is Type.ID
        default = PasswordHasher()
        assert (made.time_cost, made.memory_cost) == (default.time_cost, default.memory_cost)
    finally:
        passwords._hasher.cache_clear()


def _t(minute: int) -> dt.datetime:
    return dt.datetime(2026, 1, 5, 10, 0, tzinfo=dt.UTC) + dt.timedelta(minutes=minute)


@pytest.mark.parametrize(
    ("failures", "now", "expected"),
    [
        ([], 0, None),
        ([0, 1, 2, 3], 4, None),  # four failures: not locked
        ([0, 1, 2, 3, 4], 5, 19),  # five within 15 minutes: locked 15 minutes from the fifth
        ([0, 1, 2, 3, 4], 19, None),  # ... and open again at 10:19
        ([0, 4, 8, 12, 16], 17, None),  # five, but over 16 minutes
        ([0, 4, 8, 12, 15], 16, 30),  # five within exactly 15 minutes
        ([0, 1, 2, 3, 4, 20, 21], 22, None),  # old lock over; two new failures do not lock
    ],
)
def test_the_throttle_rule(failures, now, expected):
    got = locked_until([_t(m) for m in failures], _t(now))
    assert got == (None if expected is None else _t(expected))
    if expected is not None:
        assert got - _t(failures[-1]) <= LOCKOUT


def test_on_a_terminal_the_password_is_asked_twice_and_never_shown(tmp_path):
    """The real program on a pseudo-terminal: two prompts, nothing echoed, a mismatch asked again."""
    import os
    import select
    import subprocess
    import time

    from tests.browser.server import TRACKER, tracker

    url = f"sqlite:///{tmp_path / 'tty.db'}"
    tracker(url, "db", "upgrade")
    master, slave = os.openpty()
    name = os.ttyname(slave)

    def own_terminal() -> None:  # the pty becomes the child's controlling terminal (/dev/tty)
        os.setsid()
        os.close(os.open(name, os.O_RDWR))

    child = subprocess.Popen(
        [str(TRACKER), "--db", url, "users", "add", "tess", "--role", "editor"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        preexec_fn=own_terminal,
    )
    os.close(slave)
    seen = everything = b""
    # poll, not select: select() refuses a descriptor numbered 1024 or more, which a long test
    # run in one process may reach.
    watch = select.poll()
    watch.register(master, select.POLLIN)

    def read_until(text: bytes, timeout: float = 30) -> None:
        nonlocal seen, everything
        deadline = time.monotonic() + timeout
        while text not in seen and time.monotonic() < deadline:
            if watch.poll(200):
                try:
                    chunk = os.read(master, 1024)
                except OSError:
                    break
                seen, everything = seen + chunk, everything + chunk
        assert text in seen, seen

    # The prompt's text comes first, then the space that the hidden input writes once echo is
    # off: type only after that, as a person would after seeing the cursor.
    read_until(b"Password: ")
    os.write(master, b"first long password\n")
    read_until(b"Repeat the password: ")
    os.write(master, b"a different password\n")
    read_until(b"do not match")
    seen = seen[seen.index(b"do not match") :]  # (the next prompt may have come with it)
    read_until(b"Password: ")  # asked again
    os.write(master, b"the right long password\n")
    read_until(b"Repeat the password: ")
    os.write(master, b"the right long password\n")
    read_until(b"added user tess (editor)")
    assert child.wait(timeout=30) == 0
    os.close(master)
    assert b"long password" not in everything and b"different" not in everything
    assert "tess" in tracker(url, "users", "list")
