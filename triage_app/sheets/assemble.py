"""From a request and its route (or a presenting need) to what the sheet says.

This is the one module of the sheets that knows the rules: each action's family wording
comes from the loaded rule set, the advice from the route (as the family was told it when
the request was saved), the partner services and hubs from the services directory, the
fixed texts from ``resources/sheets``. It carries forward the family's first name and
nothing else of theirs.

The directory decides what is printed of a service: a paused or closed one, or one only
staff use, not at all; a phone number, email or web address only if confirmed (it has a
source); where the number is not confirmed, what to ask instead. Without a directory (a
sheet made with no database), the one seeded from ``resources/`` is used, which confirms
only the hubs' details.

It also decides whether a sheet is discreet (``docs/rules.md``, "Discreet rules"): then the
sheet gets the wording's neutral steps instead of the actions, and no advice or partners.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from triage_app.directory.seed import seed_entries
from triage_app.domain.directory import WAITING_LIST, Directory, ServiceEntry
from triage_app.domain.localtime import local_today
from triage_app.domain.request import Answers, Child, TriageRequest
from triage_app.domain.route import Route
from triage_app.domain.vocabulary import Hub, Vocabularies
from triage_app.errors import InvalidInput, Problem
from triage_app.pathways import RuleSet, route
from triage_app.pathways.discretion import route_is_discreet
from triage_app.sheets.data import HubDetails, PartnerDetails, SheetData
from triage_app.sheets.wording import SheetWording

#: The synthetic request a blank sheet is routed for: someone at reception asking for help
#: with the need for their family (a child of 8, consent given, no safeguarding concern).
BLANK_CONTACT_METHOD = "face_to_face"
BLANK_SOURCE = "self_referral"
BLANK_CONSENT = "given"
BLANK_CHILD_AGE = 8


def hub_details(hub: Hub, entry: ServiceEntry | None = None) -> HubDetails:
    """A hub as printed: its directory entry's confirmed details, the file's directions."""
    if entry is None:
        return HubDetails(hub.name, hub.address, hub.phone, hub.directions)
    return HubDetails(entry.name, entry.address.fact or "", entry.phone.fact or "", hub.directions)


def _hub(code: str | None, vocab: Vocabularies, directory: Directory) -> HubDetails | None:
    if code is None:
        return None
    try:
        return hub_details(vocab.hub_by_code(code), directory.get(code))
    except KeyError:  # a hub since removed from hubs.toml: fall back to the line and all hubs
        return None


def _all_hubs(vocab: Vocabularies, directory: Directory) -> tuple[HubDetails, ...]:
    """Every open hub, for a sheet whose route names none."""
    found = []
    for hub in vocab.hubs:
        entry = directory.get(hub.code)
        if entry is None or entry.is_open:
            found.append(hub_details(hub, entry))
    return tuple(found)


def seeded(vocab: Vocabularies, rules: RuleSet) -> Directory:
    """The directory as ``resources/`` seeds it, for a sheet made without a database."""
    return seed_entries(vocab.hubs, rules.partners)


def _steps(
    actions: tuple[str, ...], rules: RuleSet, wording: SheetWording, directory: Directory
) -> tuple[str, ...]:
    """Each action in the family's words, never the staff's label.

    An action the rules no longer describe gets a general line; one whose service for
    families is paused or closed, a line saying the hub will suggest another, so that the
    sheet never sends a family to a service that is not taking them.
    """
    steps: dict[str, None] = {}
    for code in actions:
        action = rules.actions.get(code)
        entry = directory.get(action.partner) if action else None
        if action is None:
            steps[wording.unknown_step] = None
        elif entry is not None and entry.for_families and not entry.is_open:
            steps[wording.unavailable_step] = None
        else:
            steps[action.family] = None
    return tuple(steps)


def _advice(advice: tuple[str, ...], directory: Directory) -> tuple[str, ...]:
    """The route's advice, less any paragraph naming a paused or closed service.

    The rules' advice may name a partner ("Coventry Independent Advice Service gives free
    advice ..."); a sheet never sends a family to a service that is not taking them, so such
    a paragraph is left out (the hub tells them of another, as the steps say).
    """
    closed = [e.name.casefold() for e in directory if e.for_families and not e.is_open]
    return tuple(a for a in advice if not any(name in a.casefold() for name in closed))


def partner_details(entry: ServiceEntry) -> PartnerDetails:
    """A service as the sheet prints it: confirmed details only, else what to ask."""
    return PartnerDetails(
        name=entry.name,
        helps_with=entry.description,
        phone=entry.phone.fact or "",
        web=entry.web.fact or "",
        email=entry.email.fact or "",
        ask="" if entry.phone.confirmed else entry.how_to_reach(),
        waiting_list=entry.status == WAITING_LIST,
    )


def _partners(
    actions: tuple[str, ...], rules: RuleSet, directory: Directory
) -> tuple[PartnerDetails, ...]:
    """The partner services for families the route's actions refer to, each once, in order.

    A staff-only partner (``for_families = false``, such as the safeguarding hub's
    professional line) is never printed, nor a paused or closed one. A partner the rules
    name that the directory lacks is printed as ``resources/`` seeds it.
    """
    found: dict[str, PartnerDetails] = {}
    for code in actions:
        action = rules.actions.get(code)
        if action is None or action.partner is None or action.partner in found:
            continue
        entry = directory.get(action.partner)
        if entry is None and action.partner in rules.partners:
            entry = rules.partners[action.partner].seed
        if entry is not None and entry.for_families and entry.is_open:
            found[action.partner] = partner_details(entry)
    return tuple(found.values())


def local_day(at: datetime) -> date:
    """The day in Coventry at ``at`` (a naive time is taken as UTC)."""
    return local_today(at if at.tzinfo is not None else at.replace(tzinfo=UTC))


def local_date_text(at: datetime) -> str:
    """A day as a family writes it ("16 March 2026"), in Coventry's time."""
    day = local_day(at)
    return f"{day.day} {day:%B %Y}"


