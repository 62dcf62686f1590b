"""Changing the services directory: team leaders and administrators, audited, history kept.

Every change is checked whole before anything is written (each problem named by its field),
saved as the entry's next version with who, when and why, and recorded in the audit trail
by the entry's code only. A detail saved without its source (where it was read) is kept
unconfirmed: shown marked, never printed on a sheet nor given out, until its source
is recorded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import fields, replace
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from triage_app.accounts.roles import require
from triage_app.domain import limits
from triage_app.domain.actor import Actor
from triage_app.domain.directory import (
    DETAILS,
    KINDS,
    REFERRALS,
    STATUSES,
    Detail,
    ServiceEntry,
)
from triage_app.domain.vocabulary import Vocabularies
from triage_app.errors import InvalidInput, Problem, echo
from triage_app.services.directory import STALE_MONTHS
from triage_app.store import audit, db_settings
from triage_app.store.directory import load_entry, save_entry

EDIT_DIRECTORY = "edit_directory"
#: Audit actions: an entry saved; the staleness setting changed; a file imported.
DIRECTORY_EDIT = "directory_edit"
DIRECTORY_SETTING = "directory_setting"
DIRECTORY_IMPORT = "directory_import"
#: The longest a source may be (where it was read and when).
SOURCE = 200
OLDEST = 120
#: Fields a change may set, as ``name=value`` text (the command line's ``--set``).
TEXT_FIELDS = ("name", "description", "area", "hint", "note")
_LENGTHS = {"phone": limits.PHONE, "email": limits.NAME, "web": limits.NAME}


def entry_problems(entry: ServiceEntry, vocab: Vocabularies, where: str = "") -> list[Problem]:
    """Everything wrong with an entry, each named by its field (``where`` prefixes it)."""
    found = [*_identity_problems(entry), *_offer_problems(entry, vocab)]
    for name in DETAILS:
        found += _detail_problems(name, entry.detail(name))
    at = f"{where}." if where else ""
    return [Problem(f"{at}{p.field}", p.message) for p in found]


def _identity_problems(entry: ServiceEntry) -> list[Problem]:
    found = []
    if not entry.code or len(entry.code) > limits.CODE or not entry.code.isidentifier():
        found.append(Problem("code", "must be letters, digits and _ (at most 40): 'food_bank'"))
    if entry.kind not in KINDS:
        found.append(Problem("kind", f"must be one of {', '.join(KINDS)}"))
    if not entry.name.strip():
        found.append(Problem("name", "is missing"))
    if not entry.description.strip():
        found.append(Problem("description", "is missing: say what the service helps with"))
    for name in ("name", "area", "hint", "checked_by"):
        if len(getattr(entry, name) or "") > limits.NAME:
            found.append(Problem(name, f"is too long: at most {limits.NAME} characters"))
    for name in ("name", "description", "area", "hint", "note"):
        if limits.NUL in getattr(entry, name):
            found.append(Problem(name, "holds a character that cannot be stored"))
    if entry.status not in STATUSES:
        found.append(Problem("status", f"must be one of {', '.join(STATUSES)}"))
    if entry.referral is not None and entry.referral not in REFERRALS:
        found.append(Problem("referral", f"must be one of {', '.join(REFERRALS)}"))
    return found


def _offer_problems(entry: ServiceEntry, vocab: Vocabularies) -> list[Problem]:
    found = [Problem("needs", vocab.need.unknown(c)) for c in entry.needs if c not in vocab.need]
    found += [
        Problem("concerns", vocab.concern.unknown(c))
        for c in entry.concerns
        if c not in vocab.concern
    ]
    youngest, oldest = entry.age_from, entry.age_to
    for name, age in (("age_from", youngest), ("age_to", oldest)):
        if age is not None and not 0 <= age <= OLDEST:
            found.append(Problem(name, f"must be an age in years, 0 to {OLDEST}"))
    if youngest is not None and oldest is not None and youngest > oldest:
        found.append(Problem("age_to", "is younger than age_from"))
    return found


def _detail_problems(name: str, detail: Detail) -> list[Problem]:
    found = []
    if detail.source.strip() and not detail.value.strip():
        found.append(Problem(name, f"is missing: a source is given for no {_words(name)}"))
    limit = _LENGTHS.get(name, limits.ADDRESS)
    if len(detail.value) > limit:
        found.append(Problem(name, f"is too long: at most {limit} characters"))
    if len(detail.source) > SOURCE:
        found.append(Problem(f"{name}_source", f"is too long: at most {SOURCE} characters"))
    if limits.NUL in detail.value + detail.source:
        found.append(Problem(name, "holds a character that cannot be stored"))
    return found


def _words(name: str) -> str:
    return name.replace("_", " ")


def changed(entry: ServiceEntry, changes: Mapping[str, str]) -> ServiceEntry:
    """``entry`` with fields set from text (``phone``, ``phone_source``, ``status``, ``needs``…).

    Lists (``needs``, ``concerns``) are comma-separated codes; ages are whole numbers or
    empty; ``for_families`` is ``yes`` or ``no``; an empty ``referral`` clears it.

    Raises:
        InvalidInput: a field that cannot be set, or a value that is not of its kind.
    """
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for name, text in changes.items():
        try:
            _set(entry, values, name, text.strip())
        except ValueError as e:
            problems.append(Problem(name, str(e)))
    if problems:
        raise InvalidInput(problems)
    return replace(entry, **values)


def _set(entry: ServiceEntry, values: dict[str, Any], name: str, text: str) -> None:
    source_of = name.removesuffix("_source")
    if source_of != name and source_of in DETAILS:
        values[source_of] = replace(values.get(source_of, entry.detail(source_of)), source=text)
    elif name in DETAILS:
        values[name] = replace(values.get(name, entry.detail(name)), value=text)
    elif name in TEXT_FIELDS or name in ("status", "kind"):
        values[name] = text
    elif name == "referral":
        values[name] = text or None
    elif name in ("needs", "concerns"):
        values[name] = tuple(c.strip() for c in text.split(",") if c.strip())
    elif name in ("age_from", "age_to"):
        if text and not text.isdigit():
            raise ValueError("must be a whole number of years, or empty")
        values[name] = int(text) if text else None
    elif name == "for_families":
        if text not in ("yes", "no"):
            raise ValueError("must be yes or no")
        values[name] = text == "yes"
    else:
        known = ", ".join([*TEXT_FIELDS, *DETAILS, "status", "referral", "needs", "concerns"])
        raise ValueError(f"'{echo(name)}' cannot be set; fields: {known}")


def save_service(
    session: Session,
    actor: Actor,
    entry: ServiceEntry,
    *,
    now: datetime,
    vocab: Vocabularies,
    reason: str | None = None,
    checked: bool = False,
) -> ServiceEntry:
    """Save ``entry`` (new or changed) as its next version, audited.

    ``checked``: staff checked its details today, which restarts its staleness.

    Raises:
        NotPermitted: the role may not change the directory.
        InvalidInput: the entry has problems (all listed; nothing is saved).
    """
    require(actor, EDIT_DIRECTORY)
    problems = entry_problems(entry, vocab)
    if problems:
        raise InvalidInput(problems, where=entry.code)
    return _save(session, actor, entry, now=now, reason=reason, checked=checked)


def _save(
    session: Session,
    actor: Actor,
    entry: ServiceEntry,
    *,
    now: datetime,
    reason: str | None,
    checked: bool,
    action: str = DIRECTORY_EDIT,
) -> ServiceEntry:
    if checked:
        entry = replace(entry, checked_at=now, checked_by=actor.username)
    saved = save_entry(session, entry, at=now, actor=actor.username, reason=reason)
    audit.append(session, actor, action, at=now, record_ref=f"directory:{entry.code}")
    return saved


def edit_service(
    session: Session,
    actor: Actor,
    code: str,
    changes: Mapping[str, str],
    *,
    now: datetime,
    vocab: Vocabularies,
    reason: str | None = None,
    checked: bool = False,
) -> ServiceEntry:
    """Change fields of the stored entry ``code`` (see :func:`changed`) and save it.

    Raises:
        NotPermitted, InvalidInput: as :func:`save_service`; also an unknown code.
    """
    require(actor, EDIT_DIRECTORY)
    entry = load_entry(session, code)
    if entry is None:
        raise InvalidInput([Problem("code", f"no service has the code '{echo(code)}'")])
    return save_service(
        session,
        actor,
        changed(entry, changes),
        now=now,
        vocab=vocab,
        reason=reason,
        checked=checked,
    )


def import_services(
    session: Session,
    actor: Actor,
    entries: Iterable[ServiceEntry],
    *,
    now: datetime,
    vocab: Vocabularies,
    reason: str | None = None,
) -> list[ServiceEntry]:
    """Save every entry of an import, or none: all are checked before any is written.

    An entry the same as the stored one is left alone (no new version). Returns those saved.

    Raises:
        NotPermitted: the role may not change the directory.
        InvalidInput: any entry has problems (each named ``services[i].field``).
    """
    require(actor, EDIT_DIRECTORY)
    entries = list(entries)
    problems = [
        p for i, e in enumerate(entries) for p in entry_problems(e, vocab, f"services[{i}]")
    ]
    codes = [e.code for e in entries]
    for i, code in enumerate(codes):
        if code in codes[:i]:
            problems.append(Problem(f"services[{i}].code", f"'{echo(code)}' appears twice"))
    if problems:
        raise InvalidInput(problems)
    saved = []
    for entry in entries:
        stored = load_entry(session, entry.code)
        if stored is not None and _same(stored, entry):
            continue
        saved.append(
            _save(
                session,
                actor,
                entry,
                now=now,
                reason=reason,
                checked=False,
                action=DIRECTORY_IMPORT,
            )
        )
    return saved


def _same(a: ServiceEntry, b: ServiceEntry) -> bool:
    return all(getattr(a, f.name) == getattr(b, f.name) for f in fields(a) if f.name != "version")


def set_stale_months(session: Session, actor: Actor, months: int, *, now: datetime) -> None:
    """After how many months an unchecked entry is stale, for every desk; audited.

    Raises:
        NotPermitted: the role may not change the directory.
        InvalidInput: ``months`` is not 1 to 60.
    """
    require(actor, EDIT_DIRECTORY)
    if not 1 <= months <= 60:
        raise InvalidInput([Problem("months", "must be a whole number from 1 to 60")])
    db_settings.put(session, STALE_MONTHS, str(months), now=now)
    audit.append(session, actor, DIRECTORY_SETTING, at=now, record_ref=f"stale_months:{months}")
