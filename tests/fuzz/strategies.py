"""Hypothesis strategies for bad (and sometimes good) input: JSON values, near-valid requests."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

from triage_app.domain.request import Answers, Child, Family, Referrer, TriageRequest
from triage_app.domain.vocabulary import Vocabularies

VALID = {
    "contact_method": "telephone",
    "source": "self_referral",
    "needs": ["money_debt"],
    "children": [{"age_years": 8, "first_name": "Testy"}],
    "consent": "given",
    "postcode": "CV6 1HD",
    "answers": {"immediate_danger": False, "significant_harm": False,
                "domestic_abuse_high_risk": False},
    "family": {"last_name": "Fuzzworth"},
}  # fmt: skip

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def near_valid(draw: st.DrawFn) -> dict[str, Any]:
    """The valid request with a few fields replaced, removed or added."""
    data = json.loads(json.dumps(VALID))
    for _ in range(draw(st.integers(1, 3))):
        key = draw(st.sampled_from([*VALID, "unknown_field", "hub", "received_at", "narrative"]))
        change = draw(st.sampled_from(["replace", "remove", "nested"]))
        if change == "remove":
            data.pop(key, None)
        elif change == "nested" and isinstance(data.get(key), dict | list) and data[key]:
            inner = data[key]
            slot = draw(st.sampled_from(list(inner) if isinstance(inner, dict) else [0]))
            inner[slot] = draw(json_values)
        else:
            data[key] = draw(json_values)
    return data


def json_texts() -> st.SearchStrategy[str]:
    """Text a file might hold: JSON of anything, near-valid requests, or not JSON at all."""
    return st.one_of(
        json_values.map(json.dumps),
        near_valid().map(json.dumps),
        st.text(max_size=60),
        near_valid().map(lambda d: json.dumps(d)[: len(json.dumps(d)) // 2]),  # cut short
    )


def requests(vocab: Vocabularies) -> st.SearchStrategy[TriageRequest]:
    """Typed requests mixing real codes with wrong ones, odd ages and dates."""

    def code(vocabulary: Any) -> st.SearchStrategy[str]:
        return st.sampled_from([t.code for t in vocabulary.terms]) | st.text(max_size=12)

    optional_text = st.none() | st.text(max_size=30)
    child = st.builds(
        Child,
        age_years=st.none() | st.integers(-5, 130),
        unborn=st.booleans(),
        first_name=optional_text,
        last_name=optional_text,
        date_of_birth=st.none() | st.dates(),
        gender=st.none() | code(vocab.gender),
        ethnicity=st.none() | code(vocab.ethnicity),
        send=st.booleans(),
    )
    answer = st.none() | st.booleans()
    return st.builds(
        TriageRequest,
        contact_method=code(vocab.contact_method),
        source=code(vocab.source),
        needs=st.lists(code(vocab.need), max_size=4).map(tuple),
        consent=code(vocab.consent),
        children=st.lists(child, max_size=4).map(tuple),
        send=st.booleans(),
        answers=st.builds(Answers, answer, answer, answer),
        postcode=st.none()
        | st.sampled_from(["CV6 1HD", "cv2 1eq", "B1 1AA"])
        | st.text(max_size=9),
        hub=st.none() | code(vocab.hub),
        primary_need=st.none() | code(vocab.need),
        family=st.builds(Family, first_name=optional_text, last_name=optional_text),
        referrer=st.none() | st.builds(Referrer, name=optional_text),
        narrative=optional_text,
    )
