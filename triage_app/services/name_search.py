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
alone, through ``name_words``' primary key, among the newest :data:`WORDS_LOOKED_AT`
holding it (an index range: a pair of common names costs no more than a rare pair). Typed as
several words, a name is also matched run together ("o neill" finds "O'Neill"), and whole
("Walsh-Okafor" is one seek, however many Walshes and Okafors there are).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, exists, func, or_, select
from sqlalchemy.orm import aliased

from triage_app.domain.keys import name_key
from triage_app.domain.name_words import COMPOUND, name_parts, soundex
from triage_app.services.prefix import starts_with
from triage_app.store.models import NameWord, RequestVersion

MIN_NAME_CHARS = 2
#: Ranks, best first: exact (also every reference, phone, postcode and date match), a
#: word's start, a word's sound.
EXACT, STARTS, SOUNDS = range(3)
#: A query of matching version ids, and the rank of what it finds.
Ranked = tuple[Select[int], int]
#: Typed as several words, a name is looked for among the newest this many versions holding
#: the word the search is driven by: each is tested for the other words one by one.
WORDS_LOOKED_AT = 2000
#: The word the search is driven by, again, for the newest of its versions.
_DRIVE = aliased(NameWord, name="drive_word")
#: Another word of the same version, for the words typed after the first.
_OTHER = aliased(NameWord, name="other_word")


@dataclass(frozen=True)
class NameMatch:
    """The ``name_words`` rows of versions holding every word typed, at one rank.

    ``once``: each version has at most one such row (the seek is on one word or one sound,
    each stored once per version), so the rows can be cut at the newest few straight from
    the index; otherwise (a word's start, which several words of a version may have) the
    versions are made distinct first.
    """

    where: tuple[ColumnElement[bool], ...]
    rank: int
    once: bool


def _drives(
    word: str, rank: int, *, alone: bool, table: type[NameWord] = NameWord
) -> list[tuple[ColumnElement[bool], bool]]:
    """The seeks a query at ``rank`` is driven by: the word, its start, or its sound.

    Each with whether it finds a version once. ``alone``: the only word typed, whose start
    is already found at :data:`STARTS`.
    """
    exact = (table.word == word, True)
    if rank == EXACT:
        return [exact]
    # A longer word: the word itself is found by its own seek, read in order from the index.
    longer = (starts_with(table.word, word, longer=True), False)
    if rank == STARTS:
        return [longer] if alone else [exact, longer]
    sound = soundex(word)
    sounds = [] if sound is None else [(table.word == sound, True)]
    return sounds if alone else [exact, longer, *sounds]


def _among_newest(driving: ColumnElement[bool]) -> ColumnElement[bool]:
    """The drive's rows among its newest :data:`WORDS_LOOKED_AT` (a range of its index)."""
    newest = (
        select(_DRIVE.received_at)
        .where(driving)
        .order_by(_DRIVE.received_at.desc())
        .limit(WORDS_LOOKED_AT)
        .subquery("drive_newest")
    )
    return NameWord.received_at >= select(func.min(newest.c.received_at)).scalar_subquery()


def _also_holds(word: str, rank: int) -> ColumnElement[bool]:
    """Another word of the matched version is ``word``, at ``rank`` or better."""
    if rank == EXACT:
        test = _OTHER.word == word
    else:
        test = starts_with(_OTHER.word, word)
        sound = soundex(word)
        if rank == SOUNDS and sound is not None:
            test = or_(test, _OTHER.word == sound)
    return exists().where(_OTHER.version_id == NameWord.version_id, test)


def _every_word(words: list[str]) -> list[NameMatch]:
    """Versions holding every word typed, at each rank."""
    drive = words[-1] if len(words[-1]) >= MIN_NAME_CHARS else max(words, key=len)
    rest = [w for w in words if w != drive]
    found = []
    for rank in (EXACT, STARTS, SOUNDS):
        drives = _drives(drive, rank, alone=not rest)
        bounds = _drives(drive, rank, alone=not rest, table=_DRIVE)
        for (driving, once), (bound, _once) in zip(drives, bounds, strict=True):
            tests = [_also_holds(w, rank) for w in rest]
            if rest:
                tests.append(_among_newest(bound))
            found.append(NameMatch((driving, *tests), rank, once))
    return found


def name_matches(text: str) -> list[NameMatch]:
    """What the versions whose names hold what was typed must hold, at each rank."""
    whole = name_key(text)
    if whole is None or len(whole) < MIN_NAME_CHARS or not any(c.isalpha() for c in whole):
        return []
    words = name_parts(text)
    if len(words) <= 1:
        return _every_word([whole])
    # The whole name as typed ("Walsh-Okafor"), stored as such: one seek, however common.
    compound = NameMatch((NameWord.word == COMPOUND + whole,), EXACT, True)
    return [compound, *_every_word(words), *_every_word([whole])]


def newest_named(
    match: NameMatch, narrow: list[ColumnElement[bool]] | None, limit: int
) -> Select[tuple[int]]:
    """The ids of the newest ``limit`` versions ``match`` finds (all received at the cut).

    ``narrow``: filters on the version (who may see it, hub, course of action, days), or
    ``None`` when there are none, and the version rows are not read at all: ``name_words``
    holds current versions only, with their times.
    """
    rows = select(NameWord.version_id.label("id"), NameWord.received_at).where(*match.where)
    if narrow is not None:
        rows = rows.join(RequestVersion, RequestVersion.id == NameWord.version_id).where(*narrow)
    found = rows.subquery("named") if match.once else rows.distinct().subquery("distinct_named")
    # The oldest of the newest ``limit`` (all, if fewer; none, if none): compared with the
    # time alone, so the index reads the range from it, not every row holding the word.
    newest = select(found.c.received_at).order_by(found.c.received_at.desc()).limit(limit)
    oldest = newest.subquery("newest_named")
    cut = select(func.min(oldest.c.received_at)).scalar_subquery()
    return select(found.c.id).where(found.c.received_at >= cut)
