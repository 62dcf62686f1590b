"""Needs that are about a child: asked for before any child is named, they hold the save.

Mid-call ("my daughter hasn't come home since last night") a handler picks the need before
typing the child. With no child in the request, the contract's rule 7 routes it as an
adult's (adult services), which is right for the rules and wrong for the family: so such a
request is not saved at signpost or advice until the child is added, or "children in the
household, ages not known yet" is ticked (which counts as a child in range, rule 11).
"""

from __future__ import annotations

from triage_app.domain.request import TriageRequest
from triage_app.errors import Problem

#: Needs about a child or young person by their nature (codes from ``[need]``).
CHILD_NEEDS = frozenset(
    {
        "learning_development",
        "school_attendance",
        "child_exploitation",
        "child_health",
        "missing_child",
        "gang_radicalisation",
        "young_carer",
        "neet_risk",
        "child_behaviour",
    }
)
#: Routes at which a missing child's row would leave the family with adults' services.
_ADULTS_ROUTES = frozenset({"signpost", "advice"})
FIELD = "children"
MESSAGE = (
    "this need is about a child: add the child or young person, or tick "
    "'Children in the household, ages not known yet'"
)


def child_needs_problems(req: TriageRequest, pathway: str) -> list[Problem]:
    """What holds the save: a child's need routed as an adult's because no child is named."""
    if req.children or req.children_unknown or pathway not in _ADULTS_ROUTES:
        return []
    if CHILD_NEEDS & set(req.needs):
        return [Problem(FIELD, MESSAGE)]
    return []
