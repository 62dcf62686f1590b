"""Discreet sheets: nothing on them says what the family asked for help with.

Every sheet is read back from the PDF and searched for the words of
``discreet.never_print`` in ``resources/sheets/wording.toml`` (the list the service keeps);
each must still give the hub's number, the reference and the emergency block with the
police's Silent Solution, on one A4 page.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from tests.sheets.pdfread import read_sheet, squash
from tests.sheets.test_sheet_for_request import NEVER_PRINTED, Desk, private_request
from triage_app.domain.child_needs import CHILD_NEEDS
from triage_app.domain.request import Answers, Child, TriageRequest
from triage_app.domain.route import Route, TraceEntry
from triage_app.errors import TriageError
from triage_app.pathways import RuleSet
from triage_app.pathways.discretion import route_is_discreet
from triage_app.services.intake import take_request
from triage_app.sheets.data import PartnerDetails, SheetData
from triage_app.sheets.render import build_sheet
from triage_app.sheets.service import general_sheet, request_sheet
from triage_app.sheets.wording import SheetWording, default_wording_file, load_wording

DAY = date(2026, 3, 16)

#: Ways a request for each need may come in: the routes differ, and so may discretion.
VARIANTS: dict[str, dict[str, object]] = {
    "child": {},
    "consent-refused": {"consent": "refused"},
    "no-child": {"children": ()},
    "unborn": {"children": (Child(unborn=True),)},
    "teenager": {"children": (Child(age_years=15),)},
    "high-risk-answer": {"answers": Answers(False, False, True)},
    "all-answers": {"answers": Answers(True, True, True)},
}


@pytest.fixture
def desk(db, vocab, rules, wording, actor, now) -> Desk:
    return Desk(db, vocab, rules, wording, actor, now)


def assert_discreet(text: str, wording: SheetWording, *, hub_phone: str, reference: str) -> None:
    """What every discreet sheet must, and must never, say."""
    assert wording.never_printed_in(text) == [], wording.never_printed_in(text)
    assert f"Phone: {hub_phone}" in text
    if reference:
        assert f"Your reference: {reference}" in text
    for line in (*wording.emergency, *wording.silent_solution):
        assert squash(line) in text
    assert "999" in text and "55" in text


def sheet_of(desk: Desk, req: TriageRequest) -> tuple[str, bool, int, Route]:
    with desk.db.write() as s:
        saved = take_request(
            s, req, vocab=desk.vocab, rules=desk.rules, actor=desk.actor, now=desk.now
        )
    with desk.db.read() as s:
        sheet = request_sheet(
            s, saved.reference, vocab=desk.vocab, rules=desk.rules, wording=desk.wording
        )
    back = read_sheet(sheet.pdf)
    return back.text, sheet.discreet, back.pages, saved.route


def test_the_list_of_words_names_the_subjects_and_services(wording: SheetWording):
    for word in ("domestic", "abuse", "Women's Aid", "safeguarding", "gang", "Prevent"):
        assert word in wording.never_print
    assert wording.never_printed_in("Domestic ABUSE") == ["domestic", "abuse"]
    assert wording.never_printed_in("Aberdomestication, a gangway") == []  # whole words only


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_every_need_routed_for_real_in_every_way(desk: Desk, variant: str):
    discreet_needs = set()
    for need in desk.vocab.need.codes:
        if variant == "no-child" and need in CHILD_NEEDS:
            continue  # not saved until the child is named (tests/services/test_child_needs.py)
        req = replace(private_request(need), postcode=None, hub="woodside", **VARIANTS[variant])
        text, discreet, pages, routed = sheet_of(desk, req)
        if route_is_discreet(routed, desk.rules):
            assert discreet, need
        for private in NEVER_PRINTED:
            assert private not in text, (need, private)
        if not discreet:
            assert not any(squash(line) in text for line in desk.wording.silent_solution)
            continue
        discreet_needs.add(need)
        assert pages == 1, (need, variant)
        reference = text.split("Your reference: ")[1].split()[0]
        assert_discreet(text, desk.wording, hub_phone="024 7697 8090", reference=reference)
        assert "Wood Side Family Hub" in text
        for line in desk.wording.discreet_steps:
            assert squash(line) in text
        for paragraph in routed.advice:
            assert squash(paragraph) not in text, (need, paragraph)
        for code in routed.actions:
            assert squash(desk.rules.actions[code].family) not in text, (need, code)
    assert "domestic_abuse" in discreet_needs
    if variant in ("high-risk-answer", "all-answers"):
        assert discreet_needs == set(desk.vocab.need.codes)
    else:
        assert "money_debt" not in discreet_needs and "missing_child" not in discreet_needs


@pytest.mark.parametrize("large_print", [False, True])
def test_every_discreet_rule_gives_a_discreet_sheet(desk: Desk, large_print: bool):
    discreet = [r for r in desk.rules.rules if r.discreet]
    assert len(discreet) >= 4
    for rule in discreet:
        routed = Route(
            pathway=rule.pathway or "advice",
            actions=rule.actions,
            hub="the_moat",
            rules_version=desk.rules.version,
            respond_within=rule.respond_within,
            trace=(TraceEntry(rule.id, rule.reason),),
            advice=(rule.advice,),
        )
        reference = desk.save(private_request(), routed)
        back = read_sheet(desk.pdf(reference, large_print=large_print))
        assert_discreet(back.text, desk.wording, hub_phone="024 7697 8036", reference=reference)
        assert squash(rule.advice) not in back.text
        if not large_print:
            assert back.pages == 1, rule.id


def test_a_blank_sheet_for_a_discreet_need_is_discreet(vocab, rules, wording):
    found = []
    for need in vocab.need.codes:
        sheet = general_sheet(need, vocab=vocab, rules=rules, wording=wording, on=DAY)
        back = read_sheet(sheet.pdf)
        assert back.pages == 1
        if not sheet.discreet:
            continue
        found.append(need)
        hub = vocab.hub_by_code("harmony")
        assert_discreet(back.text, wording, hub_phone=hub.phone, reference="")
        assert wording.discreet_blank_title in back.text
        assert squash(vocab.need.label(need)) not in back.text
        for line in wording.discreet_blank_steps:
            assert squash(line) in back.text
    assert set(found) == {"domestic_abuse", "child_exploitation", "gang_radicalisation"}


# --- Deciding from what was stored ------------------------------------------------------


def stored_route(pathway: str, rule_id: str, rules: RuleSet) -> Route:
    """A route saved under older rules: its trace names ``rule_id``, its actions and advice
    are the domestic abuse rules' (which a discreet sheet must not print)."""
    da = rules.rule("domestic-abuse-support")
    return Route(
        pathway=pathway,
        actions=(*da.actions, "mash_referral"),
        hub="harmony",
        rules_version="coventry-0.9",
        respond_within="the same working day",
        trace=(TraceEntry(rule_id, "An older reason."),),
        advice=(da.advice,),
    )


