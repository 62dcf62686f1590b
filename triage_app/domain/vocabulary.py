"""The service's fixed vocabularies and hubs, loaded from ``resources/`` into typed values.

Codes live in data so that labels can be reworded without a release and so that nothing in
the code spells a code out except where the routing safety contract names one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from triage_app.errors import ECHO_LIMIT, TriageError, echo

VOCABULARY_NAMES = (
    "contact_method",
    "source",
    "need",
    "concern",
    "pathway",
    "consent",
    "gender",
    "ethnicity",
    "outcome",
    "attempt_method",
)


@dataclass(frozen=True)
class Term:
    """One code with the label staff see."""

    code: str
    label: str


@dataclass(frozen=True)
class Vocabulary:
    """An ordered set of codes; order is display order (for pathways, urgency)."""

    name: str
    terms: tuple[Term, ...]
    #: The codes as a set: ``code in vocab.known`` is a set test, where ``code in vocab``
    #: first calls :meth:`__contains__` (checking a request reads it for every code).
    known: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "known", frozenset(t.code for t in self.terms))

    def __contains__(self, code: object) -> bool:
        return code in self.known

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def __len__(self) -> int:
        return len(self.terms)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(t.code for t in self.terms)

    def label(self, code: str) -> str:
        for term in self.terms:
            if term.code == code:
                return term.label
        raise KeyError(code)

    def index(self, code: str) -> int:
        """Position in the vocabulary; for pathways, 0 is the most urgent."""
        return self.codes.index(code)

    def suggest(self, code: str) -> str:
        """A "did you mean" hint for an unknown code, or an empty string."""
        if len(code) > 2 * ECHO_LIMIT:  # nothing that long was meant as a code
            return ""
        import difflib  # noqa: PLC0415 - only a mistyped code needs it, not every start

        close = difflib.get_close_matches(code, self.codes, n=1)
        return f" — did you mean '{close[0]}'?" if close else ""

    def unknown(self, code: str) -> str:
        """The message for a code that is not in this vocabulary."""
        return f"unknown {self.name.replace('_', ' ')} '{echo(code)}'{self.suggest(code)}"


@dataclass(frozen=True)
class AgeBand:
    """A band of table 3.5: ``from_years`` inclusive, ``to_years`` exclusive (None: open)."""

    code: str
    label: str
    from_years: int
    to_years: int | None

    def holds(self, age_years: int) -> bool:
        return age_years >= self.from_years and (self.to_years is None or age_years < self.to_years)


@dataclass(frozen=True)
class Hub:
    """A Family Hub as the leaflet prints it."""

    code: str
    name: str
    reach_area: str
    address: str
    phone: str
    note: str = ""
    directions: str = ""


@dataclass(frozen=True)
class Vocabularies:
    """Everything a request's codes are checked against."""

    contact_method: Vocabulary
    source: Vocabulary
    need: Vocabulary
    #: Safeguarding concerns (contract rules 9–14), apart from the report's table of needs.
    concern: Vocabulary
    pathway: Vocabulary
    consent: Vocabulary
    gender: Vocabulary
    ethnicity: Vocabulary
    #: What happened to a closed request (issue 18).
    outcome: Vocabulary
    #: How staff tried to reach a family.
    attempt_method: Vocabulary
    age_bands: tuple[AgeBand, ...]
    hubs: tuple[Hub, ...]

    @cached_property
    def hub(self) -> Vocabulary:
        """The hubs as a vocabulary of code → name, for checks and pick lists."""
        return Vocabulary("hub", tuple(Term(h.code, h.name) for h in self.hubs))

    def hub_by_code(self, code: str) -> Hub:
        for hub in self.hubs:
            if hub.code == code:
                return hub
        raise KeyError(code)

    def age_band(self, age_years: int) -> AgeBand:
        for band in self.age_bands:
            if band.holds(age_years):
                return band
        raise ValueError(f"no age band holds {age_years}")


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib  # noqa: PLC0415 - the parser loads with the files, behind the first screen

    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except OSError as e:
        raise TriageError(f"{path}: cannot be read ({e.strerror})") from None
    except tomllib.TOMLDecodeError as e:
        raise TriageError(f"{path}: not valid TOML ({e})") from None


def _vocabulary(name: str, table: object, path: Path) -> Vocabulary:
    if not isinstance(table, dict) or not table:
        raise TriageError(f"{path}: [{name}] is missing or empty")
    return Vocabulary(name, tuple(Term(str(code), str(label)) for code, label in table.items()))


def load_vocabularies(resources: Path) -> Vocabularies:
    """Read ``vocabularies.toml`` and ``hubs.toml`` from the resources folder."""
    vocab_path = resources / "vocabularies.toml"
    hubs_path = resources / "hubs.toml"
    data = _read_toml(vocab_path)
    hubs = _read_toml(hubs_path)
    try:
        bands = tuple(
            AgeBand(str(b["code"]), str(b["label"]), int(b["from_years"]), b.get("to_years"))
            for b in data["age_band"]
        )
        hub_list = tuple(Hub(**h) for h in hubs["hub"])
    except (KeyError, TypeError, ValueError) as e:
        raise TriageError(f"{vocab_path.parent}: malformed age band or hub entry ({e})") from None
    vocabs = {name: _vocabulary(name, data.get(name), vocab_path) for name in VOCABULARY_NAMES}
    return Vocabularies(age_bands=bands, hubs=hub_list, **vocabs)
