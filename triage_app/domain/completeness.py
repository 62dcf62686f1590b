"""Whether a request was saved partial, and what a partial emergency must carry.

Contract rule 10 lets a yes answer, or a concern at the social-care floor, route a request
before its needs, consent or children's ages are known, so an emergency can be saved the
moment 999 is called. Such a request is **incomplete** until an amendment gives what is
missing; the follow-up queue lists it and the export says so. A request whose only gap is
an unasked safeguarding question is not incomplete: ``triage-app record`` has always saved
those (the window insists on the answers itself); once something else is missing, the
unasked questions are listed with it, as the amendment must ask them.

A partial request answered yes to immediate danger carries the 999 call (when, by whom),
so the record shows that the emergency was acted on even before anything else is known.
"""

from __future__ import annotations

from triage_app.domain.request import TriageRequest
from triage_app.errors import Problem

_ANSWERS = ("immediate_danger", "significant_harm", "domestic_abuse_high_risk")
#: Longest who-called and police reference kept (the wire's free-text limit is longer).
_MAX_TEXT = 200


def _ages_missing(req: TriageRequest) -> bool:
    return any(
        not c.unborn and c.age_years is None and c.date_of_birth is None for c in req.children
    )


def incomplete_fields(req: TriageRequest) -> tuple[str, ...]:
    """What a request saved partial still lacks: ``needs``, ``consent``, ``children``, ``answers``.

    Empty for a complete request (see the module's note on unasked questions).
    """
    missing = [
        name
        for name, gap in (
            ("needs", not req.needs),
            ("consent", req.consent is None),
            ("children", _ages_missing(req)),
        )
        if gap
    ]
    if missing and any(getattr(req.answers, a) is None for a in _ANSWERS):
        missing.append("answers")
    return tuple(missing)


def is_incomplete(req: TriageRequest) -> bool:
    """Whether the request is saved partial, to be completed by amendment."""
    return bool(incomplete_fields(req))


def emergency_problems(req: TriageRequest) -> list[Problem]:
    """What stops a partial request being saved: an immediate danger without its 999 call."""
    call = req.emergency
    if call is None:
        if is_incomplete(req) and req.answers.immediate_danger is True:
            return [
                Problem(
                    "emergency",
                    "record when 999 was called and by whom before saving an emergency "
                    "whose needs, consent or children are not known yet",
                )
            ]
        return []
    problems = []
    if call.called_at.tzinfo is None:
        problems.append(Problem("emergency.called_at", "give the time with its zone (e.g. Z)"))
    if not call.called_by.strip():
        problems.append(Problem("emergency.called_by", "say who called 999"))
    elif len(call.called_by) > _MAX_TEXT:
        problems.append(Problem("emergency.called_by", f"at most {_MAX_TEXT} characters"))
    if call.police_reference is not None and len(call.police_reference) > _MAX_TEXT:
        problems.append(Problem("emergency.police_reference", f"at most {_MAX_TEXT} characters"))
    return problems
