"""A family's advice sheet, for whoever may see their request, and its printing recorded.

The window and ``triage-app sheet REFERENCE`` both come through here, so the sheet is made
only after :func:`triage_app.services.reference_access.check_reference` has passed: the
role may print sheets and the request is one the actor sees.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from triage_app.domain.actor import Actor
from triage_app.domain.vocabulary import Vocabularies
from triage_app.pathways import RuleSet
from triage_app.services.reference_access import check_reference
from triage_app.sheets.service import PRINT_SHEET, Sheet, record_sheet_printed, request_sheet
from triage_app.sheets.wording import SheetWording


def family_sheet(
    session: Session,
    reference: str,
    *,
    actor: Actor,
    now: datetime,
    vocab: Vocabularies,
    rules: RuleSet,
    wording: SheetWording,
    large_print: bool = False,
    fonts: Path | None = None,
    discreet: bool = False,
) -> Sheet:
    """The sheet for a request the actor may see (nothing is recorded: see ``sheet_printed``).

    ``discreet``: staff judge the sheet may be seen by someone the family fears; it then says
    nothing of what was asked, whatever the route.

    Raises:
        NotPermitted: the role may not print sheets, or the request is not one they see.
        UnknownReference: no request has this reference.
    """
    reference = check_reference(session, reference, actor=actor, action=PRINT_SHEET, now=now)
    return request_sheet(
        session,
        reference,
        vocab=vocab,
        rules=rules,
        wording=wording,
        large_print=large_print,
        fonts=fonts,
        discreet=discreet,
    )


def sheet_printed(
    session: Session, reference: str, *, actor: Actor, now: datetime, discreet: bool = False
) -> None:
    """Record the sheet printed or saved, and if discreet; checked again in this transaction."""
    reference = check_reference(session, reference, actor=actor, action=PRINT_SHEET, now=now)
    record_sheet_printed(session, actor, reference, at=now, discreet=discreet)
