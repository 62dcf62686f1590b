"""Re-referral look-ups: a child by name and date of birth, a family by surname with postcode
or by phone, within 12 months, most recent first."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from triage_app.domain.request import Answers, Child, Family, TriageRequest
from triage_app.services import rereferral
from triage_app.services.intake import take_request
from triage_app.services.rereferral import ChildKey, FamilyKey, earlier_requests, window_start
from triage_app.store.audit_models import AuditEntry

BASE = TriageRequest(
    contact_method="telephone",
    source="self_referral",
    needs=("housing_rent",),
    consent="given",
    children=(Child(first_name="Zoë", last_name="O'Neill", date_of_birth=date(2018, 5, 1)),),
    answers=Answers(False, False, False),
    postcode="CV6 1HD",
    family=Family(first_name="Ann", last_name="O'Neill", phone="024 7600 0001"),
)


def save(db, rules, vocab, actor, received, req=BASE):
    with db.write() as s:
        return take_request(
            s,
            replace(req, received_at=received),
            vocab=vocab,
            rules=rules,
            actor=actor,
            now=received,
        ).reference


def look(db, now, **keys):
    with db.read() as s:
        return earlier_requests(s, since=window_start(now), **keys)


def test_child_matches_on_folded_name_and_date_of_birth(db, rules, vocab, actor, now):
    ref = save(db, rules, vocab, actor, now - timedelta(days=30))
    found = look(db, now, children=[ChildKey("zoe", "o neill", date(2018, 5, 1))])
    assert [(r.reference, r.matched_on) for r in found] == [(ref, ("child",))]
    assert found[0].pathway and found[0].received_at == now - timedelta(days=30)
    assert look(db, now, children=[ChildKey("zoe", "o neill", date(2018, 5, 2))]) == []


def test_family_matches_on_surname_with_postcode_or_on_phone(db, rules, vocab, actor, now):
    ref = save(db, rules, vocab, actor, now - timedelta(days=3))
    by_postcode = look(db, now, family=FamilyKey(surname="ONEILL", postcode="cv61hd"))
    by_phone = look(db, now, family=FamilyKey(phone="+44 24 7600 0001"))
    assert [r.matched_on for r in by_postcode] == [("surname and postcode",)]
    assert [r.reference for r in by_phone] == [ref]
    both = look(db, now, family=FamilyKey("O'Neill", "CV6 1HD", "02476000001"))
    assert both[0].matched_on == ("surname and postcode", "phone")


def test_only_the_last_twelve_months_most_recent_first(db, rules, vocab, actor, now):
    save(db, rules, vocab, actor, now - timedelta(days=400))
    older = save(db, rules, vocab, actor, now - timedelta(days=200))
    newer = save(db, rules, vocab, actor, now - timedelta(days=2))
    found = look(db, now, family=FamilyKey(phone="024 7600 0001"))
    assert [r.reference for r in found] == [newer, older]
    with db.read() as s:
        assert [
            r.reference
            for r in earlier_requests(
                s,
                family=FamilyKey(phone="02476000001"),
                since=window_start(now),
                exclude_reference=newer,
            )
        ] == [older]


def test_every_child_and_the_family_in_one_look_up_on_each_database(
    any_db, rules, vocab, actor, now
):
    sibling = Child(first_name="Finn", last_name="Adair", date_of_birth=date(2016, 1, 9))
    other_family = replace(
        BASE,
        children=(sibling,),
        postcode="CV3 5AA",
        family=Family(first_name="Kim", last_name="Adair", phone="07700 900999"),
    )
    by_first_child = save(any_db, rules, vocab, actor, now - timedelta(days=40))
    by_sibling = save(any_db, rules, vocab, actor, now - timedelta(days=10), other_family)
    save(any_db, rules, vocab, actor, now - timedelta(days=500), other_family)  # too old
    typed = [
        ChildKey("Zoe", "O'Neill", date(2018, 5, 1)),
        ChildKey("Ivy", "Adair", date(2021, 7, 3)),  # named nowhere before
        ChildKey("FINN", "adair", date(2016, 1, 9)),
    ]
    found = look(any_db, now, children=typed, family=FamilyKey("Adair", "cv3 5aa", "07700900999"))
    assert [(r.reference, r.matched_on) for r in found] == [
        (by_sibling, ("child", "surname and postcode", "phone")),
        (by_first_child, ("child",)),
    ]
    with any_db.read() as s:
        assert earlier_requests(
            s, children=typed, since=window_start(now), exclude_reference=by_sibling
        ) == [found[1]]


def test_nothing_until_recognisable(db, rules, vocab, actor, now):
    save(db, rules, vocab, actor, now - timedelta(days=2))
    assert look(db, now, family=FamilyKey(phone="0247")) == []
    assert look(db, now, family=FamilyKey(surname="O'Neill")) == []
    assert look(db, now, children=[ChildKey("Zoë", "O'Neill", None)]) == []
    assert not rereferral.recognisable([ChildKey("Zoë", None, date(2018, 5, 1))], FamilyKey())


def test_window_start_is_twelve_months_back():
    assert window_start(datetime(2024, 2, 29, 9, tzinfo=UTC)) == datetime(
        2023, 2, 28, 9, tzinfo=UTC
    )
    assert window_start(datetime(2026, 3, 16, tzinfo=UTC)) == datetime(2025, 3, 16, tzinfo=UTC)


def test_opening_an_earlier_request_is_audited(db, rules, vocab, actor, now):
    ref = save(db, rules, vocab, actor, now - timedelta(days=2))
    with db.write() as s:
        stored = rereferral.open_earlier_request(s, ref, actor=actor, now=now)
    assert stored.reference == ref
    with db.read() as s:
        actions = s.execute(select(AuditEntry.action, AuditEntry.record_ref)).all()
    assert ("open_record", ref) in actions


def test_one_look_up_seeks_each_key_not_the_dates_of_all_requests(db) -> None:
    """One statement for all the keys; without statistics SQLite could walk every current
    version by date instead of seeking each key."""
    from datetime import UTC, date, datetime

    from sqlalchemy import event

    from triage_app.services.rereferral import ChildKey, FamilyKey, earlier_requests

    seen: list[tuple[str, object]] = []
    event.listen(db.engine, "before_cursor_execute", lambda c, cur, st, p, *a: seen.append((st, p)))
    with db.read() as s:
        earlier_requests(
            s,
            children=[ChildKey("Ruby", "Testwood", date(2019, 5, 1))],
            family=FamilyKey(surname="Testwood", postcode="CV2 1EQ", phone="07700 900123"),
            since=datetime(2025, 1, 1, tzinfo=UTC),
        )
        selects = [(st, p) for st, p in seen if st.lstrip().startswith("SELECT")]
        assert len(selects) == 1
        plan = " ".join(
            str(row[3])
            for row in s.connection().exec_driver_sql(
                f"EXPLAIN QUERY PLAN {selects[0][0]}", selects[0][1]
            )
        )
    assert "ix_children_first_dob" in plan
    assert "ix_request_versions_postcode_family" in plan
    assert "ix_request_versions_phone" in plan
    assert "current_received" not in plan