def request_is_discreet(
    req: TriageRequest, routed: Route, *, received: datetime, rules: RuleSet
) -> bool:
    """Whether a saved request's sheet must be discreet, by the rules in use now.

    The stored route decides first (:func:`~triage_app.pathways.discretion.route_is_discreet`:
    its trace against the rules in use). The request is also routed again with the rules in
    use, for the day it was received, so that a discreet rule renamed or added since the
    request was saved still keeps its sheet discreet: when in doubt, discreet.
    """
    if route_is_discreet(routed, rules):
        return True
    return route_is_discreet(route(req, rules, on=local_day(received)), rules)


def _first_name(req: TriageRequest) -> str | None:
    name = (req.family.first_name or "").strip()
    return name or None


def request_sheet_data(
    req: TriageRequest,
    routed: Route,
    *,
    reference: str,
    received: datetime,
    vocab: Vocabularies,
    rules: RuleSet,
    wording: SheetWording,
    large_print: bool = False,
    directory: Directory | None = None,
    discreet: bool = False,
) -> SheetData:
    """The sheet for a saved request: its first name, reference, date, hub and route.

    ``discreet`` makes it discreet whatever the route: staff may judge that the person a
    family fears will see it. A route the rules make discreet is discreet regardless.
    """
    directory = directory if directory is not None else seeded(vocab, rules)
    hub = _hub(routed.hub, vocab, directory)
    discreet = discreet or request_is_discreet(req, routed, received=received, rules=rules)
    return SheetData(
        wording=wording,
        steps=wording.discreet_steps
        if discreet
        else _steps(routed.actions, rules, wording, directory),
        advice=() if discreet else _advice(routed.advice, directory),
        partners=() if discreet else _partners(routed.actions, rules, directory),
        discreet=discreet,
        hub=hub,
        all_hubs=() if hub else _all_hubs(vocab, directory),
        first_name=_first_name(req),
        reference=reference,
        date_text=local_date_text(received),
        respond_within=routed.respond_within,
        large_print=large_print,
    )


def blank_request(need: str) -> TriageRequest:
    """A minimal request presenting ``need``, routed to find the general guidance for it."""
    return TriageRequest(
        contact_method=BLANK_CONTACT_METHOD,
        source=BLANK_SOURCE,
        needs=(need,),
        consent=BLANK_CONSENT,
        children=(Child(age_years=BLANK_CHILD_AGE),),
        answers=Answers(
            immediate_danger=False, significant_harm=False, domestic_abuse_high_risk=False
        ),
        primary_need=need,
    )


def blank_sheet_data(
    need: str,
    *,
    vocab: Vocabularies,
    rules: RuleSet,
    wording: SheetWording,
    on: date,
    large_print: bool = False,
    directory: Directory | None = None,
) -> SheetData:
    """A sheet of general guidance for a presenting need, about no family.

    A need whose general guidance is discreet (domestic abuse, in the shipped rules) gets a
    discreet sheet too: anyone may pick it up at reception and take it home.

    Raises:
        InvalidInput: ``need`` is not a presenting need (with a "did you mean").
    """
    if need not in vocab.need:
        raise InvalidInput([Problem("need", vocab.need.unknown(need))])
    routed = route(blank_request(need), rules, on=on, desk_hub=None)
    discreet = route_is_discreet(routed, rules)
    directory = directory if directory is not None else seeded(vocab, rules)
    return SheetData(
        wording=wording,
        steps=wording.discreet_blank_steps
        if discreet
        else _steps(routed.actions, rules, wording, directory),
        advice=() if discreet else _advice(routed.advice, directory),
        partners=() if discreet else _partners(routed.actions, rules, directory),
        discreet=discreet,
        all_hubs=_all_hubs(vocab, directory),
        respond_within=routed.respond_within,
        need_label=vocab.need.label(need),
        large_print=large_print,
    )
