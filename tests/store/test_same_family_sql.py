"""The SQL of a similar surname (``store.same_family``) answers as ``domain.near_names`` does,
on SQLite and PostgreSQL: the tests SQL makes before calling ``h2h_one_edit`` never leave out
a pair one edit apart, and PostgreSQL's copy of the function agrees with Python's."""

from __future__ import annotations

import random

from sqlalchemy import literal, select

from triage_app.domain.near_names import one_edit_apart, similar_surnames, sound_key
from triage_app.store.database import Database
from triage_app.store.same_family import similar_surname

_NAMES = ("penhaligon", "okafor", "khan", "smith", "mohammed", "li", "abcd", "kowalczyk")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _edits(name: str) -> list[str]:
    """Every name one letter changed, added, left out or two swapped, at each position."""
    out = []
    for at in range(len(name) + 1):
        out += [name[:at] + "z" + name[at:], name[:at] + name[at + 1 :]]
        if at < len(name):
            out.append(name[:at] + ("y" if name[at] != "y" else "x") + name[at + 1 :])
        if at + 1 < len(name):
            out.append(name[:at] + name[at + 1] + name[at] + name[at + 2 :])
    return out


def _pairs() -> list[tuple[str, str]]:
    chance = random.Random(13)
    pairs = [(name, other) for name in _NAMES for other in _edits(name)]
    pairs += [(a, b) for a in _NAMES for b in _NAMES]
    for _ in range(200):
        a = "".join(chance.choices(_LETTERS[:6], k=chance.randint(3, 7)))
        pairs.append((a, "".join(chance.choices(_LETTERS[:6], k=chance.randint(3, 7)))))
    return pairs


def test_the_sql_of_a_similar_surname_is_the_domain_rule(any_db: Database) -> None:
    pairs = _pairs()
    assert sum(one_edit_apart(a, b) for a, b in pairs) > 100  # the edits are there to find
    with any_db.read() as s:
        answers = [
            bool(
                s.scalar(
                    select(
                        similar_surname(
                            literal(a), literal(sound_key(a)), literal(b), literal(sound_key(b))
                        )
                    )
                )
            )
            for a, b in pairs
        ]
    wrong = [
        pair for pair, said in zip(pairs, answers, strict=True) if said != similar_surnames(*pair)
    ]
    assert wrong == []
