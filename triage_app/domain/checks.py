"""Checks of a request's content, written once for the form, the CLI and the importers.

Each returns every problem with its field path, so the form can show each beside its field.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime

from triage_app.domain import limits
from triage_app.domain.ages import age_on
from triage_app.domain.request import NO_FAMILY_DETAILS, TriageRequest
from triage_app.domain.vocabulary import Vocabularies, Vocabulary
from triage_app.errors import Problem


def _code(problems: list[Problem], field: str, code: str | None, vocab: Vocabulary) -> None:
    if code is not None and code not in vocab:
        problems.append(Problem(field, vocab.unknown(code)))


def _codes(problems: list[Problem], field: str, codes: tuple[str, ...], vocab: Vocabulary) -> None:
    """Each unknown code of a list, by its place (most lists are all known: one set test)."""
    if not vocab.known.issuperset(codes):
        for i, code in enumerate(codes):
            _code(problems, f"{field}[{i}]", code, vocab)


def check_codes(req: TriageRequest, vocab: Vocabularies, *, partial: bool = False) -> list[Problem]:
    """Every code in the request is one the service knows; needs are present and distinct.

    ``partial``: the request is routed on a yes answer or a concern alone (contract rule 10),
    so needs and consent may still be missing; codes that are given must still be known.
    """
    problems: list[Problem] = []
    consent, hub, needs, concerns = req.consent, req.hub, req.needs, req.concerns
    if not (  # most requests' four codes are known: set tests, before any is named
        req.contact_method in vocab.contact_method.known
        and req.source in vocab.source.known
        and (consent is None or consent in vocab.consent.known)
        and (hub is None or hub in vocab.hub.known)
    ):
        _code(problems, "contact_method", req.contact_method, vocab.contact_method)
        _code(problems, "source", req.source, vocab.source)
        _code(problems, "consent", consent, vocab.consent)
        _code(problems, "hub", hub, vocab.hub)
    if consent is None and not partial:
        problems.append(Problem("consent", "record whether the family consents to early help"))
    if not needs and not partial:
        problems.append(Problem("needs", "at least one presenting need is required"))
    _codes(problems, "needs", needs, vocab.need)
    if len(needs) > 1 and len(set(needs)) != len(needs):
        problems.append(Problem("needs", "a need is listed more than once"))
    if concerns:
        _codes(problems, "concerns", concerns, vocab.concern)
        if len(set(concerns)) != len(concerns):
            problems.append(Problem("concerns", "a concern is listed more than once"))
    if req.primary_need is not None and req.primary_need not in needs:
        problems.append(Problem("primary_need", "the primary need must be one of the needs"))
    for i, child in enumerate(req.children):
        if child.gender is None and child.ethnicity is None:
            continue  # nothing to check, and no field names to write (a route's children)
        _code(problems, f"children[{i}].gender", child.gender, vocab.gender)
        _code(problems, f"children[{i}].ethnicity", child.ethnicity, vocab.ethnicity)
    return problems


def check_children(req: TriageRequest, today: date, *, partial: bool = False) -> list[Problem]:
    """Each child is either unborn or has an age (given or from a date of birth), consistently.

    ``partial`` (contract rule 10) lets a child's age wait: the route does not depend on it.
    """
    problems: list[Problem] = [] if partial else missing_ages(req)
    for i, child in enumerate(req.children):
        born = child.date_of_birth
        if child.unborn and (child.age_years is not None or born is not None):
            problem = Problem(f"children[{i}]", "an unborn child has no age or date of birth")
            problems.append(problem)
        if born is not None:  # the field's name is written only for a date to check
            problems += _birth_problems(f"children[{i}]", born, child.age_years, today, req)
    return problems


def missing_ages(req: TriageRequest) -> list[Problem]:
    """Children named with no age, no date of birth and not unborn: needed before saving.

    The route does not wait for them: a child whose age is not known counts as a child in
    range (contract rule 11), so a missing age never lowers a route.
    """
    return [
        Problem(f"children[{i}].age_years", "give an age, a date of birth or unborn")
        for i, child in enumerate(req.children)
        if not child.unborn and child.age_years is None and child.date_of_birth is None
    ]


def _birth_problems(
    field: str, born: date, age: int | None, today: date, req: TriageRequest
) -> list[Problem]:
    """A date of birth between 1900 and the day the request was received.

    An age given with it must agree: ages are counted on that day, so one of them is wrong.
    """
    if born < limits.EARLIEST_DATE:
        return [Problem(f"{field}.date_of_birth", f"is before {limits.EARLIEST_DATE.year}")]
    if born > today:
        if req.received_at is None:
            return [Problem(f"{field}.date_of_birth", "is in the future")]
        return [Problem(f"{field}.date_of_birth", "is after the day the request was received")]
    if age is not None and age != age_on(born, today):
        return [
            Problem(
                f"{field}.age_years",
                f"does not agree with {field}.date_of_birth: give one of them, or correct it",
            )
        ]
    return []


def check_received(req: TriageRequest, now: datetime) -> list[Problem]:
    """When the request was received: not before 1900, and not after now.

    Ages are counted on the day received, so a date in the future would make a child look
    older than they are. ``now`` is this PC's clock; another's may run a few minutes fast
    (:data:`~triage_app.domain.limits.CLOCK_SKEW`). A time given without a zone is compared
    as if in UTC.
    """
    received = req.received_at
    if received is None:
        return []
    aware = received if received.tzinfo is not None else received.replace(tzinfo=UTC)
    if aware.date() < limits.EARLIEST_DATE:
        return [Problem("received_at", f"is before {limits.EARLIEST_DATE.year}")]
    if aware > now + limits.CLOCK_SKEW:
        return [Problem("received_at", "is in the future: check the date and the time zone")]
    return []


def _texts(req: TriageRequest) -> Iterator[tuple[str, str | None, int]]:
    """Each piece of free text the request carries: its field, its value, its column's length."""
    fam, ref = req.family, req.referrer
    if fam is not NO_FAMILY_DETAILS:  # the default: no text at all (every route request)
        yield "family.first_name", fam.first_name, limits.NAME
        yield "family.last_name", fam.last_name, limits.NAME
        yield "family.address", fam.address, limits.ADDRESS
        yield "family.phone", fam.phone, limits.PHONE
        yield "family.email", fam.email, limits.NAME
        yield "family.language", fam.language, limits.LANGUAGE
    if ref is not None:
        yield "referrer.name", ref.name, limits.NAME
        yield "referrer.organisation", ref.organisation, limits.NAME
        yield "referrer.phone", ref.phone, limits.PHONE
        yield "referrer.email", ref.email, limits.NAME
    yield "postcode", req.postcode, limits.POSTCODE
    yield "narrative", req.narrative, limits.NARRATIVE
    for i, child in enumerate(req.children):
        if child.first_name is None and child.last_name is None:
            continue  # no text, and no field names to write (a route's children)
        yield f"children[{i}].first_name", child.first_name, limits.NAME
        yield f"children[{i}].last_name", child.last_name, limits.NAME
    if req.emergency is not None:
        yield "emergency.called_by", req.emergency.called_by, limits.NAME
        yield "emergency.police_reference", req.emergency.police_reference, limits.NAME


