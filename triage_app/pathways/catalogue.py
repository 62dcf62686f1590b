"""Partners and actions: each defined once, referred to by code from the rules.

``partners.toml`` holds ``[partner.<code>]`` tables, read by
:mod:`triage_app.pathways.partners` (the seed of the services directory);
``actions.toml`` holds ``[action.<code>]`` tables (the label staff read, the wording the
family reads, optionally the partner it refers to and the least urgent pathway it belongs
with).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from types import MappingProxyType

from triage_app.domain.vocabulary import Term, Vocabularies, Vocabulary
from triage_app.pathways.model import Action, Partner
from triage_app.pathways.partners import read_partners, table_entries
from triage_app.pathways.plain import name_acronyms, plain_english_problems
from triage_app.pathways.problems import Report
from triage_app.pathways.source import TomlFile

__all__ = ["ACTION_KEYS", "read_actions", "read_partners"]

ACTION_KEYS = ("label", "family", "partner", "min_pathway", "max_pathway")


def read_actions(
    file: TomlFile,
    vocab: Vocabularies,
    partners: Mapping[str, Partner],
    report: Report,
    *,
    unread: Collection[str] | None = (),
) -> Mapping[str, Action]:
    """Every action, checked: a label, plain family wording; a known partner and pathway if given.

    ``unread``: partners defined but not read (their problems already reported), which an
    action may name without a further problem; ``None`` when the partners file itself could
    not be read, so that no partner can be checked.

    The family wording may use an acronym unexplained only where it is part of a partner's
    own name ("Go CV"), as the sheet prints that name.
    """
    partner_codes = Vocabulary("partner", tuple(Term(c, p.name) for c, p in partners.items()))
    names = name_acronyms([p.name for p in partners.values()])
    found: dict[str, Action] = {}
    for code, e in table_entries(file, "action", ACTION_KEYS, report):
        label = e.text("label", required=True)
        family = e.text(
            "family",
            required=True,
            missing="family is missing: say what this step means for the family, in plain "
            'words ("We will ask the school nurse to contact you")',
        )
        for message in plain_english_problems(family or "", "the family wording", names):
            e.problem("family", message)
        named = e.data.get("partner")
        if unread is None or named in unread:
            partner = e.text("partner")
        else:
            partner = e.code("partner", partner_codes)
        min_pathway = e.code("min_pathway", vocab.pathway)
        max_pathway = e.code("max_pathway", vocab.pathway)
        if label:  # kept even without family wording, so rules naming it are not also reported
            found[code] = Action(code, label, family or "", partner, min_pathway, max_pathway)
    return MappingProxyType(found)
