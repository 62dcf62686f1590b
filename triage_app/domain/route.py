"""The outcome of routing one request: a course of action and why."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from json.encoder import encode_basestring
from typing import Any

from triage_app.domain.frozen import Maker


@dataclass(frozen=True)
class TraceEntry:
    """One rule that fired, with the reason in words a team leader can read."""

    rule: str
    reason: str

    @cached_property
    def encoded(self) -> str:
        """The entry as the route's JSON writes it, encoded on first use and kept.

        Most entries are the rule set's own (or the floor's), shared by every route they
        fire for, so each is encoded once, not once per route.
        """
        rule, reason = encode_basestring(self.rule), encode_basestring(self.reason)
        return f'{{"rule": {rule}, "reason": {reason}}}'


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


@lru_cache(maxsize=1024)
def shared_entry(rule: str, reason: str) -> TraceEntry:
    """The trace entry with these words: one instance for every route that gives it.

    The safety floor and the hold write the same few dozen entries again and again; each
    is made, and encoded for the route's JSON (:attr:`TraceEntry.encoded`), once. Entries
    are frozen, so sharing one changes nothing a route can see.
    """
    return TraceEntry(rule, reason)


#: ``Route(**given)``, faster: routing makes one per request.
route_of = Maker(Route)


def _value(text: str | None) -> str:
    """A string or ``None`` as ``json.dumps(..., ensure_ascii=False)`` writes it."""
    return "null" if text is None else encode_basestring(text)


@lru_cache(maxsize=64)
def _opening(pathway: str) -> str:
    """The line up to its actions: a handful of pathways, each written once."""
    return f'{{"pathway": {encode_basestring(pathway)}, "actions": ['


@lru_cache(maxsize=1024)
def _middle(hub: str | None, rules_version: str, respond_within: str | None) -> str:
    """The line between its actions and its trace: a few dozen hubs and response times."""
    return (
        f'], "hub": {_value(hub)}, "rules_version": {encode_basestring(rules_version)}, '
        f'"respond_within": {_value(respond_within)}, "trace": ['
    )


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

    The same text as ``json.dumps``, built faster, with the string encoder ``json`` itself
    uses: ``json.dumps`` of a dictionary sets up an encoder each time, which cost more than
    writing the pieces. Whole heads are too varied to keep (two routes in three differ in
    their actions), but what lies around the actions depends on a few codes only: those
    pieces, and each trace entry, are encoded once and joined. ``route --jsonl`` writes a
    line straight from the routing's outcome.
    """
    listed = ", ".join(map(encode_basestring, actions))
    entries = ", ".join([t.encoded for t in trace])
    return f"{_opening(pathway)}{listed}{_middle(hub, rules_version, respond_within)}{entries}]}}"
