"""Whether a rule set gives guidance for every presenting need the service records.

Kept apart from loading on purpose: a need added to the vocabulary must not stop the app
from routing with the rule set it has (the fallback still gives a reason); ``rules check``
reports the gap so the service can write the guidance.
"""

from __future__ import annotations

from triage_app.domain.vocabulary import Vocabularies
from triage_app.pathways.model import RuleSet
from triage_app.pathways.problems import RuleProblem


def uncovered_needs(rules: RuleSet, vocab: Vocabularies) -> list[RuleProblem]:
    """A problem for each need that no rule names in ``when.needs_any``."""
    return [
        RuleProblem(str(rules.file), None, None, f"no rule gives guidance for need '{need}'")
        for need in vocab.need.codes
        if need not in rules.by_need
    ]
