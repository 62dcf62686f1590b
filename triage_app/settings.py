"""Per-PC desk settings: is this PC the freephone line or a hub's reception, and which hub.

Set once per PC in the window's Settings and kept as a small JSON file in the user's config
folder, so a desk keeps its set-up when the database moves. Nothing personal is stored here.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from triage_app.errors import Problem, TriageError

if TYPE_CHECKING:
    from triage_app.domain.vocabulary import Vocabularies

DESK_FILE = "desk.json"
FREEPHONE = "freephone"
RECEPTION = "reception"
DESK_KINDS = (FREEPHONE, RECEPTION)
#: The audit action for a desk's settings being changed.
SETTINGS_CHANGE = "settings_change"
_SHAPE_VERSION = 1


@dataclass(frozen=True)
class DeskSettings:
    """How this PC's desk works.

    A ``freephone`` desk takes calls: the contact method starts as telephone and a call
    timer runs. A ``reception`` desk sees walk-ins at ``hub``: face to face, and the hub is
    the one routing falls back on when the postcode decides nothing.
    """

    kind: str = FREEPHONE
    hub: str | None = None
    desk_name: str = ""
    high_contrast: bool = False

    @property
    def contact_method(self) -> str:
        """The contact method a new request starts with at this desk."""
        return "face_to_face" if self.kind == RECEPTION else "telephone"

    @property
    def role(self) -> str:
        """The front-door role of someone working at this desk."""
        return "receptionist" if self.kind == RECEPTION else "call_handler"


def default_desk_name() -> str:
    """The PC's network name: tells desks apart in drafts and the audit trail."""
    import socket  # noqa: PLC0415 - its enums cost the window's first screen; asked once

    return socket.gethostname() or "this PC"


def default_settings() -> DeskSettings:
    """A freephone desk named after the PC: what a first start uses until someone sets it."""
    return DeskSettings(kind=FREEPHONE, hub=None, desk_name=default_desk_name())


def settings_path(config_dir: Path) -> Path:
    return config_dir / DESK_FILE


def check_desk_settings(settings: DeskSettings, vocab: Vocabularies) -> list[Problem]:
    """What is wrong with a desk's settings, each with its field."""
    problems = []
    if settings.kind not in DESK_KINDS:
        problems.append(Problem("kind", f"choose one of: {', '.join(DESK_KINDS)}"))
    if settings.kind == RECEPTION and not settings.hub:
        problems.append(Problem("hub", "a reception desk belongs to a hub: choose it"))
    if settings.hub is not None and settings.hub not in vocab.hub:
        problems.append(Problem("hub", vocab.hub.unknown(settings.hub)))
    if not settings.desk_name.strip():
        problems.append(Problem("desk_name", "give the desk a name staff will recognise"))
    return problems


def load_desk_settings(config_dir: Path) -> DeskSettings | None:
    """This PC's desk settings, or ``None`` if the desk has never been set up.

    Raises:
        TriageError: the file exists but cannot be read or is damaged.
    """
    path = settings_path(config_dir)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except OSError as e:
        raise TriageError(f"the desk settings in {path} cannot be read ({e.strerror})") from None
    except ValueError:
        raise TriageError(
            f"the desk settings in {path} are damaged; set the desk up again"
        ) from None
    try:
        return DeskSettings(
            kind=str(data["kind"]),
            hub=None if data.get("hub") is None else str(data["hub"]),
            desk_name=str(data.get("desk_name") or default_desk_name()),
            high_contrast=bool(data.get("high_contrast", False)),
        )
    except (KeyError, TypeError):
        raise TriageError(
            f"the desk settings in {path} are damaged; set the desk up again"
        ) from None


def save_desk_settings(config_dir: Path, settings: DeskSettings) -> None:
    """Write the settings atomically: a crash mid-write leaves the old file intact."""
    path = settings_path(config_dir)
    body = json.dumps({"version": _SHAPE_VERSION, **asdict(settings)}, indent=2)
    try:
        config_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(body + "\n", encoding="utf-8")
        os.replace(tmp, path)
    except OSError as e:
        raise TriageError(
            f"the desk settings cannot be saved in {config_dir} ({e.strerror})"
        ) from None


def describe(settings: DeskSettings) -> str:
    """A one-line account of a desk's set-up, for the audit trail and the status bar."""
    where = f" at {settings.hub}" if settings.hub else ""
    return f"{settings.kind}{where} ({settings.desk_name})"
