"""What the accounts tests share: a cheaper scrypt cost, passwords, and adding an account."""

from __future__ import annotations

from datetime import datetime

from tests.conftest import as_their_owners_left_them
from triage_app.accounts.policy import AccountPolicy
from triage_app.accounts.users import add_user
from triage_app.domain.actor import Actor
from triage_app.store.database import Database

#: scrypt at 2**10 instead of 2**15: the same code path, a thirty-second of the work.
#: test_passwords.py checks the default cost on its own.
CHEAP = AccountPolicy(scrypt_n=2**10)
ADMIN_PASSWORD = "admin pass phrase 1"
STAFF_PASSWORD = "correct horse battery"
HUBS = ("pathways", "mosaic", "aspire")


def add_staff(
    db: Database,
    now: datetime,
    username: str,
    role: str,
    *,
    password: str = STAFF_PASSWORD,
    by: Actor | None = None,
    hub: str | None = None,
) -> None:
    """Add an account (the first administrator when ``by`` is None), its password its own."""
    with db.write() as s:
        as_their_owners_left_them(s, now)
        add_user(
            s,
            by,
            username=username,
            role=role,
            password=password,
            now=now,
            policy=CHEAP,
            known_hubs=HUBS,
            hub=hub,
        )
        as_their_owners_left_them(s, now)
