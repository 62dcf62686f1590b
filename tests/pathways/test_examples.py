"""The shipped rule set's worked examples, each a test, including the leaflet's situations."""

from __future__ import annotations

import pytest

from triage_app.domain.vocabulary import load_vocabularies
from triage_app.locations import resources_dir
from triage_app.pathways import default_rules_dir, load_rules, route
from triage_app.pathways.examples import Example, examples_path, load_examples, run_example

VOCAB = load_vocabularies(resources_dir())
RULES = load_rules(default_rules_dir(), VOCAB)
EXAMPLES, PROBLEMS = load_examples(examples_path(RULES), RULES, VOCAB)


def test_every_example_reads() -> None:
    assert PROBLEMS == []
    assert len(EXAMPLES) >= 20


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_worked_example(example: Example) -> None:
    assert run_example(example, RULES) == []


def test_the_leaflets_three_situations_are_worked_examples() -> None:
    leaflet = [e for e in EXAMPLES if e.name.startswith("leaflet:")]
    assert len(leaflet) == 3


def _example(name_start: str) -> Example:
    return next(e for e in EXAMPLES if e.name.startswith(name_start))


def test_tantrums_alone_get_the_parenting_offer_on_the_sheet() -> None:
    ex = _example("leaflet: a seven-year-old")
    got = route(ex.request, RULES, on=ex.on)
    assert got.pathway == "advice"
    assert any("parenting" in a for a in got.advice)
    assert any("Routines" in a for a in got.advice)
    assert got.respond_within == "10 working days"


def test_the_sixteen_year_old_is_told_about_youth_work_and_c_card() -> None:
    ex = _example("leaflet: a sixteen-year-old")
    got = route(ex.request, RULES, on=ex.on)
    sheet = " ".join(got.advice)
    assert "youth worker" in sheet
    assert "C-Card" in sheet


def test_a_failing_example_says_what_differs() -> None:
    ex = _example("leaflet: a seven-year-old")
    wrong = Example(**{**ex.__dict__, "pathway": "early_help", "hub": "mosaic"})
    found = run_example(wrong, RULES)
    assert found[0].startswith("expected pathway 'early_help', got 'advice'")
    assert "expected hub 'mosaic'" in found[1]


def test_a_wrong_expectation_of_discretion_is_reported() -> None:
    ex = _example("high-risk domestic abuse")
    assert ex.discreet is True
    wrong = Example(**{**ex.__dict__, "discreet": False})
    assert run_example(wrong, RULES) == ["expected a sheet that is not discreet, got the other"]


def test_the_examples_say_which_sheets_are_discreet() -> None:
    said = {e.name: e.discreet for e in EXAMPLES if e.discreet is not None}
    assert sum(said.values()) >= 5 and list(said.values()).count(False) >= 3
