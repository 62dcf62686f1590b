"""The sheet's own wording (headings, the emergency block, the Here to Help line), from resources.

``resources/sheets/wording.toml`` is the service's to edit. It is checked when it is loaded:
a missing text, a ``{placeholder}`` the sheet cannot fill, or a word of ``never_print`` in a
text a discreet sheet prints is reported then, naming the key, rather than when a family is
waiting for their sheet.
"""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from triage_app.errors import TriageError

WORDING_FILE = "wording.toml"

#: Each single text: its dotted key in the file and the placeholders it may use.
_TEXTS: dict[str, tuple[str, frozenset[str]]] = {
    "title": ("title", frozenset()),
    "for_name": ("family.for_name", frozenset({"first_name"})),
    "reference": ("family.reference", frozenset({"reference"})),
    "date": ("family.date", frozenset({"date"})),
    "reference_hint": ("family.reference_hint", frozenset()),
    "footer": ("family.footer", frozenset({"reference", "page"})),
    "private": ("family.private", frozenset()),
    "blank_title": ("blank.title", frozenset({"need"})),
    "blank_notice": ("blank.notice", frozenset()),
    "blank_footer": ("blank.footer", frozenset({"page"})),
    "heading_hub": ("headings.hub", frozenset()),
    "heading_no_hub": ("headings.no_hub", frozenset()),
    "heading_next_steps": ("headings.next_steps", frozenset()),
    "heading_advice": ("headings.advice", frozenset()),
    "heading_partners": ("headings.partners", frozenset()),
    "heading_emergency": ("headings.emergency", frozenset()),
    "heading_here_to_help": ("headings.here_to_help", frozenset()),
    "heading_all_hubs": ("headings.all_hubs", frozenset()),
    "hub_phone": ("hub.phone", frozenset({"phone"})),
    "hub_directions": ("hub.directions", frozenset({"directions"})),
    "partner_phone": ("partner.phone", frozenset({"phone"})),
    "partner_web": ("partner.web", frozenset({"web"})),
    "partner_email": ("partner.email", frozenset({"email"})),
    "partner_waiting_list": ("partner.waiting_list", frozenset()),
    "no_steps": ("steps.none", frozenset()),
    "unknown_step": ("steps.unknown", frozenset()),
    "unavailable_step": ("steps.service_unavailable", frozenset()),
    "respond_default": ("respond_within.default", frozenset({"when"})),
    "line_name": ("here_to_help.name", frozenset()),
    "line_phone_line": ("here_to_help.phone_line", frozenset({"name", "phone"})),
    "line_web_line": ("here_to_help.web_line", frozenset({"web"})),
    "discreet_blank_title": ("discreet.blank_title", frozenset()),
    "discreet_staff_note": ("discreet.staff_note", frozenset()),
}
#: Each list of texts: its dotted key in the file.
_LISTS: dict[str, str] = {
    "emergency": "emergency.lines",
    "line_intro": "here_to_help.lines",
    "discreet_steps": "discreet.steps",
    "discreet_blank_steps": "discreet.blank_steps",
    "silent_solution": "discreet.emergency",
    "never_print": "discreet.never_print",
}
#: Texts that may be left empty until the service knows them.
_OPTIONAL: dict[str, str] = {"line_phone": "here_to_help.phone", "line_web": "here_to_help.web"}
#: Texts a discreet sheet never prints, so they may use a word of ``never_print``.
_NOT_ON_DISCREET = frozenset(
    {
        "blank_title",
        "heading_advice",
        "heading_partners",
        "partner_phone",
        "partner_web",
        "partner_email",
        "partner_waiting_list",
        "unknown_step",
        "discreet_staff_note",
        "never_print",
    }
)


