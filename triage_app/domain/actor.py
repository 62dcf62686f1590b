"""Who is doing something, at which desk: stamped on every record and audit entry."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """A signed-in member of staff (or a named script) and the desk they work at."""

    username: str
    role: str | None = None
    desk: str | None = None
    hub: str | None = None
