"""The audit heads export batches carried, read back from a folder of batches.

``db check --against DIR`` checks the local audit trail against these: the central system's
copy of what was sent is out of reach of whoever can edit the desk's database.
"""

from __future__ import annotations

import json
from pathlib import Path

from triage_app.errors import InvalidInput, Problem
from triage_app.export.files import MANIFEST_FILE
from triage_app.store.audit_check import SentHead, manifest_head


def sent_heads(folder: Path) -> list[SentHead]:
    """The head in every ``manifest.json`` under ``folder`` (a batch, or a folder of them).

    Manifests from before heads were sent carry none and are passed over.

    Raises:
        InvalidInput: the folder holds no manifest, or one that cannot be read.
    """
    if not folder.is_dir():
        raise InvalidInput([Problem("--against", f"{folder} is not a folder")])
    heads = []
    found = sorted(folder.rglob(MANIFEST_FILE))
    for path in found:
        try:
            content = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise InvalidInput(
                [Problem("--against", f"{path} cannot be read as an export manifest")]
            ) from None
        head = manifest_head(content)
        if head is not None:
            batch = content.get("batch_id") if isinstance(content, dict) else None
            name = batch if isinstance(batch, str) else path.parent.name
            heads.append(SentHead(f"export batch {name[:60]} (in {path.parent})", head))
    if not heads:
        raise InvalidInput(
            [Problem("--against", f"no export manifest carrying an audit head in {folder}")]
        )
    return heads
