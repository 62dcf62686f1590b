"""Which details of an earlier request a new one starts from, and children's ages for today."""

from __future__ import annotations

from datetime import UTC, date, datetime

from triage_app.domain.ages import child_age
from triage_app.domain.copying import details_to_copy
from triage_app.domain.request import Answers, Child, Family, Referrer, TriageRequest

THEN = datetime(2025, 1, 10, 9, 0, tzinfo=UTC)
TODAY = date(2026, 3, 16)

EARLIER = TriageRequest(
    contact_method="email",
    source="education",
    needs=("housing_rent", "money_debt"),
    consent="given",
    children=(
        Child(first_name="Ola", last_name="Nowak", date_of_birth=date(2019, 2, 1), gender="female"),
        Child(first_name="Tymon", last_name="Nowak", age_years=7),
        Child(unborn=True),
    ),
    answers=Answers(False, True, False),
    postcode="CV2 1EQ",
    hub="the_moat",
    family=Family(
        first_name="Ewa",
        last_name="Nowak",
        address="1 Synthetic Row",
        phone="07700 900999",
        language="Polish",
        interpreter=True,
        withhold_address=True,
    ),
    referrer=Referrer(name="A Teacher", organisation="A School"),
    narrative="what they said then",
    concerns=("neglect",),
)


def test_family_and_children_are_copied_and_the_conversation_is_not():
    copied = details_to_copy("HH-AAAA-BBBB", EARLIER, THEN, TODAY)
    assert copied.family == EARLIER.family
    assert (copied.postcode, copied.hub) == ("CV2 1EQ", "the_moat")
    assert [c.child.first_name for c in copied.children] == ["Ola", "Tymon", None]
    # Nothing of the earlier conversation: who asked, needs, concerns, answers, narrative.
    assert not hasattr(copied, "needs") and not hasattr(copied, "referrer")
    assert "family.withhold_address" in copied.fields
    assert "family.email" not in copied.fields  # not given, so nothing to confirm
    assert "children[0].gender" in copied.fields
    assert "children[1].gender" not in copied.fields


def test_ages_are_for_today():
    copied = details_to_copy("HH-AAAA-BBBB", EARLIER, THEN, TODAY)
    ola, tymon, unborn = copied.children
    assert child_age(ola.child, TODAY) == 7  # from the date of birth, as always
    assert tymon.child.age_years == 8  # 7 then, a whole year and more ago
    assert unborn.child.unborn and unborn.unborn_on == THEN.date()
    assert "children[2].unborn" in copied.fields


def test_an_age_given_days_ago_is_not_moved_on():
    copied = details_to_copy("HH-AAAA-BBBB", EARLIER, datetime(2026, 3, 1, tzinfo=UTC), TODAY)
    assert copied.children[1].child.age_years == 7
