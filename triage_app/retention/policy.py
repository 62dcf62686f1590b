"""How long each kind of record is kept: one value per kind, all of them the service's to set.

The defaults are this project's proposal, not a decision: the seeds say nothing about
retention, so each value needs the service's information governance decision (see
``docs/information-governance.md``). They can be changed without a programmer, in
``retention.toml`` in the app's configuration folder.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

from triage_app.errors import InvalidInput, Problem

POLICY_FILE = "retention.toml"


@dataclass(frozen=True)
class RetentionPolicy:
    """Days each kind of record is kept after it last changed.

    Attributes:
        request_days: a request (every version, its children, needs and actions), counted from
            its newest version. Proposed: six years (2,192 days).
        open_draft_days: a draft never saved nor discarded (a form left half-typed).
        closed_draft_days: what is left of a saved or discarded draft (its content is already
            cleared at that moment; only its id, desk and times remain).
    """

    request_days: int = 2192
    open_draft_days: int = 30
    closed_draft_days: int = 7

    def __post_init__(self) -> None:
        problems = [
            Problem(f.name, "must be a whole number of days, at least 1")
            for f in fields(self)
            if _bad_days(getattr(self, f.name))
        ]
        if problems:
            raise InvalidInput(problems, POLICY_FILE)


def load_policy(config_dir: Path, default: RetentionPolicy) -> RetentionPolicy:
    """``retention.toml`` in ``config_dir`` if there is one, else ``default``.

    A value the file leaves out keeps ``default``'s.

    Raises:
        InvalidInput: the file is not TOML, names an unknown value or gives a bad number.
    """
    path = config_dir / POLICY_FILE
    if not path.exists():
        return default
    import tomllib  # noqa: PLC0415 - only a PC with a retention file pays for the parser

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise InvalidInput([Problem("", f"not valid TOML ({e})")], str(path)) from None
    known = {f.name for f in fields(RetentionPolicy)}
    unknown = [Problem(k, f"unknown value; use one of {', '.join(sorted(known))}") for k in data]
    unknown = [p for p in unknown if p.field not in known]
    if unknown:
        raise InvalidInput(unknown, str(path))
    values = {f.name: getattr(default, f.name) for f in fields(RetentionPolicy)}
    values.update(data)
    return RetentionPolicy(**values)


def _bad_days(value: object) -> bool:
    return isinstance(value, bool) or not isinstance(value, int) or value < 1
