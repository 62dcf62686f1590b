"""The advice sheet as use cases: for a saved request, for a presenting need, and "printed".

The window and ``triage-app sheet`` both come through here. The caller opens the session
(one per user action) and passes it in; these functions return bytes, never live ORM objects.
Printing or saving a family's sheet is recorded in the audit trail with
:func:`record_sheet_printed`, in the same session, by reference only.

:func:`request_sheet` and :func:`general_sheet` also say whether the sheet is discreet, so
that staff can be told (``SheetWording.discreet_staff_note``): a discreet sheet does not say
what the family asked for help with, and staff tell them the rest in person if it is safe.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from triage_app.domain.actor import Actor
from triage_app.domain.directory import Directory
from triage_app.domain.vocabulary import Vocabularies
from triage_app.pathways import RuleSet
from triage_app.sheets.assemble import blank_sheet_data, request_sheet_data
from triage_app.sheets.render import build_sheet
from triage_app.sheets.wording import SheetWording
from triage_app.store import audit
from triage_app.store.directory import load_directory
from triage_app.store.stored import load_request

#: The audit action for a family's sheet printed or saved as a PDF.
PRINT_SHEET = "print_sheet"


@dataclass(frozen=True)
class Sheet:
    """A sheet as PDF bytes, and whether it is discreet (for the note to staff)."""

    pdf: bytes
    discreet: bool


def request_sheet(
    session: Session,
    reference: str,
    *,
    vocab: Vocabularies,
    rules: RuleSet,
    wording: SheetWording,
    large_print: bool = False,
    fonts: Path | None = None,
    discreet: bool = False,
) -> Sheet:
    """The advice sheet for the current version of a saved request, and its discretion.

    ``discreet``: discreet whatever the route (staff's choice; see ``request_sheet_data``).

    Raises:
        UnknownReference: no request has this reference.
    """
    stored = load_request(session, reference)
    data = request_sheet_data(
        stored.request,
        stored.route,
        reference=stored.reference,
        received=stored.request.received_at or stored.created_at,
        vocab=vocab,
        rules=rules,
        wording=wording,
        large_print=large_print,
        directory=load_directory(session),
        discreet=discreet,
    )
    return Sheet(build_sheet(data, fonts=fonts), data.discreet)


def general_sheet(
    need: str,
    *,
    vocab: Vocabularies,
    rules: RuleSet,
    wording: SheetWording,
    on: date,
    large_print: bool = False,
    fonts: Path | None = None,
    directory: Directory | None = None,
) -> Sheet:
    """A blank pathway sheet for a presenting need, and its discretion.

    ``directory``: the services directory as the database holds it (without one, as
    ``resources/`` seeds it).

    Raises:
        InvalidInput: ``need`` is not a presenting need.
    """
    data = blank_sheet_data(
        need,
        vocab=vocab,
        rules=rules,
        wording=wording,
        on=on,
        large_print=large_print,
        directory=directory,
    )
    return Sheet(build_sheet(data, fonts=fonts), data.discreet)


def blank_sheet(
    need: str,
    *,
    vocab: Vocabularies,
    rules: RuleSet,
    wording: SheetWording,
    on: date,
    large_print: bool = False,
    fonts: Path | None = None,
    directory: Directory | None = None,
) -> bytes:
    """A blank pathway sheet (PDF bytes) for a presenting need, for displays and partners.

    Raises:
        InvalidInput: ``need`` is not a presenting need.
    """
    return general_sheet(
        need,
        vocab=vocab,
        rules=rules,
        wording=wording,
        on=on,
        large_print=large_print,
        fonts=fonts,
        directory=directory,
    ).pdf


#: The audit entry's reason for a discreet sheet handed over.
DISCREET = "discreet"


def record_sheet_printed(
    session: Session, actor: Actor, reference: str, *, at: datetime, discreet: bool = False
) -> None:
    """Record "printed the advice sheet" for ``reference`` in the audit trail (caller's session).

    A discreet sheet says so in the entry's reason, so a later reprint can be made the same.
    """
    reason = DISCREET if discreet else None
    audit.append(session, actor, PRINT_SHEET, at=at, record_ref=reference, reason=reason)
