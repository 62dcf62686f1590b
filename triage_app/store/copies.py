"""The link between a request and the earlier one its details were copied from, both ways."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, aliased

from triage_app.store.link_models import RequestCopy
from triage_app.store.models import Request


@dataclass(frozen=True)
class CopyLinks:
    """Where a request's details came from (a reference), and the requests started from it."""

    copied_from: str | None = None
    copied_into: tuple[str, ...] = ()


def link_copy(session: Session, reference: str, copied_from: str, *, now: datetime) -> bool:
    """Record that ``reference`` was started from ``copied_from``'s details.

    Returns False, and records nothing, when the earlier request is not there (any more):
    the link is a convenience for readers, never a reason to refuse a request being saved.
    """
    rows = session.execute(
        select(Request.reference, Request.id).where(Request.reference.in_((reference, copied_from)))
    )
    ids = {ref: request_id for ref, request_id in rows}
    if reference == copied_from or len(ids) != 2:
        return False
    session.execute(
        insert(RequestCopy).values(
            request_id=ids[reference], copied_from_id=ids[copied_from], created_at=now
        )
    )
    return True


def copy_links(session: Session, request_id: int) -> CopyLinks:
    """The request a request was copied from, and those copied from it (oldest first)."""
    earlier, later = aliased(Request), aliased(Request)
    source = session.execute(
        select(earlier.reference)
        .join(RequestCopy, RequestCopy.copied_from_id == earlier.id)
        .where(RequestCopy.request_id == request_id)
    ).scalar_one_or_none()
    into = session.execute(
        select(later.reference)
        .join(RequestCopy, RequestCopy.request_id == later.id)
        .where(RequestCopy.copied_from_id == request_id)
        .order_by(RequestCopy.created_at, later.id)
    ).scalars()
    return CopyLinks(source, tuple(into))
