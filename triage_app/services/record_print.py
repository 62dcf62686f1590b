"""The record printed for the file: for whoever may open it, and each print recorded.

A printed record holds everything the family said, so it is made only for someone who may
open the full record (:func:`triage_app.services.reference_access.check_reference`), and
each print or save is recorded in the audit trail (``print_record``, by reference and
version only), as an advice sheet's is.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from triage_app.domain.actor import Actor
from triage_app.domain.vocabulary import Vocabularies
from triage_app.pathways import RuleSet
from triage_app.services.record_content import record_content
from triage_app.services.reference_access import check_reference
from triage_app.sheets.record_render import build_record
from triage_app.store import audit
from triage_app.store.stored import load_request

#: The audit action for a record printed or saved as a PDF.
PRINT_RECORD = "print_record"
_OPEN = "open_full_record"


def record_pdf(
    session: Session,
    reference: str,
    *,
    actor: Actor,
    now: datetime,
    vocab: Vocabularies,
    rules: RuleSet,
    version: int | None = None,
    large_print: bool = False,
    fonts: Path | None = None,
) -> bytes:
    """One version of a request (the current one unless ``version``) as a PDF for the file.

    Nothing is recorded here: see :func:`record_printed`.

    Raises:
        NotPermitted: the role may not open records, or this is not one the actor sees.
        UnknownReference: no such request, or no such version of it.
    """
    reference = check_reference(session, reference, actor=actor, action=_OPEN, now=now)
    stored = load_request(session, reference, version)
    return build_record(record_content(stored, vocab, rules), large_print=large_print, fonts=fonts)


def record_printed(
    session: Session, reference: str, *, actor: Actor, now: datetime, version: int
) -> None:
    """Record the record printed or saved, checked again in the same transaction."""
    reference = check_reference(session, reference, actor=actor, action=_OPEN, now=now)
    audit.append(
        session, actor, PRINT_RECORD, at=now, record_ref=reference, reason=f"version {version}"
    )
