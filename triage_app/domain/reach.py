"""A way to reach the family, before early help or a promised callback is saved.

Early help is offered to the family by a key worker, and a signpost that carries a same-day
follow-up (a safeguarding consultation, a MARAC referral) ends with someone getting back to
them: neither can happen with nothing to reach them by. Such a request needs the family's
phone, email or address (a postcode alone reaches no one; a referrer's number is the
referrer's), or a recorded reason why there is none, from :data:`NO_CONTACT_REASONS`.

An emergency is never held up by this: its route is ``emergency``, and Children's Social
Care (``social_care``) is reached through the safeguarding hub, not by the front door.
"""

from __future__ import annotations

from triage_app.domain.request import TriageRequest
from triage_app.domain.route import Route
from triage_app.domain.vocabulary import Term, Vocabulary
from triage_app.errors import Problem

#: Why a family cannot be reached. Stored codes: never changed once released.
NO_CONTACT_REASONS = Vocabulary(
    "no_contact_reason",
    (
        Term("anonymous", "Anonymous caller: gave no details"),
        Term("professional_passes_on", "A professional will pass the advice on"),
        Term("in_person_sheet_given", "Family seen in person and handed the advice sheet"),
        Term("unsafe_to_contact", "Not safe to contact them (someone may see or hear)"),
        Term("declined", "The family would not give any contact details"),
    ),
)
#: Actions that make a signpost a promise to get back to the family (contract rule 14's
#: same-day follow-ups).
CALLBACK_ACTIONS = frozenset({"safeguarding_consultation", "marac_referral"})
#: Where the problem is reported: the family's contact details as a whole.
FIELD = "family.contact"
MESSAGE = "give a phone, email or address to reach the family, or choose why they cannot be reached"


def can_reach(req: TriageRequest) -> bool:
    """Whether the request holds a way to reach the family: phone, email or address."""
    fam = req.family
    return any((value or "").strip() for value in (fam.phone, fam.email, fam.address))


def promises_contact(route: Route) -> bool:
    """Whether the route means someone will get back to the family."""
    if route.pathway == "early_help":
        return True
    return route.pathway == "signpost" and bool(CALLBACK_ACTIONS & set(route.actions))


def reach_problems(req: TriageRequest, route: Route) -> list[Problem]:
    """What stops saving: no way to reach a family the route promises to contact."""
    reason = req.no_contact_reason
    if reason is not None and reason not in NO_CONTACT_REASONS:
        return [Problem("no_contact_reason", NO_CONTACT_REASONS.unknown(reason))]
    if promises_contact(route) and reason is None and not can_reach(req):
        return [Problem(FIELD, MESSAGE)]
    return []
