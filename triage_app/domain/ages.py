"""Ages, and who counts as a child or young person the hubs serve."""

from __future__ import annotations

from datetime import date

from triage_app.domain.request import Child

#: The hubs serve 0–19, and up to 24 for a young person with SEND (DOMAIN.md). Both bounds
#: are inclusive: a 19-year-old is in range, a 20-year-old is not (unless SEND, to 24).
MAX_AGE = 19
MAX_AGE_SEND = 24


def age_on(born: date, on: date) -> int:
    """Whole years from ``born`` to ``on``; a leap-day birthday turns on 1 March."""
    years = on.year - born.year
    if (on.month, on.day) < (born.month, born.day):
        years -= 1
    return years


def child_age(child: Child, on: date) -> int | None:
    """The child's age on a day: from the date of birth if known, else as given; unborn is None."""
    if child.unborn:
        return None
    if child.date_of_birth is not None:
        return age_on(child.date_of_birth, on)
    return child.age_years


def in_range(child: Child, on: date, household_send: bool = False) -> bool:
    """Whether the hubs can work with this child: unborn counts; SEND stretches the range.

    ``household_send``: the request says SEND without saying which child has it, so every
    child may be the one. A child's own SEND stretches that child's range only: a 22-year-old
    sibling of a young person with SEND is an adult.
    """
    return aged_in_range(child, child_age(child, on), household_send)


def aged_in_range(child: Child, age: int | None, household_send: bool = False) -> bool:
    """:func:`in_range` for a child whose age on the day (:func:`child_age`) is ``age``."""
    if child.unborn:
        return True
    if age is None or age < 0:
        return False
    limit = MAX_AGE_SEND if (child.send or household_send) else MAX_AGE
    return age <= limit
