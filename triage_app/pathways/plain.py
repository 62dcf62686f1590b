"""Plain-English checks for text a family reads: the rules' advice and the actions' wording.

A family reads the advice sheet at home, often in a hurry and sometimes in a second
language, so what is printed for them is checked when it is loaded: every acronym is spelt
out once in the same text, and no sentence is very long.
"""

from __future__ import annotations

import re

#: Longest sentence, in words, of a text printed for a family.
MAX_SENTENCE_WORDS = 30
ACRONYM = re.compile(r"\b[A-Z]{2,}\b")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def plain_english_problems(text: str, what: str, names: frozenset[str]) -> list[str]:
    """What would stop a family understanding ``text`` (``what`` names it in the messages).

    An acronym counts as explained when it is written "Words in full (ACRONYM)" or
    "ACRONYM (what it means)" somewhere in the same text. ``names`` are acronyms that are
    part of a partner's own name (like "Go CV"): the family sees the name printed.
    """
    found = []
    for acronym in dict.fromkeys(ACRONYM.findall(text)):
        explained = f"({acronym})" in text or f"{acronym} (" in text
        if not explained and acronym not in names:
            found.append(
                f"{what} uses '{acronym}' without saying what it stands for: write it out "
                f"once, followed by ({acronym})"
            )
    for sentence in _SENTENCE.split(text):
        words = len(sentence.split())
        if words > MAX_SENTENCE_WORDS:
            found.append(
                f"{what} has a sentence of {words} words; keep each under "
                f"{MAX_SENTENCE_WORDS + 1} for the family's sheet: '{sentence[:40]}...'"
            )
    return found


def name_acronyms(names: list[str]) -> frozenset[str]:
    """Acronyms that are part of partners' own names and not explained in them ("Go CV")."""
    return frozenset(a for n in names for a in ACRONYM.findall(n) if f"({a})" not in n)
