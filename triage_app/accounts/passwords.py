"""Password hashing with scrypt (memory-hard, in the standard library) and the password rules.

A stored hash reads ``scrypt$n$r$p$salt$hash`` (salt and hash in base64): each account has
its own random salt, and the cost is kept with the hash so it can be raised later without
locking anyone out — an old hash still verifies and is re-hashed at the next sign-in.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from triage_app.accounts.policy import AccountPolicy
from triage_app.errors import InvalidInput, Problem

SCHEME = "scrypt"
SALT_BYTES = 16
KEY_BYTES = 32
MAX_PASSWORD_LENGTH = 256
#: Stored for an account nobody may sign in to with a password (the demo team leader).
UNUSABLE = "!"


@dataclass(frozen=True)
class ScryptParams:
    n: int
    r: int
    p: int

    @classmethod
    def of(cls, policy: AccountPolicy) -> ScryptParams:
        return cls(policy.scrypt_n, policy.scrypt_r, policy.scrypt_p)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _derive(password: str, salt: bytes, params: ScryptParams) -> bytes:
    memory = 128 * params.r * params.n * params.p
    return hashlib.scrypt(
        password.encode("utf-8"),
        salt=salt,
        n=params.n,
        r=params.r,
        p=params.p,
        maxmem=2 * memory + 1024 * 1024,
        dklen=KEY_BYTES,
    )


def hash_password(password: str, params: ScryptParams) -> str:
    salt = secrets.token_bytes(SALT_BYTES)
    key = _derive(password, salt, params)
    return f"{SCHEME}${params.n}${params.r}${params.p}${_b64(salt)}${_b64(key)}"


def decoy_hash(params: ScryptParams) -> str:
    """A stored hash no password matches, checked for a name that is no account's.

    Made of random bytes, with no hashing: checking it costs exactly what checking a real
    account's hash costs (one scrypt), and making it costs nothing.
    """
    salt, key = secrets.token_bytes(SALT_BYTES), secrets.token_bytes(KEY_BYTES)
    return f"{SCHEME}${params.n}${params.r}${params.p}${_b64(salt)}${_b64(key)}"


def _parse(stored: str) -> tuple[ScryptParams, bytes, bytes] | None:
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != SCHEME:
        return None
    try:
        params = ScryptParams(int(parts[1]), int(parts[2]), int(parts[3]))
        return params, base64.b64decode(parts[4]), base64.b64decode(parts[5])
    except ValueError:
        return None


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches ``stored``; a malformed or unusable hash never matches."""
    parsed = _parse(stored)
    if parsed is None:
        return False
    params, salt, key = parsed
    return hmac.compare_digest(_derive(password, salt, params), key)


def usable(stored: str) -> bool:
    """Whether ``stored`` is a hash a password could match (not ``UNUSABLE``, not damaged)."""
    return _parse(stored) is not None


def needs_rehash(stored: str, params: ScryptParams) -> bool:
    parsed = _parse(stored)
    return parsed is not None and parsed[0] != params


def password_problems(password: str, username: str, policy: AccountPolicy) -> list[Problem]:
    """What is wrong with a new password, in words staff can act on; empty when it will do."""
    problems = []
    if len(password) < policy.min_password_length:
        problems.append(f"must be at least {policy.min_password_length} characters long")
    if len(password) > MAX_PASSWORD_LENGTH:
        problems.append(f"must be at most {MAX_PASSWORD_LENGTH} characters long")
    if password and len(set(password)) == 1:
        problems.append("must not be one character repeated")
    if username and username.lower() in password.lower():
        problems.append("must not contain the user name")
    if password != password.strip():
        problems.append("must not start or end with a space")
    return [Problem("password", p) for p in problems]


def check_new_password(password: str, username: str, policy: AccountPolicy) -> None:
    problems = password_problems(password, username, policy)
    if problems:
        raise InvalidInput(problems)
