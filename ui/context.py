"""What the window needs, built once at start and passed down: never a global.

``actor`` is who is typing at which desk; it changes only when the desk settings change
(and, once sign-in lands, when someone signs in).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from triage_app.accounts.policy import AccountPolicy
from triage_app.domain.actor import Actor
from triage_app.domain.vocabulary import Vocabularies
from triage_app.pathways import RuleSet
from triage_app.settings import FREEPHONE, RECEPTION, DeskSettings
from triage_app.store.database import Database

FREEPHONE_ROLE = DeskSettings(kind=FREEPHONE).role
RECEPTION_ROLE = DeskSettings(kind=RECEPTION).role


@dataclass(frozen=True)
class WindowContext:
    """The open database, the loaded vocabularies and rules, the clock, the desk and its user."""

    db: Database
    vocab: Vocabularies
    rules: RuleSet
    actor: Actor
    desk: DeskSettings
    #: ``False`` until the desk has been set up in Settings (a first start).
    desk_configured: bool
    config_dir: Path
    resources: Path
    clock: Callable[[], datetime]
    demo: bool = False
    #: Password rules and hashing cost, for accounts made or reset in the window.
    accounts: AccountPolicy = field(default_factory=AccountPolicy)

    def now(self) -> datetime:
        return self.clock()

    def with_desk(self, desk: DeskSettings) -> WindowContext:
        """The same context at a re-configured desk: the actor's desk and hub follow.

        Front-door staff (or a bare name without a role) work as the desk's front-door role,
        which has the same rights either way; a team leader or administrator keeps theirs.
        """
        front_door = {None, FREEPHONE_ROLE, RECEPTION_ROLE}
        role = desk.role if self.actor.role in front_door else self.actor.role
        actor = replace(self.actor, desk=desk.desk_name, hub=desk.hub, role=role)
        return replace(self, desk=desk, actor=actor, desk_configured=True)
