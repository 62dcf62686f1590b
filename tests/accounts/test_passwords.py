"""scrypt hashes: verify, refuse, salt per hash, cost stored with the hash; the rules."""

from __future__ import annotations

import pytest
from account_helpers import CHEAP

from triage_app.accounts.passwords import (
    UNUSABLE,
    ScryptParams,
    check_new_password,
    hash_password,
    needs_rehash,
    password_problems,
    verify_password,
)
from triage_app.accounts.policy import AccountPolicy
from triage_app.errors import InvalidInput

FAST = ScryptParams.of(CHEAP)


def test_the_default_cost_hashes_and_verifies() -> None:
    default = ScryptParams.of(AccountPolicy())
    stored = hash_password("a long pass phrase", default)
    assert stored.startswith("scrypt$32768$8$1$")
    assert verify_password("a long pass phrase", stored)
    assert not verify_password("a long pass phrasE", stored)


def test_wrong_passwords_do_not_verify() -> None:
    stored = hash_password("correct horse battery", FAST)
    for wrong in ("", "correct horse batter", "correct horse battery ", "CORRECT HORSE BATTERY"):
        assert not verify_password(wrong, stored)


def test_each_hash_has_its_own_salt() -> None:
    one, two = hash_password("same password", FAST), hash_password("same password", FAST)
    assert one != two
    assert one.split("$")[4] != two.split("$")[4]
    assert verify_password("same password", one) and verify_password("same password", two)


def test_the_cost_is_stored_and_used_to_verify() -> None:
    stored = hash_password("correct horse battery", ScryptParams(n=2**11, r=4, p=2))
    scheme, n, r, p, _salt, _key = stored.split("$")
    assert (scheme, n, r, p) == ("scrypt", "2048", "4", "2")
    assert verify_password("correct horse battery", stored)
    assert needs_rehash(stored, FAST)
    assert not needs_rehash(stored, ScryptParams(n=2**11, r=4, p=2))


def test_the_password_is_not_in_the_hash() -> None:
    stored = hash_password("correct horse battery", FAST)
    assert "correct" not in stored and "horse" not in stored


@pytest.mark.parametrize(
    "stored", [UNUSABLE, "", "scrypt$1$2", "md5$x$y$z$a$b", "scrypt$x$8$1$a$b"]
)
def test_unusable_or_malformed_hashes_never_verify(stored: str) -> None:
    assert not verify_password("", stored)
    assert not verify_password("anything at all", stored)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short", "at least 10 characters"),
        ("aaaaaaaaaaaa", "one character repeated"),
        ("my j.smith password", "must not contain the user name"),
        (" leading space here", "start or end with a space"),
        ("x" * 100 + "y" * 157, "at most 256"),
    ],
)
def test_password_rules_say_what_is_wrong(password: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message) as refused:
        check_new_password(password, "j.smith", AccountPolicy())
    assert all(p.field == "password" for p in refused.value.problems)
    assert password not in str(refused.value)


def test_a_good_password_passes_and_the_minimum_is_a_setting() -> None:
    assert password_problems("ten chars!", "j.smith", AccountPolicy()) == []
    assert password_problems("ten chars!", "j.smith", AccountPolicy(min_password_length=12))
