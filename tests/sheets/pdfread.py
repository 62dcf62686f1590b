"""Reading an advice sheet back as a family would: its text, its pages, its type sizes."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import pypdf


@dataclass(frozen=True)
class ReadBack:
    pages: int
    text: str  # whitespace collapsed, so wrapped lines read as one
    sizes: tuple[float, ...]  # the size in points of every piece of text drawn
    fonts: frozenset[str]  # the fonts every piece of text is drawn in


def read_sheet(pdf: bytes) -> ReadBack:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    sizes: list[float] = []
    fonts: set[str] = set()

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if text.strip():
            sizes.append(round(size * abs(tm[0]) * abs(cm[0]), 2))
            fonts.add(str(font["/BaseFont"]) if font else "?")

    parts = [page.extract_text(visitor_text=visit) for page in reader.pages]
    return ReadBack(
        len(reader.pages), " ".join(" ".join(parts).split()), tuple(sizes), frozenset(fonts)
    )


def squash(text: str) -> str:
    """Whitespace collapsed, to compare with :attr:`ReadBack.text`."""
    return " ".join(text.split())
