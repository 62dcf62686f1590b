"""Hypothesis strategies for requests, drawn from the vocabularies (never spelt by hand)."""

from __future__ import annotations

import os
from datetime import date, timedelta

from hypothesis import settings
from hypothesis import strategies as st

from triage_app.domain.request import Answers, Child, TriageRequest
from triage_app.domain.vocabulary import Vocabularies
from triage_app.pathways import RuleSet

#: The profile the property tests run under (see conftest.py).
PROFILE = settings(settings.get_profile(os.environ.get("PATHWAYS_PROFILE", "pathways")))

#: Ages at and around every edge: under-13 (underage sexual activity), 15/16 (under 16,
#: homeless 16/17), 19/20 (the hubs' range), 24/25 (with SEND).
EDGE_AGES = (0, 1, 4, 5, 10, 11, 12, 13, 15, 16, 17, 18, 19, 20, 23, 24, 25, 30)
#: Birthdays that fall on the routing day or either side of it, at those edges.
EDGE_BIRTHDAYS = (13, 16, 20, 25)

answers_st = st.builds(
    Answers,
    immediate_danger=st.sampled_from([True, False, None]),
    significant_harm=st.sampled_from([True, False, None]),
    domestic_abuse_high_risk=st.sampled_from([True, False, None]),
)


def _born(years: int, days: int, on: date) -> date:
    """The day someone turns ``years`` on ``on`` + ``days`` (29 February falls to 1 March)."""
    day = on + timedelta(days=days)
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return date(day.year - years, 3, 1)


def child_st(on: date, *, ageless: bool = False) -> st.SearchStrategy[Child]:
    """A child: unborn, aged in years, or born on a day around an edge birthday.

    ``ageless`` also gives children named with no age yet (only a partial request has them).
    """
    options = [
        st.builds(Child, unborn=st.just(True)),
        st.builds(
            Child,
            age_years=st.one_of(st.sampled_from(EDGE_AGES), st.integers(0, 60)),
            send=st.booleans(),
        ),
        st.builds(
            Child,
            date_of_birth=st.builds(
                _born, st.sampled_from(EDGE_BIRTHDAYS), st.sampled_from([-1, 0, 1]), st.just(on)
            ),
            send=st.booleans(),
        ),
    ]
    if ageless:
        options.append(st.builds(Child, send=st.booleans()))
    return st.one_of(*options)


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
        # Anything a postcode box could hold: no NUL, which no column can store.
        st.text(st.characters(blacklist_characters="\x00"), max_size=10),
    )


def concerns_st(vocab: Vocabularies) -> st.SearchStrategy[tuple[str, ...]]:
    """No concern as often as some: most requests tick none."""
    some = st.lists(st.sampled_from(vocab.concern.codes), min_size=1, max_size=3, unique=True)
    return st.one_of(st.just(()), some.map(tuple))


#: Earlier requests in the last 365 days: around rule 13's threshold of two, and many.
earlier_st = st.one_of(st.sampled_from([0, 1, 2, 3]), st.integers(0, 40))


def requests_st(
    vocab: Vocabularies, rules: RuleSet, *, on: date | None = None
) -> st.SearchStrategy[TriageRequest]:
    """Complete requests of every shape routing accepts: any codes, children, answers, concerns."""
    day = on or date(2026, 3, 16)
    return st.builds(
        TriageRequest,
        contact_method=st.sampled_from(vocab.contact_method.codes),
        source=st.sampled_from(vocab.source.codes),
        needs=st.lists(st.sampled_from(vocab.need.codes), min_size=1, max_size=5, unique=True).map(
            tuple
        ),
        consent=st.sampled_from(vocab.consent.codes),
        children=st.lists(child_st(day), max_size=4).map(tuple),
        send=st.booleans(),
        answers=answers_st,
        postcode=postcode_st(rules),
        hub=st.one_of(st.none(), st.sampled_from(vocab.hub.codes)),
        concerns=concerns_st(vocab),
        children_unknown=st.booleans(),
        earlier_requests=earlier_st,
    )


def partial_requests_st(
    vocab: Vocabularies, rules: RuleSet, *, on: date | None = None
) -> st.SearchStrategy[TriageRequest]:
    """Requests that may lack needs, consent or a child's age (rule 10), often with a yes."""
    day = on or date(2026, 3, 16)
    return st.builds(
        TriageRequest,
        contact_method=st.sampled_from(vocab.contact_method.codes),
        source=st.sampled_from(vocab.source.codes),
        needs=st.lists(st.sampled_from(vocab.need.codes), max_size=2, unique=True).map(tuple),
        consent=st.one_of(st.none(), st.sampled_from(vocab.consent.codes)),
        children=st.lists(child_st(day, ageless=True), max_size=3).map(tuple),
        send=st.booleans(),
        answers=answers_st,
        postcode=st.none(),
        hub=st.none(),
        concerns=concerns_st(vocab),
        children_unknown=st.booleans(),
        earlier_requests=earlier_st,
    )
