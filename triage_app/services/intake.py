"""Taking a request for help: check it, route it, save it with its audit entry.

The window, ``triage-app record`` and the importers all come through here, so a request
saved from any of them is checked, routed and audited the same way. Saving and auditing
happen in the caller's one transaction: both land, or neither does. On PostgreSQL their
statements are sent ``pipelined`` (``triage_app.store.pipeline``): a desk waits for the
server a few times per save rather than once per statement.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy.orm import Session

from triage_app.domain.actor import Actor
from triage_app.domain.checks import check_received, missing_ages, missing_answers
from triage_app.domain.child_needs import child_needs_problems
from triage_app.domain.completeness import emergency_problems, is_incomplete
from triage_app.domain.directory import Directory, ServiceNotice, notices_for
from triage_app.domain.reach import reach_problems
from triage_app.domain.request import TriageRequest
from triage_app.domain.route import Route
from triage_app.domain.vocabulary import Vocabularies
from triage_app.errors import InvalidInput, Problem
from triage_app.pathways import RuleSet, route
from triage_app.pathways.due import out_of_hours
from triage_app.pathways.partial import routes_partial, routing_problems
from triage_app.pathways.prompts import questions_to_ask
from triage_app.services.rereferral import count_earlier
from triage_app.store import audit
from triage_app.store.copies import link_copy
from triage_app.store.pipeline import pipelined
from triage_app.store.requests import add_version, insert_request


@dataclass(frozen=True)
class Saved:
    """What the member of staff is told once a request is safely stored."""

    reference: str
    version: int
    route: Route


@dataclass(frozen=True)
class Assessment:
    """A request as it is being typed: its problems and, if it can be routed, its route.

    ``notices``: the route's actions whose service is closed, paused or has a waiting list
    (assessed with a directory), for the route panel to say so.
    """

    problems: tuple[Problem, ...]
    route: Route | None
    notices: tuple[ServiceNotice, ...] = ()


def questions(req: TriageRequest, now: datetime) -> tuple[str, ...]:
    """What to ask the caller now (see :mod:`triage_app.pathways.prompts`)."""
    return questions_to_ask(req, routing_day(req, now))


def out_of_hours_notice(req: TriageRequest, routed: Route, now: datetime) -> str | None:
    """What to do now about a same-day route taken on a day the office is shut (or None)."""
    return out_of_hours(req.received_at or now, routed.respond_within)


def routing_day(req: TriageRequest, now: datetime) -> date:
    """The day ages are counted on: when the request was received (UTC), else today."""
    return (req.received_at or now).date()


def assess(
    req: TriageRequest,
    *,
    vocab: Vocabularies,
    rules: RuleSet,
    desk_hub: str | None,
    now: datetime,
    require_answers: bool = False,
    session: Session | None = None,
    exclude_reference: str | None = None,
    directory: Directory | None = None,
) -> Assessment:
    """Check and, where the codes allow, route: what the window's route panel shows live.

    The route is computed even when only the safeguarding questions or a child's age are
    missing, so the panel can already show where the request is heading (a child whose age
    is not known counts as in range, contract rule 11: the route is never lowered by it).
    With ``session``, the request's ``earlier_requests`` is counted from the store first
    (contract rule 13), as saving will count it (``exclude_reference``: the request being
    amended). ``require_answers`` asks for every safeguarding answer, except in a request
    saved partial (contract rule 10), which an amendment completes. With ``directory``, the
    route's actions are checked against it (:func:`route_notices`).
    """
    # A received time in the future would count ages on that day: checked before anything
    # is worked out from it.
    problems = check_received(req, now)
    if session is not None and not problems:
        count = count_earlier(session, req, now, exclude_reference=exclude_reference)
        req = replace(req, earlier_requests=count)
    day = routing_day(req, now)
    problems = problems or routing_problems(req, vocab, day, ages_may_wait=True)
    routed = None if problems else route(req, rules, on=day, desk_hub=desk_hub)
    if not routes_partial(req, day):  # the route is shown; the ages are still needed to save
        problems += missing_ages(req)
    if routed is not None:
        problems += reach_problems(req, routed)
        problems += child_needs_problems(req, routed.pathway)
    problems += emergency_problems(req)
    # A request saved partial asks the rest by amendment; one refused lists every gap now.
    partial = routed is not None and routes_partial(req, day) and is_incomplete(req)
    if require_answers and not partial:
        problems += list(missing_answers(req))
    notices = route_notices(routed, rules, directory) if routed and directory else ()
    return Assessment(tuple(problems), routed, notices)


def route_notices(routed: Route, rules: RuleSet, directory: Directory) -> tuple[ServiceNotice, ...]:
    """The route's actions whose service is not simply active: closed, paused, waiting list."""
    partners = {code: action.partner for code, action in rules.actions.items()}
    return notices_for(routed.actions, partners, directory)


def _routed(
    session: Session,
    req: TriageRequest,
    *,
    vocab: Vocabularies,
    rules: RuleSet,
    actor: Actor,
    now: datetime,
    require_answers: bool,
    exclude_reference: str | None = None,
) -> tuple[TriageRequest, Route]:
    """The request with its earlier requests counted from the store, and its route."""
    count = count_earlier(session, req, now, exclude_reference=exclude_reference)
    req = replace(req, earlier_requests=count)
    result = assess(
        req, vocab=vocab, rules=rules, desk_hub=actor.hub, now=now, require_answers=require_answers
    )
    if result.problems or result.route is None:
        raise InvalidInput(result.problems)
    return req, result.route


def take_request(
    session: Session,
    req: TriageRequest,
    *,
    vocab: Vocabularies,
    rules: RuleSet,
    actor: Actor,
    now: datetime,
    require_answers: bool = False,
    copied_from: str | None = None,
) -> Saved:
    """Save a new request with its route and a "create" audit entry; returns its reference.

    Its ``earlier_requests`` is counted from the store (whatever it carried), and the route
    is worked out with that count. A partial request (contract rule 10) is saved
    incomplete; one answered yes to immediate danger must carry its 999 call.
    ``copied_from``: the earlier request its details were copied from, linked both ways
    (see :mod:`triage_app.store.copies`).
    """
    req, routed = _routed(
        session,
        req,
        vocab=vocab,
        rules=rules,
        actor=actor,
        now=now,
        require_answers=require_answers,
    )
    with pipelined(session):
        reference = insert_request(session, req, routed, actor=actor, now=now)
        audit.append(session, actor, "create", at=now, record_ref=reference)
    if copied_from is not None:
        link_copy(session, reference, copied_from, now=now)
    return Saved(reference, 1, routed)


def amend_request(
    session: Session,
    reference: str,
    req: TriageRequest,
    *,
    based_on: int,
    reason: str,
    vocab: Vocabularies,
    rules: RuleSet,
    actor: Actor,
    now: datetime,
) -> Saved:
    """Add a version with a reason; refuses if someone amended it since ``based_on``.

    Its earlier requests are counted again, leaving the request itself out; an amendment
    that gives what a partial request lacked saves a complete version.
    """
    if not reason.strip():
        raise InvalidInput([Problem("reason", "say why the request is being amended")])
    req, routed = _routed(
        session,
        req,
        vocab=vocab,
        rules=rules,
        actor=actor,
        now=now,
        require_answers=False,
        exclude_reference=reference,
    )
    with pipelined(session):
        version = add_version(
            session,
            reference,
            req,
            routed,
            actor=actor,
            now=now,
            reason=reason.strip(),
            based_on=based_on,
        )
        audit.append(session, actor, "amend", at=now, record_ref=reference, reason=reason.strip())
    return Saved(reference, version, routed)
