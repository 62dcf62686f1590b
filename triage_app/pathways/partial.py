"""Which problems stop a request being routed: all of them, unless a yes routes it anyway.

Contract rule 10: ``immediate_danger``, ``significant_harm`` or ``domestic_abuse_high_risk``
answered yes, or a concern at the social-care floor, routes a request to its floor even when
its needs, children's ages or consent are still missing. Unknown codes stop it all the same.
"""

from __future__ import annotations

from datetime import date

from triage_app.domain.checks import check_request
from triage_app.domain.request import TriageRequest
from triage_app.domain.vocabulary import Vocabularies
from triage_app.errors import Problem
from triage_app.pathways.conditions import Facts, facts_of
from triage_app.pathways.floors import urgent


def routes_partial(request: TriageRequest, on: date) -> bool:
    """Whether the request is routed on its answers or concerns alone (rule 10)."""
    return urgent(facts_of(request, on))


def routing_problems(
    request: TriageRequest,
    vocab: Vocabularies,
    on: date,
    *,
    ages_may_wait: bool = False,
    facts: Facts | None = None,
    text_checked: bool = False,
) -> list[Problem]:
    """The problems that stop this request being routed on ``on`` (none: route it).

    ``ages_may_wait``: a child named with no age does not stop the route (it counts as a
    child in range, rule 11, so never lowers it); the caller asks for the age before saving.
    ``facts``: ``facts_of(request, on)`` when the caller has worked them out to route with.
    ``text_checked``: the request was read from JSON, whose shape bounds its text already
    (see :func:`~triage_app.domain.checks.check_request`).
    """
    partial = urgent(facts if facts is not None else facts_of(request, on))
    return check_request(
        request,
        vocab,
        on,
        partial=partial,
        ages_may_wait=ages_may_wait,
        text_checked=text_checked,
    )
