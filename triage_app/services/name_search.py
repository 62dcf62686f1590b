"""Finding people by name: any word of a parent's or a child's name, whole, begun or misheard.

A request's names are kept as words in ``name_words`` (:mod:`triage_app.domain.name_words`):
"Walsh-Okafor" is "walsh", "okafor" and "walshokafor", each with its Soundex code. What was
typed is broken the same way, and a request is found when every word typed is one of its
words:

1. exactly ("amelia smith": a child Amelia and a parent Smith, or one person);
2. by its start ("ame smi"; at least :data:`MIN_NAME_CHARS` letters in all);
3. by its sound ("Okafur" finds "Okafor").

The rank is the first of these that holds; the list shows rank 1 before 2 before 3. Each
query is driven by a seek on one word's index (the last word typed, usually a surname;
the longest, if the last is a single letter); the other words are tested on the matches
alone, through ``name_words``' primary key. Typed without its spaces or hyphen
("walshokafor", "o neill" for "O'Neill"), a name is also matched whole.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, exists, or_, select
from sqlalchemy.orm import aliased

from triage_app.domain.keys import name_key
from triage_app.domain.name_words import name_words, soundex
from triage_app.services.prefix import starts_with
from triage_app.store.models import NameWord, RequestVersion

MIN_NAME_CHARS = 2
#: Ranks, best first: exact (also every reference, phone, postcode and date match), a
#: word's start, a word's sound.
EXACT, STARTS, SOUNDS = range(3)
#: A query of matching version ids, and the rank of what it finds.
Ranked = tuple[Select[int], int]
#: Another word of the same version, for the words typed after the first.
_OTHER = aliased(NameWord, name="other_word")


def _drives(word: str, rank: int, *, alone: bool) -> list[ColumnElement[bool]]:
    """The seeks a query at ``rank`` is driven by: the word, its start, or its sound.

    ``alone``: the only word typed, whose start is already found at :data:`STARTS`.
    """
    if rank == EXACT:
        return [NameWord.word == word]
    begun = starts_with(NameWord.word, word)
    if rank == STARTS:
        return [begun]
    sound = soundex(word)
    sounds = [] if sound is None else [NameWord.sound == sound]
    return sounds if alone else [begun, *sounds]


def _also_holds(word: str, rank: int) -> ColumnElement[bool]:
    """Another word of the matched version is ``word``, at ``rank`` or better."""
    if rank == EXACT:
        test = _OTHER.word == word
    else:
        test = starts_with(_OTHER.word, word)
        sound = soundex(word)
        if rank == SOUNDS and sound is not None:
            test = or_(test, _OTHER.sound == sound)
    return exists().where(_OTHER.version_id == NameWord.version_id, test)


def _every_word(words: list[str]) -> list[Ranked]:
    """Versions holding every word typed, at each rank.

    Each version once (an ``IN``), however many of its words match: a version counted twice
    would push another out of the newest few each match hands on.
    """
    drive = words[-1] if len(words[-1]) >= MIN_NAME_CHARS else max(words, key=len)
    rest = [w for w in words if w != drive]
    return [
        (
            select(RequestVersion.id).where(
                RequestVersion.id.in_(
                    select(NameWord.version_id).where(
                        driving, *(_also_holds(w, rank) for w in rest)
                    )
                )
            ),
            rank,
        )
        for rank in (EXACT, STARTS, SOUNDS)
        for driving in _drives(drive, rank, alone=not rest)
    ]


def name_matches(text: str) -> list[Ranked]:
    """The versions whose names hold what was typed, each query with its rank."""
    whole = name_key(text)
    if whole is None or len(whole) < MIN_NAME_CHARS or not any(c.isalpha() for c in whole):
        return []
    words = name_words(text)
    if len(words) == 1:
        return _every_word(words)
    return _every_word(words[:-1]) + _every_word([whole])  # the last is the whole name
