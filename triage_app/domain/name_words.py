"""The words of people's names, as search finds them: each part, and how it sounds.

Staff search for a family by whatever name they were given: a child's first name, a
parent's, one half of "Walsh-Okafor", or a name heard over the phone and typed as it sounded
("Okafur"). A request's names are broken into words here, once, as it is saved; search
breaks what was typed the same way, so both sides agree.

Each word is kept as its :func:`~triage_app.domain.keys.name_key` (case, accents and
punctuation folded away: "O'Neill" → "oneill") and as its Soundex code, the standard
phonetic code of the US census (Knuth, *The Art of Computer Programming* vol. 3): names that
sound alike share a code ("Okafor" and "Okafur" are both ``O216``). Soundex is written here
rather than taken from a library: it is twenty lines, fixed since 1918, and tested beside it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from triage_app.domain.keys import name_key
from triage_app.domain.request import TriageRequest

#: What separates the parts of a name: spaces and hyphens (an apostrophe stays inside,
#: "O'Neill" is one word).
_PARTS = re.compile(r"[\s\-\u2010-\u2015/,&+]+")
#: Soundex digits for consonants; vowels, h, w and y have none.
_SOUNDEX = {
    **dict.fromkeys("bfpv", "1"),
    **dict.fromkeys("cgjkqsxz", "2"),
    **dict.fromkeys("dt", "3"),
    "l": "4",
    **dict.fromkeys("mn", "5"),
    "r": "6",
}
#: Marks the whole of a name of several parts, as stored: no folded word starts with it.
COMPOUND = "="
#: A Soundex code: a letter and three digits.
SOUND_LENGTH = 4
#: One name's words, their Soundex codes, and its whole if it has several parts.
NamePieces = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]


def soundex(word: str) -> str | None:
    """The Soundex code of a folded word ("okafor" → "O216"); ``None`` if it has no letter.

    The first letter is kept; each later consonant becomes its digit, a digit repeated across
    an ``h`` or ``w`` counts once, vowels separate repeats; padded or cut to four.
    """
    code = whole_soundex(word)
    return None if code is None else code[:SOUND_LENGTH].ljust(SOUND_LENGTH, "0")


def whole_soundex(word: str) -> str | None:
    """Soundex's code for the whole word, neither padded nor cut ("robertson" → "R16325").

    Cut to four, Soundex makes "Robertson" and "Rupert" one name (``R163``): fine for a search
    that lists candidates, too loose to say two requests are about one family.
    """
    letters = [c for c in word if "a" <= c <= "z"]
    if not letters:
        return None
    code = [letters[0].upper()]
    last = _SOUNDEX.get(letters[0], "")
    for c in letters[1:]:
        digit = _SOUNDEX.get(c, "")
        if digit and digit != last:
            code.append(digit)
        if c not in "hw":
            last = digit
    return "".join(code)


def name_parts(name: str | None) -> list[str]:
    """The parts of a name as keys, split at spaces and hyphens: "Walsh-Okafor" → walsh, okafor."""
    if not name:
        return []
    return list(dict.fromkeys(k for k in (name_key(p) for p in _PARTS.split(name)) if k))


def name_words(name: str | None) -> list[str]:
    """A name's words as keys: "Walsh-Okafor" → ["walsh", "okafor"].

    After a particle of one or two letters ("O Neill", "De La Cruz", "Mc Donald") the whole
    name, folded, is a word too ("oneill"), as staff often type it run together. Not for
    other compounds: "walshokafor" would make every search for the start of "walsh" read
    every Walsh-Something as well.
    """
    words = name_parts(name)
    whole = name_key(name)
    if whole and whole not in words and any(len(w) <= 2 for w in words[:-1]):
        words.append(whole)
    return words


def name_keys(name: str | None) -> list[str]:
    """What is stored of one name: its words and, for a name of several parts, the whole.

    The whole is marked with :data:`COMPOUND` ("=walshokafor"), so a search for the start of
    a word never reads it; a search for the whole name typed finds it in one seek.
    """
    words = name_words(name)
    if len(name_parts(name)) > 1:
        words.append(COMPOUND + (name_key(name) or ""))
    return words


def request_names(req: TriageRequest) -> list[str | None]:
    """Every name a request gives a person: the parent's or carer's, each child's."""
    names = [req.family.first_name, req.family.last_name]
    for child in req.children:
        names += [child.first_name, child.last_name]
    return names


def name_pieces(name: str | None) -> NamePieces:
    """What one name adds to a request's keys: its words, their sounds, its whole if compound.

    A pure function of the name, so a caller storing many requests may remember it per name.
    """
    words = name_words(name)
    sounds = tuple(s for s in map(soundex, words) if s is not None)
    wholes = tuple(k for k in name_keys(name) if k[:1] == COMPOUND)
    return tuple(words), sounds, wholes


def keys_of_pieces(pieces: Iterable[NamePieces]) -> list[str]:
    """The keys of a request from its names' pieces (:func:`name_pieces`), as :func:`word_keys`."""
    found = list(pieces)
    words = dict.fromkeys(w for p in found for w in p[0])
    sounds = dict.fromkeys(s for p in found for s in p[1])
    wholes = dict.fromkeys(k for p in found for k in p[2])
    return [*words, *sounds, *wholes]


def word_keys(names: Iterable[str | None]) -> list[str]:
    """Each distinct word of these names, then each distinct Soundex code, as stored.

    Words are folded to lower case and codes start with a capital, so the two never meet
    in one column: "smith" and "S530" are both keys of a Smith, and a search for the start
    "s" finds the words alone. Last, each name of several parts, whole (:func:`name_keys`).
    """
    return keys_of_pieces(map(name_pieces, names))
