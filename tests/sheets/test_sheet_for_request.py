"""A saved request's sheet: right for every hub and pathway, and nothing the family said on it."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime

import pytest
from sqlalchemy import select

from tests.sheets.pdfread import read_sheet, squash
from triage_app.domain.actor import Actor
from triage_app.domain.request import Answers, Child, Family, Referrer, TriageRequest
from triage_app.domain.route import Route, TraceEntry
from triage_app.domain.vocabulary import Vocabularies
from triage_app.pathways import RuleSet
from triage_app.pathways.discretion import route_is_discreet
from triage_app.services.intake import take_request
from triage_app.sheets.service import PRINT_SHEET, record_sheet_printed, request_sheet
from triage_app.sheets.wording import SheetWording
from triage_app.store.audit_models import AuditEntry
from triage_app.store.database import Database
from triage_app.store.requests import UnknownReference, insert_request

NARRATIVE = "Synthetic account NARRATIVE-MARKER: the caller says things are hard at home."
WITHHELD_ADDRESS = "12 Synthetic Street, Coventry CV1 9ZZ"

#: Everything a request may hold that a sheet must never print (all synthetic).
PRIVATE = Family(
    first_name="Ann",
    last_name="Kowalczyk-Testowa",
    address=WITHHELD_ADDRESS,
    phone="07700 900123",
    email="ann.synthetic@example.org",
    language="Polish",
    interpreter=True,
    withhold_address=True,
)
NEVER_PRINTED = (
    NARRATIVE,
    "NARRATIVE-MARKER",
    "Kowalczyk",
    "12 Synthetic Street",
    "CV1 9ZZ",
    "07700 900123",
    "ann.synthetic@example.org",
    "Childfirst",
    "Testchild",
    "Referrer Person",
    "Synthetic Primary School",
    "immediate_danger",
    "significant_harm",
    "domestic_abuse_high_risk",
)


def private_request(need: str = "money_debt", answers: bool = False) -> TriageRequest:
    return TriageRequest(
        contact_method="telephone",
        source="education",
        needs=(need,),
        consent="given",
        children=(Child(age_years=8, first_name="Childfirst", last_name="Testchild"),),
        answers=Answers(answers, answers, answers),
        postcode="CV1 9ZZ",
        family=PRIVATE,
        referrer=Referrer("Referrer Person", "Synthetic Primary School", "024 0000 9999"),
        narrative=NARRATIVE,
    )


def pathway_route(pathway: str, hub: str, rules: RuleSet) -> Route:
    """A hand-made route on ``pathway`` with every action and advice its rules give it.

    Only rules that are not discreet: a discreet sheet prints none of them
    (``test_discreet_sheet.py``).
    """
    fired = [r for r in rules.rules if r.pathway == pathway and not r.discreet]
    actions = tuple(dict.fromkeys(a for r in fired for a in r.actions))
    advice = tuple(dict.fromkeys(r.advice for r in fired if r.advice))
    return Route(
        pathway=pathway,
        actions=actions,
        hub=hub,
        rules_version=rules.version,
        respond_within="the next working day",
        trace=tuple(TraceEntry(r.id, r.reason) for r in fired),
        advice=advice,
    )


@dataclass(frozen=True)
class Desk:
    """A reception desk with a real database file, the shipped rules and wording."""

    db: Database
    vocab: Vocabularies
    rules: RuleSet
    wording: SheetWording
    actor: Actor
    now: datetime

    def save(self, req: TriageRequest, routed: Route) -> str:
        with self.db.write() as s:
            return insert_request(s, req, routed, actor=self.actor, now=self.now)

    def pdf(self, reference: str, *, large_print: bool = False) -> bytes:
        with self.db.read() as s:
            return request_sheet(
                s,
                reference,
                vocab=self.vocab,
                rules=self.rules,
                wording=self.wording,
                large_print=large_print,
            ).pdf

    def text(self, reference: str) -> str:
        """The sheet's words, without the running footer a page break puts mid-paragraph."""
        text = read_sheet(self.pdf(reference)).text
        return re.sub(rf" ?Reference {reference} · page \d+ ?", " ", text)


@pytest.fixture
def desk(db, vocab, rules, wording, actor, now) -> Desk:
    return Desk(db, vocab, rules, wording, actor, now)


@pytest.mark.parametrize(
    "pathway", ["emergency", "social_care", "early_help", "signpost", "advice"]
)
def test_every_hub_and_pathway_prints_the_hub_each_step_and_the_emergency_line(
    desk: Desk, pathway: str
):
    rules, wording = desk.rules, desk.wording
    assert pathway in desk.vocab.pathway
    for hub in desk.vocab.hubs:
        routed = pathway_route(pathway, hub.code, rules)
        reference = desk.save(private_request(), routed)
        text = desk.text(reference)
        assert f"Your reference: {reference}" in text
        assert "Date: 16 March 2026" in text
        assert "For Ann" in text
        assert hub.name in text and squash(hub.address) in text
        assert f"Phone: {hub.phone}" in text
        assert squash(wording.hub_directions.format(directions=hub.directions)) in text
        for code in routed.actions:
            action = rules.actions[code]
            assert squash(action.family) in text, code
            assert squash(action.label) not in text, code  # the staff's wording
            partner = rules.partners[action.partner] if action.partner else None
            if partner and partner.for_families:
                assert squash(partner.name) in text
                assert squash(partner.helps_with) in text
        for paragraph in routed.advice:
            assert squash(paragraph) in text
        for line in wording.emergency:
            assert squash(line) in text
        for private in NEVER_PRINTED:
            assert private not in text, private
        assert not any(squash(line) in text for line in wording.silent_solution)


