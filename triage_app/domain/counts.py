"""Counts in words, as staff read them: "1 request", "5,188 requests", never "request(s)"."""

from __future__ import annotations

#: Nouns whose plural is not the noun with an "s".
_IRREGULAR = {"child": "children", "entry": "entries", "child entry": "child entries"}


def counted(n: int, noun: str) -> str:
    """``n`` and the noun, singular or plural, with thousands separated: "1,234 children"."""
    word = noun if n == 1 else _IRREGULAR.get(noun, f"{noun}s")
    return f"{n:,} {word}"
