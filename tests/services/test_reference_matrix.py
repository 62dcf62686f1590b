"""Every command that takes a request's reference, by every role, on a request the user
took, one of their hub's and one of another hub's: who may, and who is refused.

A refused user gets a plain message and exit 1, and nothing is printed, written or
recorded (beyond their sign-in). The check is one function in the services layer
(``triage_app.services.reference_access``); this walks the commands that reach it.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import (
    FIXED_NOW,
    STAFF_PASSWORD,
    TEST_POLICY,
    as_their_owners_left_them,
    open_sqlite,
)
from tests.services.requests_data import HOUSING, rules_for, save
from triage_app.accounts.users import add_user
from triage_app.cli.main import build_parser, run
from triage_app.config import AppConfig
from triage_app.domain.actor import Actor
from triage_app.domain.vocabulary import load_vocabularies
from triage_app.locations import resources_dir
from triage_app.services.visibility import can_see
from triage_app.store.audit import entries
from triage_app.store.database import Database
from triage_app.store.models import Request, RequestVersion

HUB, OTHER_HUB = "mosaic", "aspire"
#: role → the account that acts in it (``None``: no hub).
ACCOUNTS = {
    "call_handler": ("c.one", HUB),
    "receptionist": ("r.one", HUB),
    "team_leader": ("t.lead", None),
    "administrator": ("test.admin", None),
}
ROLES = tuple(ACCOUNTS)
WHOSE = ("own", "hub", "other")


@dataclass(frozen=True)
class Command:
    """A command that takes a reference, and the roles allowed it for each kind of request."""

    name: str
    allowed: dict[str, frozenset[str]]  # whose → roles

    def argv(self, reference: str, tmp: Path) -> list[str]:
        if self.name == "sheet":
            return ["sheet", reference, "--out", str(tmp / "sheet.pdf")]
        if self.name == "erase":
            return ["erase", reference, "--reason", "approved erasure 12"]
        if self.name in LIFE_ARGS:
            return [self.name, reference, *LIFE_ARGS[self.name]]
        return ["audit", "--record", reference]


_FRONT = frozenset({"call_handler", "receptionist", "team_leader"})
#: The commands of a request's life after the front door, as a user would run them.
LIFE_ARGS = {
    "outcome": ["--close", "advice_given", "--reason", "Advice given on the phone."],
    "note": ["Rang back, no answer."],
    "attempt": ["--method", "telephone", "--not-reached"],
    "action": ["refer_housing", "--state", "done"],
    "override": ["--pathway", "social_care", "--reason", "Worried about the children."],
    "assign": ["--to", "me"],
}
COMMANDS = (
    # Printing a sheet shows the family's details: only those who see the request.
    Command("sheet", {"own": _FRONT, "hub": _FRONT, "other": frozenset({"team_leader"})}),
    # Erasing shows nothing of the record, and is the administrators' alone (docs/access.md).
    Command("erase", dict.fromkeys(WHOSE, frozenset({"administrator"}))),
    # Audit entries hold ids and codes only; team leaders and administrators read the trail.
    Command("audit", dict.fromkeys(WHOSE, frozenset({"team_leader", "administrator"}))),
    # A request's life shows and changes the record: only those who see the request.
    *(
        Command(name, {"own": _FRONT, "hub": _FRONT, "other": frozenset({"team_leader"})})
        for name in LIFE_ARGS
    ),
)
#: Each reference-taking argument of the command line: (command, argument's dest).
REFERENCE_ARGUMENTS = {
    ("sheet", "reference"),
    ("erase", "references"),
    ("audit", "record"),
    *((name, "reference") for name in LIFE_ARGS),
}


def _reference_arguments() -> set[tuple[str, str]]:
    """Every argument of every command whose value is a reference, read from the parser."""
    found = set()

    def walk(parser: argparse.ArgumentParser, path: str) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(sub, f"{path} {name}".strip())
            elif action.metavar in {"REFERENCE", "REF"}:
                found.add((path, action.dest))

    walk(build_parser(["--help"]), "")
    return found


def test_the_matrix_covers_every_command_that_takes_a_reference() -> None:
    assert _reference_arguments() == REFERENCE_ARGUMENTS
    assert {c.name for c in COMMANDS} == {command for command, _dest in REFERENCE_ARGUMENTS}


@pytest.fixture
def service(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A database with the four accounts, a second call handler, and their requests."""
    path = tmp_path / "matrix.sqlite"
    db = open_sqlite(path)
    vocab = load_vocabularies(resources_dir())
    rules = rules_for(resources_dir(), vocab)
    hubs = vocab.hub.codes
    with db.write() as s:
        add_user(
            s, None, username="test.admin", role="administrator", password=STAFF_PASSWORD,
            now=FIXED_NOW, policy=TEST_POLICY, known_hubs=hubs,
        )  # fmt: skip
        as_their_owners_left_them(s, FIXED_NOW)
        admin = Actor(username="test.admin", role="administrator")
        people = [(name, role, hub) for role, (name, hub) in ACCOUNTS.items()]
        for name, role, hub in [*people[:3], ("c.two", "call_handler", HUB)]:
            add_user(
                s, admin, username=name, role=role, password=STAFF_PASSWORD, now=FIXED_NOW,
                policy=TEST_POLICY, known_hubs=hubs, hub=hub,
            )  # fmt: skip
        as_their_owners_left_them(s, FIXED_NOW)
    received = FIXED_NOW - timedelta(days=2)

    def taken(name: str, role: str, hub: str) -> str:
        actor = Actor(username=name, role=role, desk="desk", hub=hub)
        req = replace(HOUSING, postcode=None)
        return save(db, rules, vocab, req, received=received, actor=actor, hub=hub)

    refs = {
        "own:call_handler": taken("c.one", "call_handler", OTHER_HUB),
        "own:receptionist": taken("r.one", "receptionist", OTHER_HUB),
        "own:team_leader": taken("t.lead", "team_leader", OTHER_HUB),
        "hub": taken("c.two", "call_handler", HUB),
        "other": taken("c.two", "call_handler", OTHER_HUB),
    }
    with db.read() as s:  # the set-up is what the test says it is
        one = Actor(username="c.one", role="call_handler", hub=HUB)
        assert can_see(s, refs["own:call_handler"], actor=one, now=FIXED_NOW)
        assert can_see(s, refs["hub"], actor=one, now=FIXED_NOW)
        assert not can_see(s, refs["other"], actor=one, now=FIXED_NOW)
    db.close()
    return path, refs


