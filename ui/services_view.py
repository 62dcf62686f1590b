"""A directory entry as staff read it: a row of the services list, and the whole entry.

Shared by the Services page and the quick search from the capture form. What is said comes
from the core (:mod:`triage_app.services.directory`): what to tell the caller, whether the
number may be given out, whether the entry is stale. A detail without a source is shown
marked "unconfirmed", never as plain fact.
"""

from __future__ import annotations

from html import escape

from triage_app.domain.directory import DETAILS, REFERRAL_LABELS, STATUS_LABELS, ServiceEntry
from triage_app.domain.vocabulary import Vocabularies
from triage_app.services.directory import ServiceAnswer
from triage_app.services.search import LOCAL_ZONE
from triage_app.store.directory import Change
from ui.table_model import RowsModel

STALE_MARK = "⚠ stale"
UNCONFIRMED = "unconfirmed"
_DETAIL_NAMES = {
    "phone": "Phone",
    "email": "Email",
    "web": "Web",
    "address": "Address",
    "opening_hours": "Opening hours",
}


def checked_text(entry: ServiceEntry, stale: bool) -> str:
    """When the entry was last checked, and by whom; "⚠ stale" when too long ago (or never)."""
    if entry.checked_at is None:
        text = "never checked"
    else:
        when = entry.checked_at.astimezone(LOCAL_ZONE).strftime("%d/%m/%Y")
        text = f"{when} by {entry.checked_by}" if entry.checked_by else when
    return f"{STALE_MARK}: {text}" if stale else text


def number_text(answer: ServiceAnswer) -> str:
    """The number to give out, or why it may not be given."""
    entry = answer.entry
    if answer.number is not None:
        return answer.number
    if not entry.is_open:
        return f"none: {STATUS_LABELS[entry.status]}"
    if not entry.for_families:
        return "staff only: do not give out"
    if entry.phone.value:
        return f"{UNCONFIRMED}: do not give out"
    return "none confirmed"


class ServicesModel(RowsModel[ServiceAnswer]):
    """Services: name, hub or partner, status, the number to give out, when last checked."""

    COL_NAME, COL_KIND, COL_STATUS, COL_NUMBER, COL_CHECKED = range(5)
    HEADERS = ("Service", "Kind", "Status", "Number to give out", "Last checked")

    def text(self, item: ServiceAnswer, column: int) -> str:
        entry = item.entry
        if column == self.COL_NAME:
            return entry.name
        if column == self.COL_KIND:
            return "Family Hub" if entry.kind == "hub" else "Partner"
        if column == self.COL_STATUS:
            return STATUS_LABELS.get(entry.status, entry.status)
        if column == self.COL_NUMBER:
            return number_text(item)
        return checked_text(entry, item.stale)


def _detail_line(entry: ServiceEntry, name: str) -> str:
    detail = entry.detail(name)
    if not detail.value.strip():
        return ""
    label = _DETAIL_NAMES[name]
    if detail.confirmed:
        source = f" <small>(source: {escape(detail.source)})</small>"
        return f"<tr><th align=left>{label}</th><td>{escape(detail.value)}{source}</td></tr>"
    return (
        f"<tr><th align=left>{label}</th><td>{escape(detail.value)} "
        f"<b>⚠ {UNCONFIRMED}</b>: no source; do not give out or print</td></tr>"
    )


def _offers(entry: ServiceEntry, vocab: Vocabularies) -> str:
    labels = [vocab.need.label(n) for n in entry.needs if n in vocab.need]
    labels += [vocab.concern.label(c) for c in entry.concerns if c in vocab.concern]
    return ", ".join(labels)


def _ages(entry: ServiceEntry) -> str:
    if entry.age_from is None and entry.age_to is None:
        return "anyone"
    low = entry.age_from if entry.age_from is not None else 0
    return f"{low} and over" if entry.age_to is None else f"{low} to {entry.age_to}"


def service_html(answer: ServiceAnswer, vocab: Vocabularies) -> str:
    """The whole entry: what to tell the caller, the number or why not, every detail."""
    entry = answer.entry
    may = (
        f"<p><b>✓ The number may be given out:</b> {escape(answer.number)}</p>"
        if answer.number is not None
        else f"<p><b>✗ Do not give out a number:</b> {escape(number_text(answer))}</p>"
    )
    rows = [
        ("Status", STATUS_LABELS.get(entry.status, entry.status)),
        ("Last checked", checked_text(entry, answer.stale)),
        ("Helps with", _offers(entry, vocab) or "—"),
        ("For", _ages(entry) + (f", {entry.area}" if entry.area else "")),
        ("Referral", REFERRAL_LABELS.get(entry.referral or "", "not known")),
    ]
    if entry.note:
        rows.append(("Note for staff", entry.note))
    table = "".join(
        f"<tr><th align=left>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows
    )
    details = "".join(_detail_line(entry, name) for name in DETAILS)
    stale = (
        f"<p><b>{STALE_MARK}:</b> not checked recently; check before relying on it.</p>"
        if answer.stale
        else ""
    )
    return (
        f"<h3>{escape(entry.name)}</h3>"
        f"<p><b>Tell the caller:</b> {escape(answer.tell_caller)}</p>{may}{stale}"
        f"<table cellpadding=2>{table}{details}</table>"
    )


def history_html(changes: list[Change]) -> str:
    """Every saved version of the entry, newest first: when, by whom, why."""
    if not changes:
        return ""
    rows = "".join(
        f"<li>version {c.version}, {c.at.astimezone(LOCAL_ZONE):%d/%m/%Y %H:%M}, "
        f"{escape(c.actor)}{': ' + escape(c.reason) if c.reason else ''}</li>"
        for c in changes
    )
    return f"<h4>Changes</h4><ul>{rows}</ul>"
