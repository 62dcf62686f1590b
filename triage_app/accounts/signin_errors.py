"""Why a sign-in failed, as errors the sign-in screen can catch before the database is open.

Kept apart from :mod:`triage_app.accounts.signin` (which needs SQLAlchemy and the store) so
that the window's first screen imports only these: the screen is ready for typing sooner,
and the store is loaded behind it.
"""

from __future__ import annotations

from datetime import datetime

from triage_app.errors import TriageError

WRONG_NAME_OR_PASSWORD = "wrong user name or password"  # noqa: S105 - a message, not a secret
#: Who the audit names when the typed user name matches no account: never the typed text,
#: which is sometimes a password typed into the wrong box.
UNKNOWN_USER = "(unknown)"


class SignInFailed(TriageError):
    """The user is not signed in; the message says why without revealing a password."""


class AccountLocked(SignInFailed):
    """Too many wrong passwords in a row; ``until`` is when the lock lifts."""

    def __init__(self, until: datetime, *, just_now: bool = False) -> None:
        self.until = until
        when = until.astimezone().strftime("%H:%M")
        first = f"{WRONG_NAME_OR_PASSWORD}; " if just_now else ""
        super().__init__(
            f"{first}too many failed sign-ins: this account is locked until {when} "
            "(an administrator can reset the password sooner)"
        )


class AccountDisabled(SignInFailed):
    def __init__(self) -> None:
        super().__init__("this account is disabled; ask an administrator")


class PasswordChangeRequired(SignInFailed):
    """The right password, but one someone else set: its owner must choose a new one now.

    The message tells them who set it and when, so someone who did not ask for a new
    password knows at once that another person did.
    """

    def __init__(self, set_by: str | None, at: datetime) -> None:
        self.set_by = set_by or "an administrator"
        self.at = at
        when = at.astimezone().strftime("%d %b %Y at %H:%M")
        super().__init__(
            f"your password was set by {self.set_by} on {when} and was for one sign-in only: "
            "choose a new password now (if you did not ask for a new password, tell your "
            "team leader)"
        )
