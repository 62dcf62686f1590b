"""The advice sheet never names a safeguarding concern: a family's sheet may be found by the
person they need protecting from.

For each concern a request is routed for real (the shipped rules) and saved, its sheet is
read back from the PDF, and no concern's label, nor any word that names what is feared, may
appear; the sheet must still give the hub, the reference and the emergency block.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from tests.sheets.pdfread import squash
from tests.sheets.test_discreet_sheet import sheet_of
from tests.sheets.test_sheet_for_request import Desk, private_request
from triage_app.domain.vocabulary import Vocabularies
from triage_app.pathways.floors import DISCREET_CONCERNS

#: Words that name a concern however it is phrased; whole words, any case.
SENSITIVE = (
    "abuse", "abused", "abusive", "neglect", "neglected", "exploitation", "exploited",
    "grooming", "groomed", "FGM", "genital", "mutilation", "forced marriage", "honour",
    "self-harm", "self harm", "suicide", "suicidal", "fostering", "fostered", "homeless",
    "sexual", "sexually", "pregnant", "pregnancy", "underage", "under-16", "injury",
    "safeguarding", "MASH", "social care", "child protection",
)  # fmt: skip
#: Said openly to a family whose concern endangers nobody if the sheet is found (neglect,
#: self-harm, private fostering, a homeless 16- or 17-year-old): the service is honest with
#: the family that it is talking to Children's Social Care, or must by law, and the housing
#: service's entry says what it helps with.
OPEN_WITH_THE_FAMILY = ("safeguarding", "social care", "homeless")


@pytest.fixture
def desk(db, vocab, rules, wording, actor, now) -> Desk:
    return Desk(db, vocab, rules, wording, actor, now)


def _found(text: str, words: tuple[str, ...]) -> list[str]:
    return [w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text, re.IGNORECASE)]


def _labels(vocab: Vocabularies) -> tuple[str, ...]:
    return tuple(vocab.concern.label(code) for code in vocab.concern.codes)


@pytest.mark.parametrize("teenager", [False, True])
def test_no_sheet_names_a_concern(desk: Desk, teenager: bool) -> None:
    labels = _labels(desk.vocab)
    for concern in desk.vocab.concern.codes:
        req = replace(private_request("child_behaviour"), concerns=(concern,), hub="woodside")
        if teenager:
            req = replace(req, children=(replace(req.children[0], age_years=15),))
        text, _discreet, _pages, _route = sheet_of(desk, req)
        assert [label for label in labels if squash(label) in text] == [], concern
        words = (
            SENSITIVE
            if concern in DISCREET_CONCERNS
            else tuple(w for w in SENSITIVE if w not in OPEN_WITH_THE_FAMILY)
        )
        assert _found(text, words) == [], concern
        assert "Phone: 024 7697 8090" in text and "Wood Side Family Hub" in text, concern
        assert re.search(r"Your reference: HH-\w{4}-\w{4}", text), concern
        for line in desk.wording.emergency:
            assert squash(line) in text, concern
        assert "999" in text


def test_the_words_are_searched_as_words() -> None:
    assert _found("Self-harm; NEGLECT.", SENSITIVE) == ["neglect", "self-harm"]
    assert _found("Abusers aside, a homelessness charity", ("abuse", "homeless")) == []
