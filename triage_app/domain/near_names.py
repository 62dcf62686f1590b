"""Surnames that are near misses of each other: one family's name written two ways.

A call handler hears "Penhaligon" and types "Penhalligon"; a school's email says "Okafur"
for "Okafor"; "Mohammed" is also written "Muhammad". Contract rule 13 counts the earlier
requests about the same family, so a near miss must still find them, but only beside another
identifier that agrees (the postcode, or a child's first name and date of birth): a near-miss
name alone would put a stranger's history in front of the call handler.

Two surnames (as :func:`~triage_app.domain.keys.name_key` folds them) are near misses when

- they **sound alike throughout**: the same Soundex code for the whole name (not cut to four
  characters, which makes "Robertson" and "Rupert" one name), a code with at least
  :data:`MIN_SOUNDS` consonant sounds after the first letter ("Khan" and "Kim" are both
  ``K5``: too short a code to tell anything); or
- they are **one edit apart**: one letter changed, added or left out, or two neighbouring
  letters swapped, both names at least :data:`MIN_EDITED` letters long ("Khan"/"Kahn",
  "Smith"/"Smiht"; not "Li"/"Lu", where one letter is half the name).

The stored requests are matched by SQL that calls the same rules: the sound is stored beside
each surname (:func:`sound_key`), and :func:`one_edit_apart` is the SQL function
:mod:`triage_app.store.same_family` registers on SQLite (PostgreSQL's is its line-for-line
copy, tested against this one).
"""

from __future__ import annotations

from functools import lru_cache

from triage_app.domain.name_words import whole_soundex

#: A sound code needs this many consonant sounds after the first letter to match on.
MIN_SOUNDS = 2
#: A name needs this many letters for one edit to leave it recognisably the same.
MIN_EDITED = 4
#: Sounds remembered: matching compares the same few surnames many times over (demo data
#: compares each new request's surname with those of every earlier one at its postcode).
_SOUNDS_REMEMBERED = 65_536


@lru_cache(maxsize=_SOUNDS_REMEMBERED)
def sound_key(key: str | None) -> str | None:
    """What is stored of how a folded surname sounds; ``None`` when too short to match on.

    "okafor" → "O216", "penhaligon" → "P5425"; "khan" → ``None`` (``K5``: one sound).
    """
    code = whole_soundex(key) if key else None
    if code is None or len(code) < 1 + MIN_SOUNDS:
        return None
    return code


def one_edit_apart(a: str, b: str) -> bool:
    """Whether two different names differ by one letter changed, added, left out or swapped.

    Both must have at least :data:`MIN_EDITED` letters. Walks the common start, then
    compares what is left after the one difference.
    """
    la, lb = len(a), len(b)
    if a == b or min(la, lb) < MIN_EDITED or abs(la - lb) > 1:
        return False
    p = 0
    while p < min(la, lb) and a[p] == b[p]:
        p += 1
    if la > lb:
        return a[p + 1 :] == b[p:]
    if lb > la:
        return a[p:] == b[p + 1 :]
    swapped = a[p : p + 1] == b[p + 1 : p + 2] and a[p + 1 : p + 2] == b[p : p + 1]
    return a[p + 1 :] == b[p + 1 :] or (swapped and a[p + 2 :] == b[p + 2 :])


def similar_surnames(a: str | None, b: str | None) -> bool:
    """The same surname key, or a near miss of it (either rule above); never if one is missing."""
    if not a or not b:
        return False
    if a == b or one_edit_apart(a, b):
        return True
    sound = sound_key(a)
    return sound is not None and sound == sound_key(b)