@pytest.mark.parametrize("pathway", ["emergency", "social_care", "signpost"])
def test_a_staff_only_partner_is_never_printed(desk: Desk, pathway: str):
    mash = desk.rules.partners["mash"]
    routed = pathway_route(pathway, "harmony", desk.rules)
    assert {"mash_referral", "safeguarding_consultation"} & set(routed.actions)
    text = desk.text(desk.save(private_request(), routed))
    assert squash(mash.name) not in text and squash(mash.helps_with) not in text
    assert "Staff" not in text and "professional line" not in text
    assert "We will share our concern with the safeguarding team" in text or pathway == "signpost"


def test_the_sheet_is_the_same_whatever_the_family_said_or_answered(desk: Desk):
    routed = pathway_route("early_help", "harmony", desk.rules)
    quiet = TriageRequest(
        contact_method="telephone",
        source="self_referral",
        needs=("money_debt",),
        consent="given",
        family=Family(first_name="Ann"),
        answers=Answers(False, False, False),
    )
    told_all = desk.save(private_request(), routed)
    told_little = desk.save(quiet, routed)
    first = desk.text(told_all).replace(told_all, "REF")
    assert first == desk.text(told_little).replace(told_little, "REF")


def test_an_address_the_family_shares_is_not_printed_either(desk: Desk):
    shared = replace(private_request(), family=replace(PRIVATE, withhold_address=False))
    reference = desk.save(shared, pathway_route("signpost", "mosaic", desk.rules))
    assert "12 Synthetic Street" not in desk.text(reference)


@pytest.mark.parametrize(
    "name", ['Zoë <b>&amp; "Ann"', "Łucja", "Ștefan", "Řehoř", "Ğülşen", "İpek Çağlar"]
)
def test_a_saved_name_comes_out_intact(desk: Desk, name: str):
    req = replace(private_request(), family=replace(PRIVATE, first_name=name))
    reference = desk.save(req, pathway_route("advice", "aspire", desk.rules))
    assert f"For {name}" in desk.text(reference)


def test_each_need_routed_for_real_gives_a_one_page_sheet(desk: Desk):
    for need in desk.vocab.need.codes:
        req = replace(private_request(need, answers=False), postcode=None, hub="the_moat")
        with desk.db.write() as s:
            saved = take_request(
                s, req, vocab=desk.vocab, rules=desk.rules, actor=desk.actor, now=desk.now
            )
        sheet = read_sheet(desk.pdf(saved.reference))
        assert sheet.pages == 1, need
        assert "The Moat Family Hub" in sheet.text and "024 7697 8036" in sheet.text
        if route_is_discreet(saved.route, desk.rules):
            continue  # what a discreet sheet prints: test_discreet_sheet.py
        for code in saved.route.actions:
            assert squash(desk.rules.actions[code].family) in sheet.text


def test_large_print_for_a_saved_request_is_16_point_or_more(desk: Desk):
    reference = desk.save(private_request(), pathway_route("early_help", "woodside", desk.rules))
    sheet = read_sheet(desk.pdf(reference, large_print=True))
    assert min(sheet.sizes) >= 16
    assert "Phone: 024 7697 8090" in sheet.text and f"Reference {reference}" in sheet.text


def test_without_a_hub_the_sheet_gives_every_hubs_number(desk: Desk):
    routed = replace(pathway_route("signpost", "harmony", desk.rules), hub=None)
    text = desk.text(desk.save(private_request(), routed))
    assert desk.wording.heading_no_hub in text
    assert all(f"Phone: {h.phone}" in text for h in desk.vocab.hubs)


def test_an_action_the_rules_no_longer_describe_gets_a_general_line(desk: Desk):
    routed = replace(pathway_route("advice", "harmony", desk.rules), actions=("retired_code",))
    text = desk.text(desk.save(private_request(), routed))
    assert squash(desk.wording.unknown_step) in text and "retired_code" not in text


def test_an_unknown_reference_is_a_plain_error(desk: Desk):
    with pytest.raises(UnknownReference, match="HH-0000-0000"):
        desk.pdf("HH-0000-0000")


def test_printing_is_recorded_in_the_audit_trail_by_reference(desk: Desk):
    reference = desk.save(private_request(), pathway_route("advice", "harmony", desk.rules))
    with desk.db.write() as s:
        record_sheet_printed(s, desk.actor, reference, at=desk.now)
    with desk.db.read() as s:
        entries = s.execute(select(AuditEntry).where(AuditEntry.action == PRINT_SHEET)).scalars()
        found = [(e.actor, e.record_ref, e.reason) for e in entries]
    assert found == [(desk.actor.username, reference, None)]
