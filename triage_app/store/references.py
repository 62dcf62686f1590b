"""A request's reference: drawn at random, and read back however a caller says it.

Kept apart from saving (``store.requests``) because most who need a reference only read one
a person typed or said (search, the command line, erasure); the demo data draws its own.
"""

from __future__ import annotations

import random
import secrets

#: Crockford's base32 without I, L, O, U: nothing to mishear or misread over the phone.
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_reference(rng: random.Random | None = None) -> str:
    """A reference like ``HH-7KQ4-M9XD``: short enough to read out, random so it leaks no count."""
    pick = (rng or secrets.SystemRandom()).choice
    body = "".join(pick(REFERENCE_ALPHABET) for _ in range(8))
    return f"HH-{body[:4]}-{body[4:]}"


def normalise_reference(text: str) -> str:
    """What a caller reads out ("hh 7kq4 m9xd", "HH7KQ4M9XD") as the stored form."""
    body = "".join(c for c in text.upper() if c.isalnum())
    body = body.removeprefix("HH").replace("O", "0").replace("I", "1").replace("L", "1")
    return f"HH-{body[:4]}-{body[4:]}" if len(body) == 8 else text.strip().upper()
