"""The proportions demo data follows, read from ``resources/demo.toml``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any

from triage_app.errors import TriageError

#: Choices with their cumulative weights, ready for ``random.choices(cum_weights=…)``.
Weights = tuple[tuple[str, ...], tuple[float, ...]]


def _weights(table: dict[str, Any]) -> Weights:
    return tuple(table), tuple(accumulate(float(v) for v in table.values()))


@dataclass(frozen=True)
class DemoProfile:
    """Weights for each choice the generator makes, and the invented names it uses."""

    hub: Weights
    need: Weights
    gender: Weights
    ethnicity: Weights
    contact_method: Weights
    source: Weights
    age_bands: tuple[tuple[tuple[int, int], ...], tuple[float, ...]]
    children_per_request: tuple[tuple[int, ...], tuple[float, ...]]
    rates: dict[str, float]
    #: Each safeguarding concern's chance of being ticked, drawn on its own.
    concerns: dict[str, float]
    #: By source: the chance that children live there but are not named yet.
    children_unknown: dict[str, float]
    surnames: tuple[str, ...]
    first_names: tuple[str, ...]
    languages: tuple[str, ...]
    phone_prefixes: tuple[str, ...]


def load_profile(resources: Path) -> DemoProfile:
    path = resources / "demo.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        rates = dict(data["rates"])
        per_request = rates.pop("children_per_request")
        return DemoProfile(
            hub=_weights(data["hub"]),
            need=_weights(data["need"]),
            gender=_weights(data["gender"]),
            ethnicity=_weights(data["ethnicity"]),
            contact_method=_weights(data["contact_method"]),
            source=_weights(data["source"]),
            age_bands=(
                tuple((int(a), int(b)) for a, b, _ in data["age"]["bands"]),
                tuple(accumulate(float(n) for _, _, n in data["age"]["bands"])),
            ),
            children_per_request=(
                tuple(int(n) for n, _ in per_request),
                tuple(accumulate(float(w) for _, w in per_request)),
            ),
            rates={k: float(v) for k, v in rates.items()},
            concerns={k: float(v) for k, v in data.get("concern", {}).items()},
            children_unknown={k: float(v) for k, v in data.get("children_unknown", {}).items()},
            surnames=tuple(data["names"]["surnames"]),
            first_names=tuple(data["names"]["first_names"]),
            languages=tuple(data["names"]["languages"]),
            phone_prefixes=tuple(data["names"]["phone_prefixes"]),
        )
    except (OSError, KeyError, TypeError, ValueError, tomllib.TOMLDecodeError) as e:
        raise TriageError(f"{path}: cannot be used for demo data ({e})") from None
