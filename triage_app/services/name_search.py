"""Finding people by name: any word of a parent's or a child's name, whole, begun or misheard.

A request's names are kept as words in ``name_words`` (:mod:`triage_app.domain.name_words`):
"Walsh-Okafor" is "walsh", "okafor" and "walshokafor", each with its Soundex code. What was
typed is broken the same way, and a request is found when every word typed is one of its
words:

1. exactly ("amelia smith": a child Amelia and a parent Smith, or one person);
2. by its start ("ame smi"; at least :data:`MIN_NAME_CHARS` letters in all);
3. by its sound ("Okafur" finds "Okafor").

The rank is the first of these that holds; the list shows rank 1 before 2 before 3. Each
query is driven by a seek on one word's index, read newest first; the other words are
tested on the versions it finds alone, through ``name_words``' primary key, until the
newest few hundred holding every word are found. The word driven by is, at each rank, the
one with the fewest entries to read (:func:`word_counts` counts each, up to
:data:`COUNTED_UP_TO`, before the search), so a rare word typed beside a common one costs
what the rare word costs, and no match is missed however old. Without counts (and between
words equally common) it is the last word typed, usually a surname (the longest, if the
last is a single letter). Typed as several words, a name is also matched run together
("o neill" finds "O'Neill"), and whole ("Walsh-Okafor" is one seek, however many Walshes
and Okafors there are).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Select,
    exists,
    false,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.visitors import replacement_traverse

from triage_app.domain.keys import name_key
from triage_app.domain.name_words import COMPOUND, name_parts, soundex
from triage_app.services.prefix import starts_with
from triage_app.services.visibility import Seen
from triage_app.store.expressions import NotIndexed
from triage_app.store.lookup_models import NameWord
from triage_app.store.models import RequestVersion

MIN_NAME_CHARS = 2
#: Ranks, best first: exact (also every reference, phone, postcode and date match), a
#: word's start, a word's sound.
EXACT, STARTS, SOUNDS = range(3)
#: A query of matching version ids, and the rank of what it finds.
Ranked = tuple[Select[int], int]
#: A word's entries are counted up to this many: enough to tell a rare word from a common
#: one, and a bounded read of the index however common the word.
COUNTED_UP_TO = 5000
#: For each word typed, how many ``name_words`` entries each rank's seeks on it would read
#: (exact, begun, begun or sounding alike), each counted up to :data:`COUNTED_UP_TO`.
WordCounts = Mapping[str, tuple[int, int, int]]
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


def _drives(word: str, rank: int, *, alone: bool) -> list[tuple[ColumnElement[bool], bool]]:
    """The seeks a query at ``rank`` is driven by: the word, its start, or its sound.

    Each with whether it finds a version once. ``alone``: the only word typed, whose start
    is already found at :data:`STARTS`.
    """
    exact = (NameWord.word == word, True)
    if rank == EXACT:
        return [exact]
    # A longer word: the word itself is found by its own seek, read in order from the index.
    longer = (starts_with(NameWord.word, word, longer=True), False)
    if rank == STARTS:
        return [longer] if alone else [exact, longer]
    sound = soundex(word)
    if sound is None:
        return [] if alone else [exact, longer]
    # A version holding the word holds its sound too (every word's is stored); so does one
    # holding a longer word, when the sound is whole (three digits, not padded with zeros:
    # later letters cannot change it). Seeking the word again would read the same versions.
    sounds = [(NameWord.word == sound, True)]
    return sounds if alone or _whole(sound) else [longer, *sounds]


def _whole(sound: str) -> bool:
    """Whether a Soundex code has its three digits (is not padded with zeros).

    Every word that begins with a word of a whole code has that code: later letters cannot
    change it.
    """
    return not sound.endswith("0")


#: The hub and the earliest time every word of the matched versions has (a receptionist's
#: hub and year), or ``None``.
_Other = tuple[str, datetime] | None


def _hub_words(other: _Other, *, seek: bool) -> tuple[ColumnElement[bool], ...]:
    """:data:`_OTHER` of ``other``'s hub and year (nothing if ``None``).

    So PostgreSQL, matching a word or its start by hashing its entries, reads those alone.
    ``seek``: SQLite may look the word up
    on ``ix_name_words_hub`` (by the hub, the word and the moment, one entry); never a
    start of a word there (every entry of the hub's words with that start, at each look-up).
    """
    if other is None:
        return ()
    hub, since = other
    return (
        (_OTHER.hub if seek else NotIndexed(_OTHER.hub)) == hub,
        NotIndexed(_OTHER.received_at) >= since,
    )


def _holds(word: str, other: _Other = None) -> ColumnElement[bool]:
    """Another entry of the matched version is exactly ``word`` (a word or a sound).

    Sought on ``ix_name_words_word`` by the word and the version's time, which every entry
    of a version shares: the matched entries are read newest first, so the look-ups walk
    the other word's entries in the same order, on pages just read, where a look-up by the
    version's id (the primary key) lands anywhere in the file, one page read per entry.
    """
    return (
        select(literal(1))
        .where(
            _OTHER.word == word,
            _OTHER.received_at == NameWord.received_at,
            NotIndexed(_OTHER.version_id) == NameWord.version_id,
            *_hub_words(other, seek=True),
        )
        .exists()
    )


def _also_holds(word: str, rank: int, other: _Other = None) -> ColumnElement[bool]:
    """Another word of the matched version is ``word``, at ``rank`` or better.

    ``other``: see :func:`_hub_words`.
    """
    sound = soundex(word)
    if rank == EXACT:
        return _holds(word, other)
    if rank == SOUNDS and sound is not None and _whole(sound):
        return _holds(sound, other)  # a version holding a word begun with ``word`` holds it
    begun = exists().where(
        _OTHER.version_id == NameWord.version_id,
        starts_with(_OTHER.word, word),
        *_hub_words(other, seek=False),
    )
    return or_(begun, _holds(sound, other)) if rank == SOUNDS and sound is not None else begun


def _drive(words: list[str], rank: int, counts: WordCounts | None) -> str:
    """The word a query at ``rank`` is driven by: the one whose seeks read fewest entries.

    Between words equally common (or without counts), the last typed: usually the surname.
    A single letter drives only when every word is one.
    """
    default = words[-1] if len(words[-1]) >= MIN_NAME_CHARS else max(words, key=len)
    usable = [w for w in words if len(w) >= MIN_NAME_CHARS] or [default]
    if counts is None:
        return default
    ordered = [default, *(w for w in usable if w != default)]
    return min(ordered, key=lambda w: counts.get(w, (COUNTED_UP_TO,) * 3)[rank])


def _none_holds(words: list[str], rank: int, counts: WordCounts | None) -> bool:
    """Whether the counts show a word no version holds at ``rank``: the match is empty."""
    return counts is not None and any(counts.get(w, (1, 1, 1))[rank] == 0 for w in words)


def _every_word(words: list[str], counts: WordCounts | None, other: _Other) -> list[NameMatch]:
    """Versions holding every word typed, at each rank (none where a word is held by none)."""
    found = []
    for rank in (EXACT, STARTS, SOUNDS):
        if _none_holds(words, rank, counts):
            continue
        drive = _drive(words, rank, counts)
        rest = [w for w in words if w != drive]
        for driving, once in _drives(drive, rank, alone=not rest):
            tests = [_also_holds(w, rank, other) for w in rest]
            found.append(NameMatch((driving, *tests), rank, once))
    return found


def name_matches(
    text: str, counts: WordCounts | None = None, other: _Other = None
) -> list[NameMatch]:
    """What the versions whose names hold what was typed must hold, at each rank.

    ``counts``: :func:`word_counts` of ``text``, to drive each query by its rarest word.
    ``other``: a :class:`SeenPart`'s hub and year, of every word of the versions it covers.
    """
    whole = name_key(text)
    if whole is None or len(whole) < MIN_NAME_CHARS or not any(c.isalpha() for c in whole):
        return []
    words = name_parts(text)
    if len(words) <= 1:
        return _every_word([whole], counts, other)
    # The whole name as typed ("Walsh-Okafor"), stored as such: one seek, however common.
    compound = (
        []
        if _none_holds([COMPOUND + whole], EXACT, counts)
        else [NameMatch((NameWord.word == COMPOUND + whole,), EXACT, True)]
    )
    together = _every_word([whole], counts, other)
    return [*compound, *_every_word(words, counts, other), *together]


def _counted(where: ColumnElement[bool], up_to: int = COUNTED_UP_TO) -> Select[int]:
    """How many entries ``where`` holds, up to ``up_to`` (an index range)."""
    entries = select(literal(1)).where(where).limit(up_to).subquery()
    return select(func.count()).select_from(entries)


def _alike(word: str, begun: int, sounds: int) -> int:
    """The entries the seeks of ``word`` at :data:`SOUNDS` read (see :func:`_drives`)."""
    sound = soundex(word)
    return begun if sound is None else sounds if _whole(sound) else begun + sounds


def word_counts(session: Session, text: str) -> WordCounts:
    """For each word of a name typed as several, the entries each rank's seeks would read.

    One round trip, reading at most :data:`COUNTED_UP_TO` index entries per count. The name
    whole (a single word; as typed and run together, "=walshokafor" and "walshokafor") is
    counted up to one: whether any version holds it, as a misspelt word, and most names
    typed whole, are held by none, and their seeks are then not made.
    """
    whole = name_key(text)
    if whole is None or len(whole) < MIN_NAME_CHARS or not any(c.isalpha() for c in whole):
        return {}
    words = [w for w in name_parts(text) if len(w) >= MIN_NAME_CHARS]
    several = len(name_parts(text)) > 1
    keys = [(w, COUNTED_UP_TO) for w in words] if several else []
    wholes = (whole, COMPOUND + whole) if several else (whole,)
    keys += [(k, 1) for k in wholes if k not in dict(keys)]
    columns = []
    for key, up_to in keys:
        sound = soundex(key) if key[:1] != COMPOUND else None
        columns += [
            _counted(NameWord.word == key, up_to).scalar_subquery(),
            _counted(starts_with(NameWord.word, key), up_to).scalar_subquery(),
            _counted(NameWord.word == (sound or key), up_to).scalar_subquery(),
        ]
    row = session.execute(select(*columns)).one()
    counts = {}
    for i, (key, _up_to) in enumerate(keys):
        exact, begun, sounds = row[3 * i : 3 * i + 3]
        counts[key] = (exact, begun, _alike(key, begun, sounds))
    return counts


@dataclass(frozen=True)
class SeenPart:
    """A part of what someone may see, as what its ``name_words`` rows hold.

    ``other``: the same of every other word of the versions (for :func:`name_matches`).
    ``by_version``: the part is a few versions listed by id (the requests someone took),
    sought through ``name_words``' primary key and never the word's index, which would read
    every entry of the word to keep those few. ``since``: only versions received since then
    (a bound of the walk for the newest, not of the look-up of those tied with the oldest).
    """

    where: tuple[ColumnElement[bool], ...] = ()
    by_version: bool = False
    since: datetime | None = None
    other: _Other = None


def seen_words(seen: Seen) -> list[SeenPart]:
    """The parts of what ``seen`` covers, each sought in ``name_words`` apart.

    A team leader's: one part, holding nothing more. A receptionist's or call handler's: the
    words of the current versions of the requests they took (from the authors' index), and
    their hub's words of the last year (one seek on ``ix_name_words_hub``, reading none of
    another hub's or an older year's).
    """
    if seen.own is None:
        return [SeenPart()]
    # Current versions of the requests taken, from ``(request_id, version)``: ``is_current``
    # alone is never where SQLite starts (nearly every version is current).
    taken = select(RequestVersion.id).where(
        RequestVersion.request_id.in_(seen.own),
        func.coalesce(RequestVersion.is_current, false()),
    )
    parts = [SeenPart((NameWord.version_id.in_(taken),), by_version=True)]
    if seen.hub is not None and seen.since is not None:
        parts.append(
            SeenPart((NameWord.hub == seen.hub,), since=seen.since, other=(seen.hub, seen.since))
        )
    return parts


def _not_by_word(clause: ColumnElement[bool]) -> ColumnElement[bool]:
    """``clause`` with ``name_words.word`` one no index is chosen for (other words' stay)."""
    word = NameWord.__table__.c.word

    def swap(element: Any, **_kw: Any) -> Any:
        if isinstance(element, Column) and element.table is word.table and element.name == "word":
            return NotIndexed(word)
        return None

    return replacement_traverse(clause, {}, swap)


def newest_named(
    match: NameMatch,
    narrow: list[ColumnElement[bool]] | None,
    limit: int,
    seen: SeenPart = SeenPart(),
) -> list[Select[tuple[int, int]]]:
    """The ids of the newest ``limit`` versions ``match`` finds (all received at the cut).

    Each with the match's rank, as queries to join to the search's ``UNION ALL``.

    ``seen``: one of :func:`seen_words`' parts. ``narrow``: filters on the version (hub,
    course of action, days), or ``None`` when there are none, and the version rows are not
    read at all: ``name_words`` holds current versions only, with their times and hubs.
    """
    where = [_not_by_word(c) for c in match.where] if seen.by_version else list(match.where)
    # Labelled: a subquery's copy of a table's column copies its foreign key too, which
    # costs more than the rest of building the search.
    version: ColumnElement[int] = NameWord.__table__.c.version_id
    received: ColumnElement[datetime] = NameWord.__table__.c.received_at
    rows = select(version.label("id"), received.label("at")).where(*where, *seen.where)
    if narrow is not None:
        rows = rows.join(RequestVersion, RequestVersion.id == NameWord.version_id).where(*narrow)
    if not match.once:
        distinct = rows.distinct().subquery("distinct_named")
        rows = select(distinct.c.id, distinct.c.at)
        version, received = distinct.c.id, distinct.c.at
    # The newest ``limit``, read once (a common table expression used twice is kept, not
    # read again: the seek on a common word, testing each entry for the other words typed,
    # is the whole cost); then any others received at the same moment as the oldest of them.
    recent = () if seen.since is None else (received >= seen.since,)
    newest = rows.where(*recent).order_by(received.desc()).limit(limit).cte()
    cut = select(func.min(newest.c.at)).scalar_subquery()
    rank = literal(match.rank).label("rank")
    return [
        select(newest.c.id, rank),
        rows.with_only_columns(version.label("id"), rank).where(received == cut),
    ]
