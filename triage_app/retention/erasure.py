"""Erasing one request's personal data, where that is lawful, with a reason, recorded.

Every version of the request loses what identifies a person: names (and their matching keys),
address, phone, email, the referrer's name and contact details, the narrative, who called
999 and the police reference, and each child's name and date of birth. A child's age at the
time is kept (worked out from the date of birth if only that was given), with the codes the
monthly figures count: contact method, source, needs, concerns, pathway, hub, consent,
gender, ethnicity, SEND and the route's actions. The
request keeps its reference, so the audit trail still makes sense; the ``erase`` audit entry
records who erased it and why. What was already exported to the central system is not
reached from here: the service must ask for it to be erased there too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from triage_app.domain.actor import Actor
from triage_app.errors import InvalidInput, Problem
from triage_app.services.reference_access import check_reference
from triage_app.store import audit, figure_counts, rereferrals
from triage_app.store.life_models import ContactAttempt, PathwayOverride, RequestNote, StatusChange
from triage_app.store.lookup_models import NameWord
from triage_app.store.models import Request, RequestVersion
from triage_app.store.references import normalise_reference
from triage_app.store.requests import UnknownReference
from triage_app.store.version_models import ActionRow, ChildRow

ERASE = "erase"
#: The role's action (``docs/access.md``).
ERASE_RECORD = "erase_record"

#: Columns of every version cleared by erasure; all else on the version is codes and flags.
PERSONAL_VERSION_COLUMNS = (
    "referrer_name",
    "referrer_phone",
    "referrer_email",
    "family_first_name",
    "family_last_name",
    "family_last_name_key",
    "family_last_name_sound",
    "address",
    "postcode",
    "postcode_key",
    "phone",
    "phone_key",
    "email",
    "narrative",
    "emergency_called_by",
    "emergency_police_reference",
)
PERSONAL_CHILD_COLUMNS = (
    "first_name",
    "last_name",
    "first_name_key",
    "last_name_key",
    "last_name_sound",
    "date_of_birth",
)


@dataclass(frozen=True)
class Erased:
    """What was erased: the request and how many versions and children were cleared."""

    reference: str
    versions: int
    children: int
    exported: bool


def _age(born: date | None, on: datetime) -> int | None:
    if born is None:
        return None
    day = on.date()
    return max(0, day.year - born.year - ((day.month, day.day) < (born.month, born.day)))


def erase_request(
    session: Session, reference: str, *, reason: str, actor: Actor, now: datetime
) -> Erased:
    """Remove the personal data of every version of one request; audited with ``reason``.

    Raises:
        NotPermitted: the actor's role may not erase a record.
        InvalidInput: no reason was given.
        UnknownReference: no request has this reference.
    """
    reference = check_reference(session, reference, actor=actor, action=ERASE_RECORD, now=now)
    if not reason.strip():
        raise InvalidInput([Problem("reason", "say why this record is being erased")])
    reference = normalise_reference(reference)
    rereferrals.serialise(session)  # before the request's row lock (see ``serialise``)
    request = session.execute(
        select(Request).where(Request.reference == reference).with_for_update()
    ).scalar_one_or_none()
    if request is None:
        raise UnknownReference(f"no request has the reference {reference}")
    versions = session.execute(
        select(RequestVersion.id, RequestVersion.received_at, RequestVersion.export_batch_id).where(
            RequestVersion.request_id == request.id
        )
    ).all()
    # Without its names and keys the request matches no other: worked out again afterwards,
    # for it and for the later requests it was the earlier request of.
    touched = list(session.scalars(rereferrals.affected([v for v, _r, _b in versions])))
    counted = figure_counts.changing(session, [v for v, _r, _b in versions])
    children = 0
    for version_id, received_at, _batch in versions:
        for child in session.execute(
            select(ChildRow).where(ChildRow.version_id == version_id)
        ).scalars():
            if child.age_years is None:
                child.age_years = _age(child.date_of_birth, received_at)
            for column in PERSONAL_CHILD_COLUMNS:
                setattr(child, column, None)
            children += 1
    # The words of its names go with them: nothing left for a search to find it by.
    session.execute(delete(NameWord).where(NameWord.version_id.in_([v for v, _r, _b in versions])))
    session.execute(
        update(RequestVersion)
        .where(RequestVersion.request_id == request.id)
        .values(dict.fromkeys(PERSONAL_VERSION_COLUMNS))
        .execution_options(synchronize_session=False)
    )
    _erase_life_words(session, request.id)
    session.flush()
    rereferrals.recount(session, touched)
    figure_counts.changed(session, [v for v, _r, _b in versions], counted)
    audit.append(session, actor, ERASE, at=now, record_ref=reference, reason=reason.strip())
    exported = any(batch is not None for _v, _r, batch in versions)
    return Erased(reference, len(versions), children, exported)


#: Words staff wrote about the family after the front door: blanked with the rest. The
#: database lets an append-only row change only this way (``store.life_guard``).
LIFE_WORDS: tuple[tuple[type[Any], tuple[str, ...]], ...] = (
    (RequestNote, ("text",)),
    (ContactAttempt, ("note",)),
    (StatusChange, ("reason", "mash_decision")),
    (PathwayOverride, ("reason", "decision_note")),
)


def _erase_life_words(session: Session, request_id: int) -> None:
    versions = select(RequestVersion.id).where(RequestVersion.request_id == request_id)
    session.execute(
        update(ActionRow)
        .where(ActionRow.version_id.in_(versions))
        .values(note=None)
        .execution_options(synchronize_session=False)
    )
    for model, columns in LIFE_WORDS:
        session.execute(
            update(model)
            .where(model.request_id == request_id)
            .values(dict.fromkeys(columns))
            .execution_options(synchronize_session=False)
        )
