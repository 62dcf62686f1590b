"""Demo requests as rows SQLite's driver takes as they are: tuples in column order.

SQLAlchemy would turn each value into what the column stores (times into UTC text, JSON into
text) one call per value, which dominates a million-request load. The same conversions are
written out here once, for the columns a new request fills, so the stored bytes are what a
normal save stores (``tests/demo/test_demo_rows.py`` compares the two column by column).
Routes are remembered per scenario (only the hub depends on the postcode), together with
their JSON text, and the normalised name, postcode and phone keys are remembered per name.
A request's name words, and its route actions, are one tuple of them all, which their
``INSERT`` unpacks (:data:`INSERTS`).
"""

from __future__ import annotations

import dataclasses
import json
import random
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from triage_app.demo.generate import DemoRequest
from triage_app.demo.life import LIFE_COLUMNS, Life, is_worked, work_one
from triage_app.domain.actor import Actor
from triage_app.domain.keys import format_postcode, name_key, phone_key, postcode_key
from triage_app.domain.life import OPEN
from triage_app.domain.name_words import NamePieces, keys_of_pieces, name_pieces, request_names
from triage_app.domain.near_names import sound_key
from triage_app.domain.request import Referrer
from triage_app.domain.route import Route
from triage_app.pathways import RuleSet, route
from triage_app.pathways.conditions import facts_of
from triage_app.pathways.due import due_at
from triage_app.pathways.hubs import choose_hub
from triage_app.store.bulk import insert_statement

#: The columns a new request's rows fill, per table, in the order of the tuples below.
#: Columns left out (an export batch, an action's done time) stay NULL, as on a normal save;
#: children, needs and actions take the next id SQLite gives, as on a normal save, so
#: batches made apart need to know only how many requests come before them.
COLUMNS: dict[str, tuple[str, ...]] = {
    "requests": ("id", "reference", "record_id", "created_at", "current_version"),
    "request_versions": (
        "id", "request_id", "version", "is_current", "created_at", "author", "desk",
        "amendment_reason", "received_at", "contact_method", "source", "referrer_name",
        "referrer_organisation", "referrer_phone", "referrer_email", "family_first_name",
        "family_last_name", "family_last_name_key", "address", "withhold_address", "postcode",
        "postcode_key", "phone", "phone_key", "email", "language", "interpreter", "send",
        "narrative", "immediate_danger", "significant_harm", "domestic_abuse_high_risk",
        "consent", "primary_need", "hub", "hub_chosen_by_staff", "pathway", "respond_within",
        "rules_version", "trace", "advice", "children_unknown", "earlier_requests", "due_at",
        "status", "outcome", "final_pathway", "family_last_name_sound",
    ),
    "children": (
        "version_id", "position", "first_name", "last_name", "first_name_key",
        "last_name_key", "date_of_birth", "age_years", "unborn", "gender", "ethnicity", "send",
        "last_name_sound",
    ),
    "request_needs": ("version_id", "position", "need", "is_primary"),
    "route_actions": ("version_id", "position", "action", "done_at", "done_by", "state"),
    "request_concerns": ("version_id", "position", "concern"),
    "name_words": ("version_id", "word", "received_at", "hub"),
    **LIFE_COLUMNS,
}  # fmt: skip

#: Tables in the order their rows are inserted (parents before children).
TABLES = tuple(COLUMNS)
#: Each table's ``INSERT`` of one of the rows made here. A request's name words are one row:
#: its version id, time, hub and words (a JSON array), which SQLite unpacks into a row per
#: word. Bound one value at a time from Python, the ten million words of a million requests
#: took a tenth of the writing's CPU.
INSERTS = {table: insert_statement(table, columns) for table, columns in COLUMNS.items()}
INSERTS["name_words"] = (
    "INSERT INTO name_words (version_id, word, received_at, hub) "
    "SELECT ?1, value, ?2, ?3 FROM json_each(?4)"
)
#: Likewise a request's route actions (three a request): its version id, when and by whom
#: they were settled and how, and the actions in order (a JSON array; its index is each
#: action's position).
INSERTS["route_actions"] = (
    "INSERT INTO route_actions (version_id, position, action, done_at, done_by, state) "
    "SELECT ?1, key, value, ?2, ?3, ?4 FROM json_each(?5)"
)

Rows = dict[str, list[tuple[Any, ...]]]

#: The route of a scenario without its hub, as stored: pathway, respond_within,
#: rules_version, trace JSON, advice JSON, actions JSON.
_RouteParts = tuple[str, str | None, str, str, str, str]

_KEY_CACHE_LIMIT = 400_000
#: A request too recent to have been worked: open, nothing settled.
_OPEN = Life(OPEN, None, None)


