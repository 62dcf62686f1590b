"""Counts in words, as staff read them: "1 request", "5,188 requests", never "request(s)"."""

from __future__ import annotations

#: Nouns whose plural is not the noun with an "s".
_IRREGULAR = {"child": "children", "entry": "entries", "child entry": "child entries"}


def counted(n: int, noun: str) -> str:
    """``n`` and the noun, singular or plural, with thousands separated: "1,234 children"."""
    word = noun if n == 1 else _IRREGULAR.get(noun, f"{noun}s")
    return f"{n:,} {word}"


def share(count: int, total: int) -> str:
    """``count`` as a share of ``total``, never rounded to a false 0 % or 100 %.

    1 of 393 reads "<1 %", 392 of 393 ">99 %"; nothing of nothing reads "–".
    """
    if total <= 0:
        return "–"
    percent = 100 * count / total
    if 0 < percent < 1:
        return "<1 %"
    if 99 < percent < 100:
        return ">99 %"
    return f"{percent:.0f} %"
