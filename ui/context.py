"""What the window needs, built once at start and passed down: never a global.

``actor`` is who is typing at which desk; it changes only when the desk settings change
(and, once sign-in lands, when someone signs in).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property
from pathlib import Path

from triage_app.accounts.policy import AccountPolicy
from triage_app.domain.actor import Actor
from triage_app.domain.search_words import SearchWords, build_search_words, load_search_words
from triage_app.domain.vocabulary import Vocabularies
from triage_app.errors import TriageError
from triage_app.pathways import RuleSet
from triage_app.settings import FREEPHONE, RECEPTION, DeskSettings
from triage_app.site_config import DEFAULT, SiteConfig
from triage_app.store.database import Database

FREEPHONE_ROLE = DeskSettings(kind=FREEPHONE).role
RECEPTION_ROLE = DeskSettings(kind=RECEPTION).role
log = logging.getLogger("ui")


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
    #: How a second person's sign-in is checked (a team leader approving at this desk).
    accounts: AccountPolicy = field(default_factory=AccountPolicy)
    #: What IT set for every user of this PC: Settings shows it and cannot change it.
    site: SiteConfig = field(default_factory=SiteConfig)
    #: Whether this user has desk settings of their own (saved from Settings).
    own_desk: bool = False
    #: Where the database came from (``--database``, the site file, the environment, default).
    database_source: str = DEFAULT

    def now(self) -> datetime:
        return self.clock()

    @cached_property
    def search_words(self) -> SearchWords:
        """The needs' and concerns' search words; the labels alone if the file cannot be read.

        Read once per context, not by every form: an amendment's form opens in a blink.
        """
        try:
            return load_search_words(self.resources, self.vocab)
        except TriageError as e:
            log.warning("search words not loaded, labels only: %s", e)
            return build_search_words({}, self.vocab, "")

    @property
    def desk_sources(self) -> dict[str, str]:
        """Where each desk setting came from: the site, this user, or the default."""
        return self.site.desk_sources(self.own_desk)

    def with_desk(self, desk: DeskSettings) -> WindowContext:
        """The same context at a re-configured desk: the actor's desk and hub follow.

        Front-door staff (or a bare name without a role) work as the desk's front-door role,
        which has the same rights either way; a team leader or administrator keeps theirs.
        """
        front_door = {None, FREEPHONE_ROLE, RECEPTION_ROLE}
        role = desk.role if self.actor.role in front_door else self.actor.role
        actor = replace(self.actor, desk=desk.desk_name, hub=desk.hub, role=role)
        return replace(self, desk=desk, actor=actor, desk_configured=True, own_desk=True)
