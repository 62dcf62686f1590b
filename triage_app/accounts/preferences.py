"""Each person's own text size and colours, kept with their account and set by themself.

Stored in the database (not on the PC) so they follow the person from desk to desk: the
window applies them as soon as someone signs in. Nobody needs a permission to change their
own; nobody may change anyone else's. Each change is audited under the account.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from triage_app.accounts.users import account_ref, find_staff
from triage_app.domain.actor import Actor
from triage_app.errors import InvalidInput, Problem, TriageError
from triage_app.store import audit

#: The text sizes offered, in per cent of the system's own text size.
TEXT_SIZES: tuple[int, ...] = (100, 125, 150, 175, 200)
PREFERENCES_CHANGED = "preferences_changed"


@dataclass(frozen=True)
class Preferences:
    """A person's own way of seeing the window; the defaults are the system's."""

    text_size: int = 100
    high_contrast: bool = False

    def describe(self) -> str:
        contrast = "high-contrast colours" if self.high_contrast else "the usual colours"
        return f"text at {self.text_size} %, {contrast}"


def preferences_of(session: Session, username: str | None) -> Preferences:
    """The preferences kept with ``username``'s account; the defaults for no account."""
    row = find_staff(session, username) if username else None
    if row is None:
        return Preferences()
    return Preferences(text_size=row.text_size, high_contrast=row.high_contrast)


def set_own_preferences(
    session: Session, by: Actor, chosen: Preferences, *, now: datetime
) -> Preferences:
    """Keep ``chosen`` with the signed-in person's own account; audited.

    Raises:
        InvalidInput: a text size that is not one of ``TEXT_SIZES``.
        TriageError: nobody is signed in under an account.
    """
    if chosen.text_size not in TEXT_SIZES:
        sizes = ", ".join(f"{s} %" for s in TEXT_SIZES)
        raise InvalidInput([Problem("text size", f"choose one of {sizes}")])
    row = find_staff(session, by.username) if by.username else None
    if row is None:
        raise TriageError("preferences are kept with an account: sign in to change them")
    if (row.text_size, row.high_contrast) != (chosen.text_size, chosen.high_contrast):
        row.text_size, row.high_contrast = chosen.text_size, chosen.high_contrast
        audit.append(
            session,
            by,
            PREFERENCES_CHANGED,
            at=now,
            record_ref=account_ref(row.username),
            reason=chosen.describe(),
        )
    return chosen