def _narrative_kept(db: Database, reference: str) -> bool:
    with db.read() as s:
        family = s.execute(
            select(RequestVersion.family_last_name)
            .join(Request, Request.id == RequestVersion.request_id)
            .where(Request.reference == reference, RequestVersion.is_current)
        ).scalar_one()
    return family is not None


CASES = [
    (command, role, whose)
    for command in COMMANDS
    for role in ROLES
    for whose in WHOSE
    if not (whose == "own" and role == "administrator")  # administrators take no requests
]


@pytest.mark.parametrize(
    ("command", "role", "whose"), CASES, ids=[f"{c.name}-{r}-{w}" for c, r, w in CASES]
)
def test_who_may_use_a_reference(
    service: tuple[Path, dict[str, str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: Command,
    role: str,
    whose: str,
) -> None:
    path, refs = service
    reference = refs[f"own:{role}"] if whose == "own" else refs[whose]
    user = ACCOUNTS[role][0]
    config = AppConfig(
        database=str(path),
        data_dir=tmp_path / "data",
        config_dir=tmp_path / "config",
        resources=resources_dir(),
        environ={"TRIAGE_USER": user, "TRIAGE_PASSWORD": STAFF_PASSWORD},
        clock=lambda: FIXED_NOW,
        accounts=TEST_POLICY,
    )
    db = open_sqlite(path)
    with db.read() as s:
        before = len(entries(s))
    capsys.readouterr()
    code = run(command.argv(reference, tmp_path), config=config)
    out, err = capsys.readouterr()
    with db.read() as s:
        added = [(e.actor, e.action) for e in entries(s)[before:]]
    kept = _narrative_kept(db, reference)
    db.close()
    if role in command.allowed[whose]:
        assert code == 0, err
        assert (tmp_path / "sheet.pdf").exists() == (command.name == "sheet")
        assert kept == (command.name != "erase")
        return
    assert code == 1, (out, err)
    assert out == ""
    assert err.startswith("triage-app: ") and "Traceback" not in err
    assert " may not " in err or "is not one of your requests" in err
    assert not (tmp_path / "sheet.pdf").exists()
    assert kept
    assert added == [(user, "sign_in")]
