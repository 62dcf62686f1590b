"""A saved request as it is shown and printed for the file: titled sections of rows, in words.

Plain values, so the window (as HTML) and the printed record (reportlab) show the same
thing, in the same order: the form's sections first, as staff typed them, then the route.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Shown for a detail the family asked to keep private, on screen and on paper.
WITHHELD = "withheld"
#: Shown for a detail not given.
NOT_GIVEN = "—"


@dataclass(frozen=True)
class RecordRow:
    """One captured detail: its name as the form shows it, and its value in words.

    A row with no label is a line of its own (an action, a reason, what they said).
    """

    label: str
    value: str


@dataclass(frozen=True)
class RecordSection:
    """A titled group of details, as the form groups them."""

    title: str
    rows: tuple[RecordRow, ...]


@dataclass(frozen=True)
class RecordContent:
    """Everything captured in one version of a request, in words, section by section."""

    reference: str
    title: str
    sections: tuple[RecordSection, ...]
