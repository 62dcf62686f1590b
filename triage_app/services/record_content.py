"""Every captured detail of a saved request, in words, laid out as the capture form is.

The read-only record on screen and the record printed for the file are both made from
:func:`record_content`, so neither can leave out what the other shows. Each section of the
form is here in the form's order (contact, family, children, needs, concerns, what they
say, the safeguarding questions and any 999 call, consent), then the route. A detail the
family asked to keep private (the address, with its postcode) is shown as "withheld".
"""

from __future__ import annotations

from datetime import date

from triage_app.domain.ages import child_age
from triage_app.domain.localtime import local_text
from triage_app.domain.reach import NO_CONTACT_REASONS
from triage_app.domain.request import Child, TriageRequest
from triage_app.domain.vocabulary import Vocabularies, Vocabulary
from triage_app.pathways import RuleSet
from triage_app.sheets.record_data import (
    NOT_GIVEN,
    WITHHELD,
    RecordContent,
    RecordRow,
    RecordSection,
)
from triage_app.store.stored import StoredRequest

Rows = list[tuple[str, str]]


def _label(vocab: Vocabulary, code: str | None) -> str:
    if code is None:
        return NOT_GIVEN
    return vocab.label(code) if code in vocab else code


def _text(value: str | None) -> str:
    return value if value else NOT_GIVEN


def _yes_no(value: bool | None) -> str:
    return {True: "Yes", False: "No", None: "Not asked"}[value]


def _section(title: str, rows: Rows) -> RecordSection:
    return RecordSection(title, tuple(RecordRow(k, v) for k, v in rows))


def _about(stored: StoredRequest) -> RecordSection:
    req, links = stored.request, stored.links
    rows: Rows = [
        ("Reference", stored.reference),
        ("Received", local_text(req.received_at or stored.created_at)),
        # A later version is a note, an attempt or an amendment: its author did not take the call.
        (
            "Taken by" if stored.version == 1 else "This version by",
            f"{stored.author} ({stored.desk or 'no desk'})",
        ),
        ("Version", f"{stored.version} of {stored.latest_version}"),
    ]
    if stored.amendment_reason:
        rows.append(("Why it was amended", stored.amendment_reason))
    rows.append(("Earlier requests in the year before", str(req.earlier_requests)))
    if links.copied_from:
        rows.append(("Details copied from", links.copied_from))
    if links.copied_into:
        rows.append(("Details copied into", ", ".join(links.copied_into)))
    rows.append(("Sent to the central system", stored.exported_in or "not yet"))
    return _section("Request", rows)


def _contact(req: TriageRequest, vocab: Vocabularies) -> RecordSection:
    ref = req.referrer
    return _section(
        "Contact",
        [
            ("Contact method", _label(vocab.contact_method, req.contact_method)),
            ("Source", _label(vocab.source, req.source)),
            ("Referrer's name", _text(ref.name if ref else None)),
            ("Organisation", _text(ref.organisation if ref else None)),
            ("Referrer's phone", _text(ref.phone if ref else None)),
            ("Referrer's email", _text(ref.email if ref else None)),
        ],
    )


def _family(req: TriageRequest, vocab: Vocabularies) -> RecordSection:
    fam = req.family
    private = fam.withhold_address
    return _section(
        "Family",
        [
            ("Parent or carer", _text(fam.first_name)),
            ("Surname", _text(fam.last_name)),
            ("Address", WITHHELD if private else _text(fam.address)),
            ("Postcode", WITHHELD if private else _text(req.postcode)),
            ("Phone", _text(fam.phone)),
            ("Email", _text(fam.email)),
            ("If no way to reach them", _label(NO_CONTACT_REASONS, req.no_contact_reason)),
            ("Language", _text(fam.language)),
            ("Interpreter needed", _yes_no(fam.interpreter)),
            ("Keep address private", _yes_no(fam.withhold_address)),
            ("Hub asked for", _label(vocab.hub, req.hub) if req.hub else "automatic"),
        ],
    )


