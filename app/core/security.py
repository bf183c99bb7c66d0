"""Passwords (argon2) and opaque tokens (random secrets stored as SHA-256)."""

import hashlib
import secrets
from functools import lru_cache

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

_passwords = PasswordHash((Argon2Hasher(),))


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Verified against when an email is unknown, so both paths take the same time."""
    return _passwords.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _passwords.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    if password_hash is None:
        _passwords.verify(password, _dummy_hash())
        return False
    try:
        return bool(_passwords.verify(password, password_hash))
    except Exception:  # an unusable or foreign hash never verifies
        return False


def new_token(prefix: str) -> str:
    """A URL-safe secret with a recognisable prefix (`trp_…`), like GitHub's `ghp_…`."""
    return f"{prefix}_{secrets.token_urlsafe(32)}"


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
