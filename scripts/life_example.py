"""Synthetic open work for the follow-up queue and a request's life panel screenshots.

Every family, name and note here is made up. Requests come in over the fortnight before the
screenshot's clock, at Mosaic and elsewhere; some have attempts and notes,
some are closed (so are not in the queue), one was overridden upward.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from triage_app.domain.actor import Actor
from triage_app.domain.request import Answers, Child, Family, TriageRequest
from triage_app.domain.vocabulary import Vocabularies
from triage_app.pathways import RuleSet
from triage_app.services.contact import add_note, record_attempt
from triage_app.services.intake import take_request
from triage_app.services.outcomes import close_request
from triage_app.services.overrides import override_pathway
from triage_app.store.database import Database

HANDLER = Actor("call.handler", role="call_handler", desk="freephone-1")
LEADER = Actor("team.leader", role="team_leader", desk="mosaic-office", hub="mosaic")

BASE = TriageRequest(
    contact_method="telephone",
    source="self_referral",
    needs=("school_attendance",),
    consent="given",
    children=(Child(first_name="Jay", last_name="Example", date_of_birth=date(2013, 9, 14)),),
    answers=Answers(False, False, False),
    postcode="CV4 9PL",
    family=Family(first_name="Sam", last_name="Example", phone="024 7600 0009"),
)
#: (needs, postcode, days before the clock, the answers) of each request taken.
CALLS = (
    (("money_debt",), "CV4 9PL", 9, None),
    (("school_attendance", "anxiety_low_mood"), "CV4 9PL", 6, None),
    (("housing_rent",), "CV4 9PL", 4, None),
    (("domestic_abuse",), "CV4 9PL", 2, Answers(False, True, False)),
    (("child_behaviour",), "CV4 9PL", 1, None),
    (("missing_child",), "CV4 9PL", 0, None),
    (("parental_conflict",), "CV2 1EQ", 3, None),
    (("food_practical",), "CV4 9PL", 12, None),
    (("social_isolation",), "CV4 9PL", 0, None),
)
SURNAMES = ("Example", "Sample", "Specimen", "Instance", "Model", "Pattern", "Template", "Demo")


def fill(db: Database, vocab: Vocabularies, rules: RuleSet, now: datetime) -> str:
    """Take the calls and live a little of each one's life; returns the reference to show."""
    refs: list[str] = []
    for i, (needs, postcode, days, answers) in enumerate(CALLS):
        received = now - timedelta(days=days, hours=i)
        name = SURNAMES[i % len(SURNAMES)]
        req = replace(
            BASE,
            needs=needs,
            postcode=postcode,
            answers=answers or BASE.answers,
            received_at=received,
            family=replace(BASE.family, last_name=name),
            children=(replace(BASE.children[0], last_name=name),),
        )
        with db.write() as s:
            saved = take_request(s, req, vocab=vocab, rules=rules, actor=HANDLER, now=received)
            refs.append(saved.reference)
    shown = refs[1]
    with db.write() as s:
        record_attempt(
            s, shown, method="telephone", reached=False, note="No answer; voicemail left",
            actor=HANDLER, now=now - timedelta(days=5), vocab=vocab,
        )  # fmt: skip
        record_attempt(
            s, shown, method="text_message", reached=True, note="Mum replied: call after 3pm",
            actor=HANDLER, now=now - timedelta(days=4, hours=20), vocab=vocab,
        )  # fmt: skip
        add_note(
            s, shown, "School confirms attendance at 61% this term; they will join the TAF.",
            actor=LEADER, now=now - timedelta(days=3),
        )  # fmt: skip
        override_pathway(
            s, refs[0], chosen="early_help", reason="Arrears, and the children's routines too",
            actor=LEADER, now=now - timedelta(hours=20), rules=rules,
        )  # fmt: skip
        close_request(
            s, refs[7], outcome="partner_taken_up", reason="Food bank voucher issued",
            actor=HANDLER, now=now - timedelta(days=10), vocab=vocab,
        )  # fmt: skip
    return shown
