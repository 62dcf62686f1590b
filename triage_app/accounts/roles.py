"""Roles and what each may do: one explicit table, denied unless a cell says yes.

The table below is the single source: ``docs/access.md`` prints it and a test checks the two
agree, and every cell is tested. Administrators look after accounts, desks, rule sets and
retention but do not read families' records (data minimisation): a person who does both
jobs has two accounts.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from triage_app.domain.actor import Actor
from triage_app.errors import TriageError

CALL_HANDLER = "call_handler"
RECEPTIONIST = "receptionist"
TEAM_LEADER = "team_leader"
ADMINISTRATOR = "administrator"


@dataclass(frozen=True)
class Role:
    code: str
    label: str


@dataclass(frozen=True)
class Action:
    """Something a user may be allowed to do; ``label`` completes "may not …"."""

    code: str
    label: str


ROLES: tuple[Role, ...] = (
    Role(CALL_HANDLER, "call handler"),
    Role(RECEPTIONIST, "receptionist"),
    Role(TEAM_LEADER, "team leader"),
    Role(ADMINISTRATOR, "administrator"),
)

_FRONT_DOOR = frozenset({CALL_HANDLER, RECEPTIONIST, TEAM_LEADER})
_LEADER = frozenset({TEAM_LEADER})
_OVERSIGHT = frozenset({TEAM_LEADER, ADMINISTRATOR})
_ADMIN = frozenset({ADMINISTRATOR})

#: Action → the roles allowed it. Anything not listed here is refused to everyone.
PERMISSIONS: dict[Action, frozenset[str]] = {
    Action("record_request", "record a request"): _FRONT_DOOR,
    Action("discard_draft", "discard a draft"): _FRONT_DOOR,
    Action("print_sheet", "print an advice sheet"): _FRONT_DOOR,
    Action("view_own_and_hub_requests", "see their own and their hub's recent requests"): (
        _FRONT_DOOR
    ),
    Action("open_full_record", "open a full record"): _FRONT_DOOR,
    Action("mark_action_done", "mark a follow-up action done"): _FRONT_DOOR,
    Action("record_outcome", "record attempts, notes and outcomes"): _FRONT_DOOR,
    Action("override_pathway", "choose a pathway other than the one recommended"): _FRONT_DOOR,
    Action("take_request", "take an unassigned request as their own"): _FRONT_DOOR,
    Action("assign_request", "assign or reassign a request to a named worker"): _LEADER,
    Action("approve_override", "approve a downward pathway override"): _LEADER,
    Action(
        "set_aside_safeguarding_step",
        "record a safeguarding step (999, MASH, MARAC, consultation ...) as not needed",
    ): _LEADER,
    Action("view_all_requests", "see and search all requests"): _LEADER,
    Action("amend_request", "amend a request"): _LEADER,
    Action("view_figures", "see the monthly figures"): _LEADER,
    Action("export", "export to the central system"): _LEADER,
    Action("replay_rules", "replay a rule set over past requests"): _OVERSIGHT,
    Action("view_audit", "read the audit trail"): _OVERSIGHT,
    Action("edit_directory", "change the services directory"): _OVERSIGHT,
    Action("manage_accounts", "add, disable or reset staff accounts"): _ADMIN,
    Action("manage_desks", "set up desks"): _ADMIN,
    Action("manage_rules", "load or change the rule set"): _ADMIN,
    Action("change_settings", "change the settings"): _ADMIN,
    Action("run_retention", "run the retention clean-up"): _ADMIN,
    Action("erase_record", "erase a record"): _ADMIN,
}

ACTIONS: tuple[Action, ...] = tuple(PERMISSIONS)
_BY_CODE = {a.code: a for a in ACTIONS}
_ROLE_LABELS = {r.code: r.label for r in ROLES}


class NotPermitted(TriageError):
    """The signed-in user's role does not allow what was asked."""


class Scope(Enum):
    """Which requests a role sees in lists and searches."""

    NONE = "none"
    OWN_AND_HUB = "own_and_hub"
    ALL = "all"


def role_codes() -> tuple[str, ...]:
    return tuple(r.code for r in ROLES)


def role_label(code: str | None) -> str:
    return _ROLE_LABELS.get(code or "", "user without a role")


def allowed(role: str | None, action: str) -> bool:
    """Whether ``role`` may do ``action``; unknown roles and actions are refused."""
    found = _BY_CODE.get(action)
    return found is not None and role in PERMISSIONS[found]


def require(actor: Actor, action: str) -> None:
    """Refuse, with a message the user can act on, unless the actor's role allows ``action``."""
    if allowed(actor.role, action):
        return
    found = _BY_CODE.get(action)
    what = found.label if found else f"do '{action}'"
    who = [_a(r.label) for r in ROLES if found and r.code in PERMISSIONS[found]]
    ask = f"; ask {' or '.join(who)}" if who else ""
    raise NotPermitted(f"{_a(role_label(actor.role))} may not {what}{ask}")


def _a(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


#: Actions that show what families said: a role allowed any of them reads records.
RECORD_READING_ACTIONS = (
    "view_own_and_hub_requests",
    "open_full_record",
    "print_sheet",
    "view_all_requests",
    "amend_request",
    "export",
)


def reads_records(role: str | None) -> bool:
    """Whether ``role`` reads families' records (granting it needs a second administrator)."""
    return any(allowed(role, action) for action in RECORD_READING_ACTIONS)


def visible_scope(role: str | None) -> Scope:
    """Which requests a list or search shows this role (own-and-hub means recent ones)."""
    if allowed(role, "view_all_requests"):
        return Scope.ALL
    if allowed(role, "view_own_and_hub_requests"):
        return Scope.OWN_AND_HUB
    return Scope.NONE