def check_text(req: TriageRequest) -> list[Problem]:
    """Every piece of text fits its column, and holds no NUL (which no column can store)."""
    problems: list[Problem] = []
    for field, value, limit in _texts(req):
        if value is None:
            continue
        if len(value) > limit:
            problems.append(Problem(field, f"is too long: at most {limit} characters"))
        if limits.NUL in value:
            problems.append(Problem(field, "contains a NUL character, which cannot be stored"))
    return problems


def check_request(
    req: TriageRequest,
    vocab: Vocabularies,
    today: date,
    *,
    partial: bool = False,
    ages_may_wait: bool = False,
    text_checked: bool = False,
) -> list[Problem]:
    """All content checks: codes, children, text. An empty list means the request can be routed.

    ``partial``: see :func:`check_codes`; the caller decides it with
    :func:`triage_app.pathways.routes_partial`, where the contract's floors are stated.
    ``ages_may_wait``: children's missing ages are left to :func:`missing_ages` (the window
    shows the route for what is known while a child's date is put right).
    ``text_checked``: the request was read from JSON (:mod:`triage_app.domain.wire`), whose
    shapes bound every text by its column and refuse a NUL, so :func:`check_text` would
    find nothing (``tests/store/test_limits.py`` holds both to the columns).
    """
    problems = check_codes(req, vocab, partial=partial) + check_children(
        req, today, partial=partial or ages_may_wait
    )
    return problems if text_checked else problems + check_text(req)


def missing_answers(req: TriageRequest) -> Iterable[Problem]:
    """Safeguarding questions not yet asked: the window requires all three before saving."""
    for name in ("immediate_danger", "significant_harm", "domestic_abuse_high_risk"):
        if getattr(req.answers, name) is None:
            yield Problem(f"answers.{name}", "ask this question and record the answer")