@pytest.mark.parametrize("pathway", ["social_care", "emergency"])
def test_a_rule_since_removed_on_an_urgent_route_is_discreet(desk: Desk, pathway: str):
    quiet = private_request("child_health")
    reference = desk.save(quiet, stored_route(pathway, "old-rule-since-removed", desk.rules))
    harmony = desk.vocab.hub_by_code("harmony")
    assert_discreet(
        desk.text(reference), desk.wording, hub_phone=harmony.phone, reference=reference
    )


def test_a_rule_since_removed_on_a_signpost_route_is_not_discreet_by_itself(desk: Desk):
    reference = desk.save(
        private_request("child_health"), stored_route("signpost", "old-rule", desk.rules)
    )
    assert desk.wording.never_printed_in(desk.text(reference))  # prints the stored advice


def test_the_request_routed_again_with_the_rules_in_use_decides_too(desk: Desk):
    """A domestic abuse request saved under a rule id the rules no longer have."""
    reference = desk.save(
        private_request("domestic_abuse"), stored_route("signpost", "old-da-rule", desk.rules)
    )
    harmony = desk.vocab.hub_by_code("harmony")
    assert_discreet(
        desk.text(reference), desk.wording, hub_phone=harmony.phone, reference=reference
    )


def test_staff_are_told_the_sheet_is_discreet(desk: Desk, wording: SheetWording):
    reference = desk.save(
        private_request("domestic_abuse"),
        stored_route("signpost", "domestic-abuse-support", desk.rules),
    )
    with desk.db.read() as s:
        sheet = request_sheet(s, reference, vocab=desk.vocab, rules=desk.rules, wording=wording)
    assert sheet.discreet is True
    assert "discreet" in wording.discreet_staff_note


# --- The renderer and the wording -------------------------------------------------------


def test_the_renderer_prints_no_advice_or_partner_on_a_discreet_sheet(typical: SheetData):
    data = replace(
        typical,
        discreet=True,
        advice=("Domestic abuse advice.",),
        partners=(PartnerDetails("Women's Aid", "Domestic abuse support."),),
    )
    text = read_sheet(build_sheet(data)).text
    assert "Women's Aid" not in text and "Domestic abuse" not in text
    assert typical.wording.heading_partners not in text


def test_a_discreet_text_may_not_use_a_word_it_must_never_print(resources: Path, tmp_path: Path):
    text = default_wording_file(resources).read_text(encoding="utf-8")
    old = 'blank_title = "Family Hubs: how we can help"'
    assert old in text
    path = tmp_path / "wording.toml"
    path.write_text(text.replace(old, 'blank_title = "Help with domestic abuse"'), encoding="utf-8")
    with pytest.raises(TriageError, match=r"'discreet\.blank_title' says 'domestic'"):
        load_wording(path)


def test_a_text_a_discreet_sheet_never_prints_may_use_one(resources: Path, tmp_path: Path):
    text = default_wording_file(resources).read_text(encoding="utf-8")
    old = 'partners = "Other services that can help"'
    path = tmp_path / "wording.toml"
    path.write_text(text.replace(old, 'partners = "Specialist services"'), encoding="utf-8")
    assert load_wording(path).heading_partners == "Specialist services"
