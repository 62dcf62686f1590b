"""Batches of requests for the central case system (EHM) and its Power BI dashboard."""

from triage_app.export.batches import (
    BatchInfo,
    ExportResult,
    PendingSummary,
    export_pending,
    finish_interrupted,
    list_batches,
    pending_summary,
    write_batch_again,
)
from triage_app.export.record import SCHEMA_FILE, SCHEMA_VERSION

__all__ = [
    "SCHEMA_FILE",
    "SCHEMA_VERSION",
    "BatchInfo",
    "ExportResult",
    "PendingSummary",
    "export_pending",
    "finish_interrupted",
    "list_batches",
    "pending_summary",
    "write_batch_again",
]
