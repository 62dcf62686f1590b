"""The outcome of routing one request: a course of action and why."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TraceEntry:
    """One rule that fired, with the reason in words a team leader can read."""

    rule: str
    reason: str


@dataclass(frozen=True)
class Route:
    """Pathway, actions, hub and the explanation, stamped with the rule set's version.

    ``advice`` holds the plain-English wording the advice sheet prints, one paragraph per
    rule that gave any; it is stored with the request so that a sheet printed later says what
    the family was told then.
    """

    pathway: str
    actions: tuple[str, ...]
    hub: str | None
    rules_version: str
    respond_within: str | None
    trace: tuple[TraceEntry, ...]
    advice: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The ``route`` command's fixed output shape."""
        return {
            "pathway": self.pathway,
            "actions": list(self.actions),
            "hub": self.hub,
            "rules_version": self.rules_version,
            "respond_within": self.respond_within,
            "trace": [{"rule": t.rule, "reason": t.reason} for t in self.trace],
        }
