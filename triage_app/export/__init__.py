"""Batches of requests for the central case system (EHM) and its Power BI dashboard.

The names below are imported when first used, not with the package: a helper process of a
large export (``workers``) imports only the plain-Python modules it encodes with, not the
database layer these stand on.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from triage_app.export.batches import (
        BatchInfo,
        ExportResult,
        export_pending,
        finish_interrupted,
        list_batches,
        write_batch_again,
    )
    from triage_app.export.record import SCHEMA_FILE, SCHEMA_VERSION
    from triage_app.export.waiting import PendingPart, PendingSummary, pending_part, pending_summary

_FROM = {
    "BatchInfo": "batches",
    "ExportResult": "batches",
    "PendingPart": "waiting",
    "PendingSummary": "waiting",
    "export_pending": "batches",
    "finish_interrupted": "batches",
    "list_batches": "batches",
    "pending_part": "waiting",
    "pending_summary": "waiting",
    "write_batch_again": "batches",
    "SCHEMA_FILE": "record",
    "SCHEMA_VERSION": "record",
}

__all__ = [
    "SCHEMA_FILE",
    "SCHEMA_VERSION",
    "BatchInfo",
    "ExportResult",
    "PendingPart",
    "PendingSummary",
    "export_pending",
    "finish_interrupted",
    "list_batches",
    "pending_part",
    "pending_summary",
    "write_batch_again",
]


def __getattr__(name: str) -> Any:
    module = _FROM.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
