"""The outcome of routing one request: a course of action and why."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

#: ``json.dumps(value, ensure_ascii=False)``, without building an encoder at every call.
_encode = json.JSONEncoder(ensure_ascii=False).encode


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


@lru_cache(maxsize=4096)
def _entry_json(entry: TraceEntry) -> str:
    """One trace entry as JSON: most are the rule set's own, encoded once, not per route."""
    return _encode({"rule": entry.rule, "reason": entry.reason})


@lru_cache(maxsize=4096)
def _head_json(
    pathway: str, actions: tuple[str, ...], hub: str | None, version: str, respond: str | None
) -> str:
    """The route's fields before its trace, as JSON (few combinations recur across routes)."""
    return _encode(
        {
            "pathway": pathway,
            "actions": list(actions),
            "hub": hub,
            "rules_version": version,
            "respond_within": respond,
        }
    )


def route_json(route: Route) -> str:
    """The ``route`` command's output line: ``json.dumps(route.to_json(), ensure_ascii=False)``.

    The same text, built faster: it is joined from its pieces, each encoded once (the trace
    entries are the rule set's own, and the other fields take few values), which matters
    when ``route --jsonl`` writes thousands of lines.
    """
    head = _head_json(
        route.pathway, route.actions, route.hub, route.rules_version, route.respond_within
    )
    trace = ", ".join(map(_entry_json, route.trace))
    return f'{head[:-1]}, "trace": [{trace}]}}'