def stored_time(moment: datetime) -> str:
    """A time as the UTC column stores it on SQLite: naive UTC, ISO, with microseconds."""
    if moment.tzinfo is UTC:  # the generator's times: the same text, without its "+00:00"
        return moment.isoformat(" ", "microseconds")[:26]
    if moment.tzinfo is None:
        raise ValueError("a stored time must carry its time zone")
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def stored_date(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _cached(fn: Callable[[str | None], str | None]) -> Callable[[str | None], str | None]:
    """``fn`` remembered per value: demo names, postcodes and phones repeat a great deal."""
    seen: dict[str | None, str | None] = {}

    def lookup(value: str | None) -> str | None:
        try:
            return seen[value]
        except KeyError:
            if len(seen) >= _KEY_CACHE_LIMIT:
                seen.clear()
            found = seen[value] = fn(value)
            return found

    return lookup


class RowBuilder:
    """Routes demo requests and turns them into driver-ready rows.

    A batch's requests and versions are numbered from the ids it is given, so no row needs a
    round trip for a generated key and batches can be made in any order or process. Each
    request older than a fortnight is worked as it is made (``triage_app.demo.life``), with
    draws from ``life``, in the order of the requests, as ``work_older_requests`` would
    work them once stored.
    """

    def __init__(
        self,
        rules: RuleSet,
        actor: Actor,
        references: Callable[[], str],
        life: random.Random,
    ) -> None:
        self.rules = rules
        self.actor = actor
        self._references = references
        self._life = life
        self._routes: dict[object, _RouteParts] = {}
        self._hubs: dict[str | None, str | None] = {}
        self._name_key = _cached(name_key)
        self._postcode = _cached(format_postcode)
        self._postcode_key = _cached(postcode_key)
        self._phone_key = _cached(phone_key)
        self._sound = _cached(lambda name: sound_key(name_key(name)))
        self._pieces: Callable[[str | None], NamePieces] = lru_cache(_KEY_CACHE_LIMIT)(name_pieces)

    def _route(self, demo: DemoRequest, on: date) -> tuple[_RouteParts, str | None]:
        """The route's parts, worked out once per scenario, or per facts when there is none.

        A route is a pure function of the request's facts (and the rules) apart from the hub,
        so a request whose facts were routed before gets that route.
        """
        req = demo.request
        if demo.scenario is not None:
            key: object = (demo.scenario, req.earlier_requests)
        else:
            key = facts_of(req, on)
        parts = self._routes.get(key)
        if parts is None:
            found: Route = route(
                dataclasses.replace(req, postcode=None, hub=None), self.rules, on=on
            )
            parts = self._routes[key] = (
                found.pathway,
                found.respond_within,
                found.rules_version,
                json.dumps([{"rule": t.rule, "reason": t.reason} for t in found.trace]),
                json.dumps(list(found.advice)),
                json.dumps(list(found.actions)),
            )
        if req.hub is not None:
            return parts, req.hub
        try:
            hub = self._hubs[req.postcode]
        except KeyError:
            hub = self._hubs[req.postcode] = choose_hub(None, req.postcode, self.rules.areas, None)
        return parts, hub

    def rows(
        self, batch: list[DemoRequest], now: datetime, request_id: int, version_id: int
    ) -> Rows:
        """The rows of ``batch``, each request as version 1 of its own, numbered from the ids.

        ``request_id`` and ``version_id`` are the ids of the batch's first request and version.
        """
        out: Rows = {table: [] for table in TABLES}
        requests, versions = out["requests"], out["request_versions"]
        children, needs, actions = out["children"], out["request_needs"], out["route_actions"]
        author, desk = self.actor.username, self.actor.desk
        name_key_, phone_key_ = self._name_key, self._phone_key
        for demo in batch:
            req = demo.request
            received = req.received_at or now
            (pathway, within, rules_version, trace, advice, routed), hub = self._route(
                demo, received.date()
            )
            at = stored_time(received)
            due = due_at(received, within)
            life = (
                work_one(self._life, request_id, received, pathway, stored_time)
                if is_worked(received, now)
                else _OPEN
            )
            requests.append(
                (
                    request_id,
                    self._references(),
                    str(uuid.UUID(int=request_id, version=4)),
                    at,
                    1,
                )
            )
            family = req.family
            referrer = req.referrer or Referrer()
            answers = req.answers
            primary = req.primary_need or (req.needs[0] if req.needs else None)
            versions.append(
                (
                    version_id, request_id, 1, True, at, author, desk, None, at,
                    req.contact_method, req.source, referrer.name, referrer.organisation,
                    referrer.phone, referrer.email, family.first_name, family.last_name,
                    name_key_(family.last_name), family.address, family.withhold_address,
                    self._postcode(req.postcode), self._postcode_key(req.postcode),
                    family.phone, phone_key_(family.phone), family.email, family.language,
                    family.interpreter, req.send, req.narrative, answers.immediate_danger,
                    answers.significant_harm, answers.domestic_abuse_high_risk, req.consent,
                    primary, hub, req.hub is not None, pathway, within, rules_version, trace,
                    advice, req.children_unknown, req.earlier_requests,
                    None if due is None else stored_time(due), life.status, life.outcome,
                    life.final_pathway, self._sound(family.last_name),
                )
            )  # fmt: skip
            for position, c in enumerate(req.children):
                children.append(
                    (
                        version_id, position, c.first_name, c.last_name,
                        name_key_(c.first_name), name_key_(c.last_name),
                        stored_date(c.date_of_birth), c.age_years, c.unborn, c.gender,
                        c.ethnicity, c.send, self._sound(c.last_name),
                    )
                )  # fmt: skip
            for position, need in enumerate(req.needs):
                needs.append((version_id, position, need, need == primary))
            done_at, done_by, state = life.settled or (None, None, None)
            actions.append((version_id, done_at, done_by, state, routed))
            for position, concern in enumerate(req.concerns):
                out["request_concerns"].append((version_id, position, concern))
            words = keys_of_pieces(map(self._pieces, request_names(req)))
            out["name_words"].append((version_id, at, hub, json.dumps(words)))
            for table, found in life.rows.items():
                out[table] += found
            request_id += 1
            version_id += 1
        return out
