"""Failed sign-ins under names that match no account, counted so they lock like an account.

Without this, only a real account could answer "locked", and trying a name a few times
would tell whether it is someone's. The typed name is never stored (it is sometimes a
password typed into the wrong box): it is filed under one of 65,536 buckets chosen by an
HMAC keyed with a random key kept in the database. Someone with the database can only learn
that a name falls in a bucket shared with thousands of others; someone at the sign-in
screen cannot work out which names share a bucket, as they do not have the key.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from triage_app.accounts.users import normalise_username
from triage_app.store.access_models import UnknownNameSignIn
from triage_app.store.db_settings import sign_in_key

BUCKETS = 2**16


def bucket_of(key: bytes, username: str) -> int:
    digest = hmac.new(key, normalise_username(username).encode("utf-8"), hashlib.sha256)
    return int.from_bytes(digest.digest()[:2], "big") % BUCKETS


def unknown_name_counter(session: Session, username: str, now: datetime) -> UnknownNameSignIn:
    """The failure count and lock for this unknown name's bucket (made on first use)."""
    bucket = bucket_of(sign_in_key(session, now), username)
    row = session.get(UnknownNameSignIn, bucket, with_for_update=True)
    if row is None:  # made if missing, even when another desk makes it at the same moment
        insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        session.execute(
            insert(UnknownNameSignIn)
            .values(bucket=bucket, failed_attempts=0, locked_until=None)
            .on_conflict_do_nothing()
        )
        row = session.get_one(UnknownNameSignIn, bucket, with_for_update=True)
    return row
