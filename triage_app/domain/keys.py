"""Normalised forms of names, postcodes and phone numbers, for matching earlier requests.

A receptionist types "O'Neill", a call handler "o neill"; a postcode comes as "cv6 1hd" or
"CV61HD"; a phone as "+44 24 7697 8100" or "024 7697 8100". Each pair must find the other.
"""

from __future__ import annotations

import re
import unicodedata

from triage_app.domain.limits import NAME

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def name_key(name: str | None) -> str | None:
    """Case, accents, spaces and punctuation folded away: "Zoë O'Neill" → "zoeoneill"."""
    if not name:
        return None
    if name.isascii():  # most names: nothing to decompose or strip, and casefold is lower
        return _NOT_ALNUM.sub("", name.lower())[:NAME] or None
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace("ł", "l").replace("ø", "o").replace("ß", "ss").replace("ı", "i")
    # Folding can lengthen a name ("ß" → "ss", "㎉" → "kcal"): the key keeps what fits the
    # column a name fits, which is plenty to tell names apart.
    return _NOT_ALNUM.sub("", plain)[:NAME] or None


def postcode_key(postcode: str | None) -> str | None:
    """Upper case without spaces: "cv6 1hd" → "CV61HD"."""
    if not postcode:
        return None
    key = re.sub(r"\s+", "", postcode).upper()
    return key or None


def format_postcode(postcode: str | None) -> str | None:
    """The usual written form, with the space before the last three characters.

    Only for what could be a UK postcode (5 to 7 characters without the space): anything
    longer is kept as typed, less its spaces, so the written form is never longer than
    what was given (and fits the column the given text was checked against).
    """
    key = postcode_key(postcode)
    if key is None or not 5 <= len(key) <= 7:
        return key
    return f"{key[:-3]} {key[-3:]}"


def phone_key(phone: str | None) -> str | None:
    """Digits only, with the UK country code turned into a leading 0."""
    if not phone:
        return None
    digits = re.sub(r"\D", "", phone)
    if phone.strip().startswith("+44") or (digits.startswith("44") and len(digits) == 12):
        digits = "0" + digits[2:]
    return digits or None
