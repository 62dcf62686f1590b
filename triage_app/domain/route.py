"""The outcome of routing one request: a course of action and why."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from json.encoder import encode_basestring
from typing import Any

from triage_app.domain.frozen import Maker


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


#: ``Route(**given)``, faster: routing makes one per request.
route_of = Maker(Route)


def _value(text: str | None) -> str:
    """A string or ``None`` as ``json.dumps(..., ensure_ascii=False)`` writes it."""
    return "null" if text is None else encode_basestring(text)


@lru_cache(maxsize=4096)
def _entry_json(rule: str, reason: str) -> str:
    """One trace entry as JSON: most are the rule set's own, encoded once, not per route."""
    return f'{{"rule": {encode_basestring(rule)}, "reason": {encode_basestring(reason)}}}'


def route_json(route: Route) -> str:
    """The ``route`` command's output line: ``json.dumps(route.to_json(), ensure_ascii=False)``."""
    return route_line(
        route.pathway,
        route.actions,
        hub=route.hub,
        rules_version=route.rules_version,
        respond_within=route.respond_within,
        trace=route.trace,
    )


def route_line(
    pathway: str,
    actions: tuple[str, ...],
    *,
    hub: str | None,
    rules_version: str,
    respond_within: str | None,
    trace: tuple[TraceEntry, ...],
) -> str:
    """:func:`route_json` of the route with these fields, without making the route first.

    The same text as ``json.dumps``, built faster: written field by field with the string
    encoder ``json`` itself uses, and each trace entry (the rule set's own) encoded once.
    ``json.dumps`` of a dictionary sets up an encoder each time, which cost more than
    writing the pieces; caching whole heads did not help, as two routes in three differ in
    their actions. ``route --jsonl`` writes a line straight from the routing's outcome.
    """
    listed = ", ".join(map(encode_basestring, actions))
    entries = ", ".join([_entry_json(t.rule, t.reason) for t in trace])
    return (
        f'{{"pathway": {encode_basestring(pathway)}, "actions": [{listed}], '
        f'"hub": {_value(hub)}, "rules_version": {encode_basestring(rules_version)}, '
        f'"respond_within": {_value(respond_within)}, "trace": [{entries}]}}'
    )
