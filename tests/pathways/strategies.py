"""Hypothesis strategies for requests, drawn from the vocabularies (never spelt by hand)."""

from __future__ import annotations

import os

from hypothesis import settings
from hypothesis import strategies as st

from triage_app.domain.request import Answers, Child, TriageRequest
from triage_app.domain.vocabulary import Vocabularies
from triage_app.pathways import RuleSet

#: The profile the property tests run under (see conftest.py).
PROFILE = settings(settings.get_profile(os.environ.get("PATHWAYS_PROFILE", "pathways")))

#: Ages at and around every edge of the hubs' range (19/20, 24/25 with SEND).
EDGE_AGES = (0, 1, 4, 5, 10, 11, 15, 16, 18, 19, 20, 23, 24, 25, 30)

answers_st = st.builds(
    Answers,
    immediate_danger=st.sampled_from([True, False, None]),
    significant_harm=st.sampled_from([True, False, None]),
    domestic_abuse_high_risk=st.sampled_from([True, False, None]),
)

child_st = st.one_of(
    st.builds(Child, unborn=st.just(True)),
    st.builds(
        Child,
        age_years=st.one_of(st.sampled_from(EDGE_AGES), st.integers(0, 60)),
        send=st.booleans(),
    ),
)


def postcode_st(rules: RuleSet) -> st.SearchStrategy[str | None]:
    known = sorted({*rules.areas.sectors, *rules.areas.districts})
    return st.one_of(
        st.none(),
        st.sampled_from(known),
        st.builds(
            lambda d, s, u, spaced: f"cv{d}{' ' if spaced else ''}{s}{u}",
            st.integers(1, 13),
            st.integers(0, 9),
            st.sampled_from(["AA", "hd", "Qz"]),
            st.booleans(),
        ),
        st.text(max_size=10),
    )


def requests_st(vocab: Vocabularies, rules: RuleSet) -> st.SearchStrategy[TriageRequest]:
    """Requests of every shape routing accepts: any codes, children, answers and consent."""
    return st.builds(
        TriageRequest,
        contact_method=st.sampled_from(vocab.contact_method.codes),
        source=st.sampled_from(vocab.source.codes),
        needs=st.lists(st.sampled_from(vocab.need.codes), min_size=1, max_size=5, unique=True).map(
            tuple
        ),
        consent=st.sampled_from(vocab.consent.codes),
        children=st.lists(child_st, max_size=4).map(tuple),
        send=st.booleans(),
        answers=answers_st,
        postcode=postcode_st(rules),
        hub=st.one_of(st.none(), st.sampled_from(vocab.hub.codes)),
    )
