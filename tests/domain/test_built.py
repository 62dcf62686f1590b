"""A route's JSON is checked and built into the request in one pass, as the dictionary way built it.

``parse_request_json`` has pydantic build the request, its children and its answers as it
checks the text (:mod:`triage_app.domain.built`); ``parse_request`` checks a decoded object
and builds the request from the dictionaries. Both must give the same request, and refuse
what is not a key of the route's shape in the same words.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter
from typing_extensions import TypedDict

from triage_app.domain.built import building
from triage_app.domain.request import Answers, Child, TriageRequest
from triage_app.domain.vocabulary import load_vocabularies
from triage_app.domain.wire import parse_request, parse_request_json
from triage_app.errors import InvalidInput
from triage_app.locations import resources_dir

VOCAB = load_vocabularies(resources_dir())
_ANSWERS = ("immediate_danger", "significant_harm", "domestic_abuse_high_risk")
EXAMPLES = settings(max_examples=200, deadline=None)


def _maybe(draw: st.DrawFn, data: dict[str, Any], key: str, values: st.SearchStrategy[Any]) -> None:
    if draw(st.booleans()):
        data[key] = draw(values)


@st.composite
def route_inputs(draw: st.DrawFn) -> dict[str, Any]:
    """A valid input of ``route``'s shape, with any of its optional keys left out."""
    codes = st.sampled_from
    data: dict[str, Any] = {
        "contact_method": draw(codes(VOCAB.contact_method.codes)),
        "source": draw(codes(VOCAB.source.codes)),
    }
    child = st.fixed_dictionaries(
        {}, optional={"age_years": st.none() | st.integers(0, 130), "unborn": st.booleans()}
    )
    answers = st.fixed_dictionaries({}, optional={a: st.none() | st.booleans() for a in _ANSWERS})
    _maybe(draw, data, "needs", st.lists(codes(VOCAB.need.codes), max_size=3, unique=True))
    _maybe(draw, data, "consent", st.none() | codes(VOCAB.consent.codes))
    _maybe(draw, data, "children", st.lists(child, max_size=3))
    _maybe(draw, data, "answers", answers)
    _maybe(draw, data, "concerns", st.lists(codes(VOCAB.concern.codes), max_size=2))
    _maybe(draw, data, "send", st.booleans())
    _maybe(draw, data, "children_unknown", st.booleans())
    _maybe(draw, data, "earlier_requests", st.integers(0, 5))
    _maybe(draw, data, "postcode", st.none() | st.sampled_from(["CV6 1HD", "cv2", "x"]))
    _maybe(draw, data, "hub", st.none() | codes(VOCAB.hub.codes))
    return data


@EXAMPLES
@given(data=route_inputs())
def test_the_request_built_while_checking_is_the_one_built_from_dictionaries(
    data: dict[str, Any],
) -> None:
    built = parse_request_json(json.dumps(data))
    assert built == parse_request(data)
    assert type(built.needs) is tuple and type(built.children) is tuple
    assert all(type(c) is Child for c in built.children)
    assert type(built.answers) is Answers


@pytest.mark.parametrize("key", ["narrative", "family", "primary_need", "no_contact_reason"])
def test_a_request_field_that_is_no_key_of_the_route_shape_is_unknown(key: str) -> None:
    text = json.dumps({"contact_method": "telephone", "source": "police", key: None})
    with pytest.raises(InvalidInput) as refused:
        parse_request_json(text)
    assert [str(p) for p in refused.value.problems] == [f"{key}: unknown field"]


def test_a_childs_field_that_is_no_key_of_the_route_shape_is_unknown() -> None:
    text = json.dumps(
        {"contact_method": "telephone", "source": "police", "children": [{"send": True}, 3]}
    )
    with pytest.raises(InvalidInput) as refused:
        parse_request_json(text)
    assert [str(p) for p in refused.value.problems] == [
        "children[0].send: unknown field",
        "children[1]: input should be an object",
    ]


class _Stray(TypedDict, total=False):
    colour: str


class _Optional(TypedDict, total=False):
    source: str


def test_a_shape_and_a_domain_value_that_do_not_match_are_refused_at_import() -> None:
    with pytest.raises(TypeError, match="no field colour"):
        building(TypeAdapter(_Stray).core_schema, TriageRequest)
    with pytest.raises(TypeError, match="source: an optional key needs a default"):
        building(TypeAdapter(_Optional).core_schema, TriageRequest)