@dataclass(frozen=True)
class SheetWording:
    """Every fixed text of the sheet, each a template filled with ``str.format``."""

    title: str
    for_name: str
    reference: str
    date: str
    reference_hint: str
    footer: str
    private: str
    blank_title: str
    blank_notice: str
    blank_footer: str
    heading_hub: str
    heading_no_hub: str
    heading_next_steps: str
    heading_advice: str
    heading_partners: str
    heading_emergency: str
    heading_here_to_help: str
    heading_all_hubs: str
    hub_phone: str
    hub_directions: str
    partner_phone: str
    partner_web: str
    partner_email: str
    partner_waiting_list: str
    no_steps: str
    unknown_step: str
    unavailable_step: str
    respond_default: str
    respond_phrases: Mapping[str, str]
    emergency: tuple[str, ...]
    line_intro: tuple[str, ...]
    line_name: str
    line_phone: str
    line_phone_line: str
    line_web: str
    line_web_line: str
    discreet_blank_title: str
    discreet_staff_note: str
    discreet_steps: tuple[str, ...]
    discreet_blank_steps: tuple[str, ...]
    silent_solution: tuple[str, ...]
    never_print: tuple[str, ...]

    def respond_sentence(self, when: str) -> str:
        """The sentence saying how soon the service responds, for a rule's phrasing."""
        return self.respond_phrases.get(when) or self.respond_default.format(when=when)

    def never_printed_in(self, text: str) -> list[str]:
        """The words of ``never_print`` that ``text`` uses (whole words, any case)."""
        return [w for w in self.never_print if _whole_word(w).search(text)]


def _whole_word(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)


def _check_discreet(wording: SheetWording, where: str) -> None:
    """No text a discreet sheet prints may use a word it must never print."""
    for name, value in vars(wording).items():
        if name in _NOT_ON_DISCREET:
            continue
        texts = value.values() if isinstance(value, Mapping) else value
        for text in (texts,) if isinstance(texts, str) else texts:
            found = wording.never_printed_in(text)
            if found:
                raise TriageError(
                    f"{where}: '{_key_of(name)}' says '{found[0]}', which a discreet sheet "
                    "must never print (discreet.never_print): reword it"
                )


def _key_of(name: str) -> str:
    keys = {n: k for n, (k, _) in _TEXTS.items()} | _LISTS | _OPTIONAL
    return keys.get(name, "respond_within.phrases")


def default_wording_file(resources: Path) -> Path:
    return resources / "sheets" / WORDING_FILE


def _lookup(data: Mapping[str, Any], dotted: str) -> object:
    value: object = data
    for part in dotted.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def _text(data: Mapping[str, Any], key: str, allowed: frozenset[str], where: str) -> str:
    value = _lookup(data, key)
    if not isinstance(value, str) or not value.strip():
        raise TriageError(f"{where}: '{key}' is missing, empty or not text in quotes")
    try:
        unknown = _placeholders(value) - allowed
    except ValueError as e:
        raise TriageError(f"{where}: '{key}' has a stray brace ({e})") from None
    if unknown:
        can = ", ".join(f"{{{a}}}" for a in sorted(allowed)) or "none"
        raise TriageError(
            f"{where}: '{key}' uses {{{sorted(unknown)[0]}}}, which the sheet cannot fill "
            f"(it may use: {can})"
        )
    return value.strip()


def _lines(data: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = _lookup(data, key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise TriageError(f"{where}: '{key}' must be a list of texts in quotes")
    for i, line in enumerate(value):
        _text({"line": line}, "line", frozenset(), f"{where}: '{key}' item {i + 1}")
    return tuple(v.strip() for v in value)


def _phrases(data: Mapping[str, Any], where: str) -> Mapping[str, str]:
    value = _lookup(data, "respond_within.phrases")
    if value is None:
        return MappingProxyType({})
    if not isinstance(value, Mapping):
        raise TriageError(f"{where}: [respond_within.phrases] must be a table of texts")
    return MappingProxyType(
        {
            str(k): _text(value, str(k), frozenset(), f"{where}: respond_within.phrases")
            for k in value
        }
    )


def load_wording(path: Path) -> SheetWording:
    """Read and check the sheet's wording; a problem raises :class:`TriageError` naming the key."""
    try:
        with path.open("rb") as f:
            data = tomllib.load(f)
    except OSError as e:
        raise TriageError(f"{path}: the sheet's wording cannot be read ({e.strerror})") from None
    except tomllib.TOMLDecodeError as e:
        raise TriageError(f"{path}: not valid TOML ({e})") from None
    where = str(path)
    texts = {name: _text(data, key, allowed, where) for name, (key, allowed) in _TEXTS.items()}
    optional = {}
    for name, key in _OPTIONAL.items():
        value = _lookup(data, key)
        if value is not None and not isinstance(value, str):
            raise TriageError(f"{where}: '{key}' must be text in quotes (or \"\" until known)")
        optional[name] = (value or "").strip()
    lists = {name: _lines(data, key, where) for name, key in _LISTS.items()}
    fields: dict[str, Any] = {**texts, **optional, **lists}  # each checked above
    wording = SheetWording(**fields, respond_phrases=_phrases(data, where))
    _check_discreet(wording, where)
    return wording
