"""Password hashes: argon2id with argon2-cffi's defaults (RFC 9106's low-memory choice).

A hash carries its own parameters, so raising them later needs no migration: a login with an
older hash re-hashes it (:func:`needs_rehash`). Passwords are never logged, printed or stored.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from argon2 import PasswordHasher


@functools.cache
def _hasher() -> PasswordHasher:
    from argon2 import PasswordHasher, Type

    return PasswordHasher(type=Type.ID)


def hash_password(password: str) -> str:
    """The argon2id hash of ``password`` (salted: two hashes of one password differ)."""
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches ``password_hash``; False for a mismatch or a bad hash."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    return _hasher().check_needs_rehash(password_hash)


@functools.cache
def _dummy_hash() -> str:
    return hash_password("no user has this password; it only costs the time of a real check")


def waste_a_check(password: str) -> None:
    """Spend the time of a real check: an unknown user name must not answer faster."""
    verify_password(_dummy_hash(), password)
