"""A :class:`Maker` makes what the constructor makes, and refuses what it refuses."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

import pytest

from triage_app.domain.frozen import Maker
from triage_app.domain.request import Answers, Child, TriageRequest
from triage_app.domain.route import Route, TraceEntry, route_of

GIVEN: dict[str, Any] = {
    "contact_method": "telephone",
    "source": "education",
    "needs": ("money_debt",),
    "consent": "given",
    "children": (Child(age_years=4),),
    "answers": Answers(significant_harm=False),
    "postcode": "CV6 1HD",
}
#: A maker of the richest frozen value, with defaults, nested values and tuples.
request_of = Maker(TriageRequest)


def test_same_request_as_the_constructor() -> None:
    made, built = request_of(GIVEN), TriageRequest(**GIVEN)
    assert made == built
    assert hash(made) == hash(built)
    for f in fields(TriageRequest):
        assert getattr(made, f.name) == getattr(built, f.name)
    assert vars(made) == vars(built)


def test_still_frozen() -> None:
    made = request_of(GIVEN)
    with pytest.raises(AttributeError):
        made.hub = "mosaic"  # type: ignore[misc]


@pytest.mark.parametrize(
    "given",
    [
        {**GIVEN, "surname": "x"},  # not a field
        {k: v for k, v in GIVEN.items() if k != "source"},  # a required field left out
    ],
)
def test_refused_as_the_constructor_refuses(given: dict[str, Any]) -> None:
    with pytest.raises(TypeError) as made:
        request_of(given)
    with pytest.raises(TypeError) as built:
        TriageRequest(**given)
    assert str(made.value) == str(built.value)


def test_a_route_as_the_constructor_makes_it() -> None:
    given: dict[str, Any] = {
        "pathway": "signpost",
        "actions": ("see_gp",),
        "hub": None,
        "rules_version": "v1",
        "respond_within": None,
        "trace": (TraceEntry("r", "why"),),
    }
    assert vars(route_of(given)) == vars(Route(**given))
    assert route_of(given) == Route(**given)


@dataclass(frozen=True, slots=True)
class _Slotted:
    a: int


@dataclass(frozen=True)
class _Checked:
    a: int

    def __post_init__(self) -> None:
        if self.a < 0:
            raise ValueError(self.a)


@dataclass(frozen=True)
class _Factory:
    a: list[int] = field(default_factory=list)


@pytest.mark.parametrize("cls", [_Slotted, _Checked, _Factory, int])
def test_refuses_a_class_its_constructor_does_more_for(cls: type) -> None:
    with pytest.raises(TypeError):
        Maker(cls)
