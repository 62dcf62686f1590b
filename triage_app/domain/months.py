"""Calendar months as the service counts them: in Coventry's own time, stored times in UTC.

A request taken at 00:30 on 1 April in British Summer Time is 23:30 UTC on 31 March; a team
leader expects it in April's figures. So a month's boundaries are midnight Europe/London,
converted to UTC for the query on the stored (UTC) times.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from triage_app.domain.localtime import LOCAL_ZONE
from triage_app.errors import InvalidInput, Problem, echo

_MONTH = re.compile(r"(\d{4})-(\d{2})")
_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month, e.g. ``Month(2026, 3)``; ordered, so months sort and compare."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str, field: str = "month") -> Month:
        """``YYYY-MM`` as typed on the command line; anything else names the field."""
        found = _MONTH.fullmatch(text.strip())
        if not found or not 1 <= int(found.group(2)) <= 12:
            shown = echo(text)
            raise InvalidInput([Problem(field, f"'{shown}' is not a month written as YYYY-MM")])
        month = cls(int(found.group(1)), int(found.group(2)))
        if not FIRST <= month <= LAST:
            raise InvalidInput(
                [Problem(field, f"{month} is out of range: give a month from {FIRST} to {LAST}")]
            )
        return month

    @classmethod
    def containing(cls, moment: datetime) -> Month:
        """The local month a moment falls in."""
        local = moment.astimezone(LOCAL_ZONE)
        return cls(local.year, local.month)

    def plus(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    @property
    def starts(self) -> datetime:
        """Local midnight on the first, as a UTC moment (inclusive)."""
        return datetime(self.year, self.month, 1, tzinfo=LOCAL_ZONE).astimezone(UTC)

    @property
    def ends(self) -> datetime:
        """The start of the next month, as a UTC moment (exclusive)."""
        return self.plus(1).starts

    @property
    def code(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        """``March 2026``."""
        return f"{_NAMES[self.month - 1]} {self.year}"

    @property
    def short_label(self) -> str:
        """``Mar 26``, for chart axes."""
        return f"{_NAMES[self.month - 1][:3]} {self.year % 100:02d}"

    def __str__(self) -> str:
        return self.code


#: The months figures can be asked for: the next month's start must still be a date.
FIRST, LAST = Month(1900, 1), Month(9998, 12)
