"""The column values of one version of a request and of its rows, from the request and route.

Shared by saving one request at a time (``store.requests``) and bulk loading (demo data, the
benchmarks), so both store a request the same way; nothing here touches the database.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from triage_app.domain.actor import Actor
from triage_app.domain.completeness import is_incomplete
from triage_app.domain.keys import format_postcode, name_key, phone_key, postcode_key
from triage_app.domain.life import DONE, OPEN
from triage_app.domain.name_words import request_names, word_keys
from triage_app.domain.near_names import sound_key
from triage_app.domain.request import Referrer, TriageRequest
from triage_app.domain.route import Route
from triage_app.pathways.due import due_at
from triage_app.pathways.safety import CALL_999


def version_values(
    req: TriageRequest,
    route: Route,
    *,
    actor: Actor,
    now: datetime,
    version: int,
    reason: str | None = None,
) -> dict[str, Any]:
    """The column values of one version of a request (without its children, needs, actions).

    Shared by the ORM path (one request at a time) and bulk loading (demo data), so both
    store a request the same way.
    """
    family = req.family
    referrer = req.referrer or Referrer()
    call = req.emergency
    return {
        "version": version,
        "is_current": True,
        "created_at": now,
        "author": actor.username,
        "desk": actor.desk,
        "amendment_reason": reason,
        "received_at": req.received_at or now,
        "contact_method": req.contact_method,
        "source": req.source,
        "referrer_name": referrer.name,
        "referrer_organisation": referrer.organisation,
        "referrer_phone": referrer.phone,
        "referrer_email": referrer.email,
        "family_first_name": family.first_name,
        "family_last_name": family.last_name,
        "family_last_name_key": name_key(family.last_name),
        "family_last_name_sound": sound_key(name_key(family.last_name)),
        "address": family.address,
        "withhold_address": family.withhold_address,
        "postcode": format_postcode(req.postcode),
        "postcode_key": postcode_key(req.postcode),
        "phone": family.phone,
        "phone_key": phone_key(family.phone),
        "email": family.email,
        "language": family.language,
        "interpreter": family.interpreter,
        "send": req.send,
        "narrative": req.narrative,
        "immediate_danger": req.answers.immediate_danger,
        "significant_harm": req.answers.significant_harm,
        "domestic_abuse_high_risk": req.answers.domestic_abuse_high_risk,
        "consent": req.consent,
        "primary_need": req.primary_need or (req.needs[0] if req.needs else None),
        "hub": route.hub,
        "hub_chosen_by_staff": req.hub is not None,
        "pathway": route.pathway,
        "respond_within": route.respond_within,
        "rules_version": route.rules_version,
        "trace": [{"rule": t.rule, "reason": t.reason} for t in route.trace],
        "advice": list(route.advice),
        "children_unknown": req.children_unknown,
        "earlier_requests": req.earlier_requests,
        "no_contact_reason": req.no_contact_reason,
        "emergency_called_at": call.called_at if call else None,
        "emergency_called_by": call.called_by if call else None,
        "emergency_police_reference": call.police_reference if call else None,
        "incomplete": is_incomplete(req),
        "status": OPEN,
        "due_at": due_at(req.received_at or now, route.respond_within),
    }


def child_values(req: TriageRequest) -> list[dict[str, Any]]:
    return [
        {
            "position": i,
            "first_name": c.first_name,
            "last_name": c.last_name,
            "first_name_key": name_key(c.first_name),
            "last_name_key": name_key(c.last_name),
            "last_name_sound": sound_key(name_key(c.last_name)),
            "date_of_birth": c.date_of_birth,
            "date_of_birth_estimated": c.date_of_birth_estimated,
            "age_years": c.age_years,
            "unborn": c.unborn,
            "gender": c.gender,
            "ethnicity": c.ethnicity,
            "send": c.send,
        }
        for i, c in enumerate(req.children)
    ]


def need_values(req: TriageRequest, primary: str | None) -> list[dict[str, Any]]:
    return [{"position": i, "need": n, "is_primary": n == primary} for i, n in enumerate(req.needs)]


def concern_values(req: TriageRequest) -> list[dict[str, Any]]:
    return [{"position": i, "concern": c} for i, c in enumerate(req.concerns)]


def name_word_values(
    req: TriageRequest, received_at: datetime, hub: str | None
) -> list[dict[str, Any]]:
    """The words of the request's names and their sounds, as search seeks them.

    Each with the version's time and ``hub`` (the routed one, as stored on the version).
    """
    words = word_keys(request_names(req))
    return [{"word": w, "received_at": received_at, "hub": hub} for w in words]


#: What an action row holds before anyone settles it.
_UNSETTLED: dict[str, Any] = {"done_at": None, "done_by": None, "state": None, "note": None}


def action_values(route: Route, req: TriageRequest | None = None) -> list[dict[str, Any]]:
    """A route's actions; "call 999" comes settled when the request records the call made."""
    rows = [{"position": i, "action": a, **_UNSETTLED} for i, a in enumerate(route.actions)]
    call = req.emergency if req is not None else None
    if call is not None and call.called_at is not None:
        reference = f"police reference {call.police_reference}" if call.police_reference else None
        for row in rows:
            if row["action"] == CALL_999:
                row.update(done_at=call.called_at, done_by=call.called_by, state=DONE)
                row["note"] = reference
    return rows
