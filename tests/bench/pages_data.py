"""The data ``bench_pages.py`` works with: its staff, and one open request with a long history.

Written into the copy the benchmark is given, once: a later run over the same copy finds
them and adds nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from triage_app.domain.actor import Actor
from triage_app.domain.vocabulary import load_vocabularies
from triage_app.locations import resources_dir
from triage_app.services.assignment import assign_request
from triage_app.services.contact import add_note, record_attempt
from triage_app.store.access_models import Staff
from triage_app.store.database import Database
from triage_app.store.life_models import RequestNote
from triage_app.store.models import Request, RequestVersion

HUB = "woodside"
LEADER = Actor("bench.leader", role="team_leader", desk="bench-desk", hub=HUB)
RECEPTIONIST = Actor("bench.reception", role="receptionist", desk="bench-desk", hub=HUB)
ADMIN = Actor("bench.admin", role="administrator", desk="bench-desk", hub=HUB)


def add_staff(db: Database, now: datetime) -> None:
    """The staff the benchmark works as, so that assignments name real accounts.

    A demo database refuses accounts through ``accounts.users`` (nobody signs in to one), so
    the rows are written directly into this copy, with no usable password.
    """
    with db.write() as s:
        if s.scalar(select(Staff.id).where(Staff.username == ADMIN.username)) is not None:
            return
        for actor in (ADMIN, LEADER, RECEPTIONIST):
            s.add(
                Staff(
                    username=actor.username, display_name=actor.username, role=actor.role,
                    hub=actor.hub, password_hash="!", created_at=now, password_changed_at=now,
                )
            )  # fmt: skip


def long_history(db: Database, now: datetime, steps: int) -> tuple[str, str, str]:
    """The reference of the request with ``steps`` steps of life (given them the first time),
    and its family's surname and postcode (to type as a caller's)."""
    with db.read() as s:
        found = s.execute(
            select(Request.reference)
            .join(RequestNote, RequestNote.request_id == Request.id)
            .where(RequestNote.author == LEADER.username)
            .group_by(Request.reference)
            .having(func.count() >= steps // 3)
        ).first()
        reference = found[0] if found else None
        if reference is None:
            reference = s.execute(
                select(Request.reference)
                .join(RequestVersion, RequestVersion.request_id == Request.id)
                .where(
                    RequestVersion.is_current,
                    RequestVersion.status == "open",
                    RequestVersion.hub == HUB,
                    RequestVersion.family_last_name.is_not(None),
                    RequestVersion.postcode.is_not(None),
                )
                .order_by(RequestVersion.received_at.desc())
                .limit(1)
            ).scalar_one()
    if found is None:
        give_life(db, reference, now, steps)
    with db.read() as s:
        surname, postcode = s.execute(
            select(RequestVersion.family_last_name, RequestVersion.postcode)
            .join(Request, Request.id == RequestVersion.request_id)
            .where(Request.reference == reference, RequestVersion.is_current)
        ).one()
    return reference, surname, postcode


def give_life(db: Database, reference: str, now: datetime, steps: int) -> None:
    vocab = load_vocabularies(resources_dir())
    methods = list(vocab.attempt_method.codes)
    start = now - timedelta(minutes=steps + 1)
    for i in range(steps):
        at = start + timedelta(minutes=i)
        with db.write() as s:
            if i % 3 == 0:
                note = f"Synthetic note {i}: called back, left word."
                add_note(s, reference, note, actor=LEADER, now=at)
            elif i % 3 == 1:
                record_attempt(
                    s, reference, method=methods[i % len(methods)], reached=i % 2 == 0,
                    actor=LEADER, now=at, vocab=vocab, note=f"Synthetic attempt {i}",
                )  # fmt: skip
            else:
                to = (LEADER, RECEPTIONIST)[i % 2].username
                assign_request(s, reference, to=to, actor=LEADER, now=at)
    print(f"gave {reference} {steps} steps of life", flush=True)
