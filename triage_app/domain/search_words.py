"""Finding a presenting need or a safeguarding concern by what staff type: its label or its words.

Callers do not say "Alcohol or substance misuse"; they say "drugs", "he drinks", "DV",
"ADHD". ``resources/search_words.toml`` gives each need and each concern the words a caller or
a handler would type (data the service edits, like the labels); this module loads them and
ranks the codes for a query, so the window's picker shows the likeliest first and Enter picks
it. A match at the start of a word ranks before one inside a word, so "behav" finds
"Managing children's behaviour" (whose word "behaviour" starts with it) before the label that
merely contains "behaviour" further in.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from triage_app.domain.vocabulary import Vocabularies
from triage_app.errors import TriageError

SEARCH_WORDS_FILE = "search_words.toml"
#: The vocabularies a search covers, in the order ties are broken (needs before concerns).
KINDS = ("need", "concern")
_NOT_WORD = re.compile(r"[^\w]+")
#: Apostrophes join a word rather than split it: "can't", "can’t" and "cant" are one word.
_APOSTROPHE = re.compile(r"['’‘`]")

# How well one text matches a query, best (lowest) first.
_EXACT, _STARTS, _WORD_STARTS, _INSIDE, _SPREAD = range(5)


def normalise(text: str) -> str:
    """Lower case, punctuation as spaces: "Self-harm" and "self harm" are the same words.

    Apostrophes are dropped, not spaced: "won't go" is typed "wont go" as often as not.
    """
    joined = _APOSTROPHE.sub("", text.casefold())
    return " ".join(_NOT_WORD.sub(" ", joined).replace("_", " ").split())


@dataclass(frozen=True)
class Findable:
    """One need or concern, with every text it can be found by (normalised)."""

    kind: str
    code: str
    label: str
    texts: tuple[str, ...]
    #: The search words alone (normalised), as the file gives them.
    words: tuple[str, ...] = ()

    def score(self, query: str) -> int | None:
        """How well ``query`` (normalised, not empty) matches; ``None``: not at all."""
        words = query.split()
        best: int | None = None
        for text in self.texts:
            found = _text_score(text, query, words)
            if found is not None and (best is None or found < best):
                best = found
        if best is None and all(w in " ".join(self.texts) for w in words):
            best = _SPREAD
        return best


def _text_score(text: str, query: str, words: list[str]) -> int | None:
    if text == query:
        return _EXACT
    if text.startswith(query):
        return _STARTS
    text_words = text.split()
    if all(any(t.startswith(w) for t in text_words) for w in words):
        return _WORD_STARTS
    if all(w in text for w in words):
        return _INSIDE
    return None


@dataclass(frozen=True)
class SearchWords:
    """Every need and concern the service knows, findable by label, code and search words."""

    entries: tuple[Findable, ...]

    def rank(self, query: str, kinds: Iterable[str] = KINDS) -> list[Findable]:
        """The needs and concerns matching ``query``, best first (ties: needs, then list order).

        An empty query matches nothing: the picker shows its list once something is typed.
        """
        wanted = normalise(query)
        if not wanted:
            return []
        allowed = set(kinds)
        scored = []
        for position, entry in enumerate(self.entries):
            if entry.kind not in allowed:
                continue
            score = entry.score(wanted)
            if score is not None:
                scored.append((score, position, entry))
        scored.sort(key=lambda item: (item[0], item[1]))
        return [entry for _score, _position, entry in scored]

    def first(self, query: str, kinds: Iterable[str] = KINDS) -> Findable | None:
        """The best match, or ``None`` when nothing matches."""
        ranked = self.rank(query, kinds)
        return ranked[0] if ranked else None

    def words(self, kind: str, code: str) -> tuple[str, ...]:
        """The search words given for a code (normalised; the label and code not included)."""
        for entry in self.entries:
            if entry.kind == kind and entry.code == code:
                return entry.words
        return ()


def build_search_words(data: dict[str, Any], vocab: Vocabularies, where: str) -> SearchWords:
    """Search words from parsed TOML (``[need]`` and ``[concern]`` tables of code = [words]).

    A code the vocabularies do not know, or words that are not a list of text, stop loading
    with a message naming the file, the table and the code: a typo must not silently hide a
    need from the picker.
    """
    entries = []
    for kind in KINDS:
        vocabulary = getattr(vocab, kind)
        table = data.get(kind, {})
        if not isinstance(table, dict):
            raise TriageError(f"{where}: [{kind}] must be a table of code = [words]")
        for code in table:
            if code not in vocabulary:
                raise TriageError(f"{where}: [{kind}] {vocabulary.unknown(code)}")
        for term in vocabulary:
            given = table.get(term.code, [])
            if not isinstance(given, list) or not all(isinstance(w, str) for w in given):
                raise TriageError(f"{where}: [{kind}] {term.code} must be a list of words")
            words = tuple(dict.fromkeys(normalise(w) for w in given if normalise(w)))
            texts = tuple(dict.fromkeys((normalise(term.label), normalise(term.code), *words)))
            entries.append(Findable(kind, term.code, term.label, texts, words))
    return SearchWords(tuple(entries))


def load_search_words(resources: Path, vocab: Vocabularies) -> SearchWords:
    """Read ``search_words.toml`` from the resources folder (none there: labels only)."""
    path = resources / SEARCH_WORDS_FILE
    if not path.exists():
        return build_search_words({}, vocab, str(path))
    try:
        with path.open("rb") as f:
            data = tomllib.load(f)
    except OSError as e:
        raise TriageError(f"{path}: cannot be read ({e.strerror})") from None
    except tomllib.TOMLDecodeError as e:
        raise TriageError(f"{path}: not valid TOML ({e})") from None
    return build_search_words(data, vocab, str(path))
