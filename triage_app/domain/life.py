"""A request's life after the front door, as plain values: status, attempts, notes, overrides.

The codes here are fixed (stored, exported, named by the CLI); the outcomes and the ways of
trying to reach a family are vocabularies in ``resources/vocabularies.toml`` (``[outcome]``,
``[attempt_method]``), which staff may reword.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

OPEN, IN_PROGRESS, CLOSED = "open", "in_progress", "closed"
#: A request's status, in the order it moves through them (reopening goes back to open).
STATUSES = (OPEN, IN_PROGRESS, CLOSED)

DONE, NOT_NEEDED, COULD_NOT = "done", "not_needed", "could_not_be_done"
#: How an action is settled.
ACTION_STATES = (DONE, NOT_NEEDED, COULD_NOT)

#: The outcome kept for requests closed before outcomes were recorded; never offered to staff.
NOT_RECORDED = "not_recorded"

UP, DOWN = "up", "down"
APPROVED, PENDING, REFUSED = "approved", "pending", "refused"

#: What made a version that changed the request's life rather than its content.
CHANGES = (
    "status",  # started, closed (with an outcome) or reopened
    "attempt",
    "note",
    "override",  # asked for, or a team leader's decision on a downward one
    "assignment",
)


@dataclass(frozen=True)
class StatusChangeView:
    """A request started, closed or reopened."""

    at: datetime
    by: str
    from_status: str
    to_status: str
    outcome: str | None
    reason: str | None
    mash_decision: str | None
    version: int


@dataclass(frozen=True)
class AttemptView:
    """An attempt to reach the family."""

    at: datetime
    by: str
    method: str
    reached: bool
    note: str | None
    version: int


@dataclass(frozen=True)
class NoteView:
    """A dated note, with its author; ``text`` is ``None`` once the record is erased."""

    at: datetime
    author: str
    text: str | None
    version: int


@dataclass(frozen=True)
class OverrideView:
    """A pathway chosen over the one recommended; see ``store.life_models.PathwayOverride``."""

    id: int
    asked_at: datetime
    asked_by: str
    recommended: str
    chosen: str
    floor: str
    direction: str
    reason: str | None
    state: str
    decided_at: datetime | None
    decided_by: str | None
    decision_note: str | None


@dataclass(frozen=True)
class ActionView:
    """An action the route calls for and how it stands (``state`` ``None``: still open)."""

    action: str
    state: str | None
    settled_at: datetime | None
    settled_by: str | None
    note: str | None


@dataclass(frozen=True)
class RequestLife:
    """Everything after the front door about one request, oldest first in each list."""

    reference: str
    version: int
    status: str
    outcome: str | None
    recommended_pathway: str
    #: The pathway that stands: the approved override's, else the recommended one.
    final_pathway: str
    assigned_to: str | None
    due_at: datetime | None
    actions: tuple[ActionView, ...]
    status_changes: tuple[StatusChangeView, ...]
    attempts: tuple[AttemptView, ...]
    notes: tuple[NoteView, ...]
    overrides: tuple[OverrideView, ...]
