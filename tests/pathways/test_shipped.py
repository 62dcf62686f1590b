"""The shipped data: it loads, covers every need, and invents no contact details."""

from __future__ import annotations

import re
from pathlib import Path

from triage_app.domain.vocabulary import Vocabularies
from triage_app.pathways import RuleSet, default_rules_dir, load_rules
from triage_app.pathways.coverage import uncovered_needs

#: A run of digits that looks like a phone number (999 is the one number the rules may give).
PHONE_LIKE = re.compile(r"\d[\d ]{5,}\d")


def test_every_shipped_rule_folder_loads(resources: Path, vocab: Vocabularies) -> None:
    folders = [p.parent for p in (resources / "pathways").glob("actions.toml")]
    assert folders == [default_rules_dir(resources)]
    for folder in folders:
        assert load_rules(folder, vocab).rules


def test_every_presenting_need_has_guidance(rules: RuleSet, vocab: Vocabularies) -> None:
    assert uncovered_needs(rules, vocab) == []
    assert len(vocab.need) == 27


def test_every_rule_gives_the_family_advice_and_staff_a_reason(rules: RuleSet) -> None:
    for rule in rules.rules:
        assert rule.reason and rule.advice, rule.id


def test_no_partner_has_an_invented_phone_number(rules: RuleSet) -> None:
    for partner in rules.partners.values():
        seed = partner.seed
        assert not seed.phone.value, f"{partner.code}: the sources give no partner's number"
        assert not PHONE_LIKE.search(seed.hint), partner.code
        assert seed.hint, f"{partner.code}: say how to get the number"


def test_every_partner_and_action_is_used(rules: RuleSet) -> None:
    used_actions = {a for r in rules.rules for a in r.actions}
    contract = {
        "call_999",
        "mash_referral",
        "return_home_interview",
        "safeguarding_consultation",
        "marac_referral",
    }
    assert set(rules.actions) - used_actions - contract == set()
    used_partners = {a.partner for a in rules.actions.values() if a.partner}
    assert set(rules.partners) == used_partners


def test_the_postcode_table_awaits_confirmation_and_names_every_hub(
    rules: RuleSet, vocab: Vocabularies
) -> None:
    assert rules.areas.confirmed is False
    mapped = {*rules.areas.sectors.values(), *rules.areas.districts.values()}
    assert mapped == set(vocab.hub.codes)