def _born(child: Child, on: date) -> tuple[str, str]:
    if child.unborn:
        return "Date of birth", "unborn"
    age = child_age(child, on)
    if child.date_of_birth is not None:
        about = "about " if child.date_of_birth_estimated else ""
        estimated = ", estimated from the age given" if child.date_of_birth_estimated else ""
        return "Date of birth", f"{about}{child.date_of_birth:%d/%m/%Y} (age {age} then{estimated})"
    return "Age given", str(age) if age is not None else NOT_GIVEN


def _children(req: TriageRequest, vocab: Vocabularies, on: date) -> list[RecordSection]:
    found = [
        _section(
            f"Child or young person {n}",
            [
                ("First name", _text(child.first_name)),
                ("Surname", _text(child.last_name)),
                _born(child, on),
                ("Gender", _label(vocab.gender, child.gender)),
                ("Ethnicity", _label(vocab.ethnicity, child.ethnicity)),
                ("SEND", _yes_no(child.send)),
            ],
        )
        for n, child in enumerate(req.children, start=1)
    ]
    unknown = ("Children in the household, ages not known yet", _yes_no(req.children_unknown))
    count = ("Children named", str(len(req.children)) if req.children else "none")
    return [_section("Children and young people", [count, unknown]), *found]


def _needs(req: TriageRequest, vocab: Vocabularies) -> list[RecordSection]:
    needs = [("", _label(vocab.need, n)) for n in req.needs] or [("", "none recorded")]
    concerns = [("", _label(vocab.concern, c)) for c in req.concerns] or [("", "none ticked")]
    return [
        _section(
            "Presenting needs", [*needs, ("Primary need", _label(vocab.need, req.primary_need))]
        ),
        _section("Safeguarding concerns", concerns),
        _section("What they say", [("", req.narrative or NOT_GIVEN)]),
    ]


def _questions(req: TriageRequest, vocab: Vocabularies) -> list[RecordSection]:
    answers, call = req.answers, req.emergency
    rows: Rows = [
        ("Immediate danger", _yes_no(answers.immediate_danger)),
        ("Significant harm", _yes_no(answers.significant_harm)),
        ("Domestic abuse high risk", _yes_no(answers.domestic_abuse_high_risk)),
    ]
    if call is not None:
        rows += [
            ("999 called at", local_text(call.called_at)),
            ("999 called by", _text(call.called_by)),
            ("Police reference", _text(call.police_reference)),
        ]
    consent = [("Consent to early help", _label(vocab.consent, req.consent))]
    return [_section("Safeguarding questions", rows), _section("Consent", consent)]


def _route(stored: StoredRequest, vocab: Vocabularies, rules: RuleSet) -> list[RecordSection]:
    route = stored.route
    rows: Rows = [
        ("Pathway", _label(vocab.pathway, route.pathway)),
        ("Hub", _label(vocab.hub, route.hub) if route.hub else NOT_GIVEN),
        ("Respond within", _text(route.respond_within)),
        ("Rule set", route.rules_version),
    ]
    actions: Rows = []
    for state in stored.actions:
        label = rules.actions[state.action].label if state.action in rules.actions else state.action
        done = (
            f"done {local_text(state.done_at)} by {state.done_by or NOT_GIVEN}"
            if state.done_at is not None
            else "to do"
        )
        actions.append((label, done))
    why = [("", t.reason) for t in route.trace]
    return [
        _section("Route", rows),
        _section("Actions", actions or [("", "none")]),
        _section("Why", why or [("", NOT_GIVEN)]),
    ]


def record_content(stored: StoredRequest, vocab: Vocabularies, rules: RuleSet) -> RecordContent:
    """Every captured detail of ``stored`` (one version), section by section, in words."""
    req = stored.request
    on = (req.received_at or stored.created_at).date()
    sections = [
        _about(stored),
        _contact(req, vocab),
        _family(req, vocab),
        *_children(req, vocab, on),
        *_needs(req, vocab),
        *_questions(req, vocab),
        *_route(stored, vocab, rules),
    ]
    title = f"Request {stored.reference}, version {stored.version} of {stored.latest_version}"
    return RecordContent(stored.reference, title, tuple(sections))
