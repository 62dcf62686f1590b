"""The rule set in use, replaced only by one that loads cleanly and passes its examples.

The app never routes on a rule set that failed to load: :meth:`RuleBook.reload` keeps the
last good one and says why. One ``RuleBook`` is built at start-up and passed to whatever
routes; there is no module-level instance.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from triage_app.domain.counts import counted
from triage_app.domain.request import TriageRequest
from triage_app.domain.route import Route
from triage_app.domain.vocabulary import Vocabularies
from triage_app.errors import TriageError
from triage_app.pathways.engine import route
from triage_app.pathways.loader import load_rules
from triage_app.pathways.model import RuleSet
from triage_app.pathways.problems import RuleProblem, RulesError


@dataclass(frozen=True)
class ReloadResult:
    """What a reload did: ``loaded`` the new set, or kept ``rules`` (maybe none) and why."""

    loaded: bool
    rules: RuleSet | None
    problems: tuple[RuleProblem, ...]
    message: str


class RuleBook:
    """Holds the rule set routing uses."""

    def __init__(self, vocab: Vocabularies, rules: RuleSet | None = None) -> None:
        self._vocab = vocab
        self._rules = rules

    @property
    def current(self) -> RuleSet:
        """The rule set in use; an error if none has ever loaded, so nothing routes without one."""
        if self._rules is None:
            raise TriageError("no guidance rule set is loaded, so requests cannot be routed yet")
        return self._rules

    def reload(self, rules_dir: Path) -> ReloadResult:
        """Load ``rules_dir`` and run its examples; use it only if there is no problem."""
        try:
            candidate = load_rules(rules_dir, self._vocab)
        except RulesError as e:
            return self._kept(e.problems)
        # Worked examples are parsed with pydantic: loaded here, not when the window starts.
        from triage_app.pathways.examples import check_examples  # noqa: PLC0415

        problems = check_examples(candidate, self._vocab)
        if problems:
            return self._kept(tuple(problems))
        self._rules = candidate
        message = (
            f"now using rule set {candidate.version} (from {candidate.effective_from:%d %B %Y})"
        )
        return ReloadResult(True, candidate, (), message)

    def route(self, request: TriageRequest, *, on: date, desk_hub: str | None = None) -> Route:
        return route(request, self.current, on=on, desk_hub=desk_hub)

    def _kept(self, problems: tuple[RuleProblem, ...]) -> ReloadResult:
        count = len(problems)
        if self._rules is None:
            message = f"the rule set has {counted(count, 'problem')}; no rule set is in use"
        else:
            message = (
                f"the new rule set has {counted(count, 'problem')}; still using rule set "
                f"{self._rules.version}"
            )
        return ReloadResult(False, self._rules, problems, message)
