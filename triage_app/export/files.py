"""The files of one batch, written so that the same records always give the same bytes.

``requests.jsonl`` has one record per line, keys sorted, no spaces, non-ASCII escaped;
``requests.csv`` is UTF-8 with one header row and CRLF line ends (RFC 4180);
``manifest.json`` names the batch and gives each file's size and SHA-256, so the receiver
can tell a whole batch from a damaged one, and carries the audit trail's head when the batch
was made (entry number and hash), so the central system holds evidence the local database
cannot rewrite (``db check --against``). Every file is flushed to disk (``fsync``) before
the batch is recorded as sent.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from triage_app.export.encode import Encoded
from triage_app.export.flat import header_line
from triage_app.export.record import SCHEMA_VERSION, moment
from triage_app.store.audit_anchor import Head
from triage_app.store.audit_check import MANIFEST_HEAD

RECORDS_FILE = "requests.jsonl"
CSV_FILE = "requests.csv"
MANIFEST_FILE = "manifest.json"
FORMAT = "here-to-help-requests"
#: Records per chunk: per read, per write, and between progress reports.
CHUNK = 2000


class _Hashed:
    """A file being written, with its running SHA-256 and size."""

    def __init__(self, path: Path) -> None:
        self.file: BinaryIO = path.open("xb")
        self.sha = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> None:
        self.sha.update(data)
        self.size += len(data)
        self.file.write(data)

    def abandon(self) -> None:
        """Close without flushing: the export failed, and the folder is removed."""
        self.file.close()

    def close(self) -> dict[str, Any]:
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        return {"bytes": self.size, "sha256": self.sha.hexdigest()}


@dataclass(frozen=True)
class WrittenFiles:
    record_count: int
    files: dict[str, dict[str, Any]]


def write_records(
    folder: Path,
    chunks: Iterable[Encoded],
    on_chunk: Callable[[int], None] | None = None,
    *,
    record_format: str = SCHEMA_VERSION,
) -> WrittenFiles:
    """Write ``requests.jsonl`` and ``requests.csv`` into ``folder``, a chunk at a time.

    One large write (and hash update) per file per chunk; ``on_chunk`` hears the count so far.
    """
    jsonl, table = _Hashed(folder / RECORDS_FILE), _Hashed(folder / CSV_FILE)
    count = 0
    try:
        table.write(header_line(record_format).encode("utf-8"))
        for chunk in chunks:
            jsonl.write(chunk.records)
            table.write(chunk.flat)
            count += chunk.size
            if on_chunk is not None:
                on_chunk(count)
        if on_chunk is not None and not count:
            on_chunk(0)
    except BaseException:
        jsonl.abandon()
        table.abandon()
        raise
    return WrittenFiles(count, {RECORDS_FILE: jsonl.close(), CSV_FILE: table.close()})


def manifest(
    batch_id: str, created_at: datetime, written: WrittenFiles, audit_head: Head
) -> dict[str, Any]:
    return {
        MANIFEST_HEAD: {"entry": audit_head.entry, "hash": audit_head.hash},
        "format": FORMAT,
        "batch_id": batch_id,
        "created_at": moment(created_at),
        "schema_version": SCHEMA_VERSION,
        "record_count": written.record_count,
        "files": written.files,
    }


def write_manifest(folder: Path, content: dict[str, Any]) -> None:
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, indent=2) + "\n"
    out = _Hashed(folder / MANIFEST_FILE)
    out.write(text.encode("utf-8"))
    out.close()


def sync_folder(folder: Path) -> None:
    """Make a folder's entries (new files, a rename) durable; Windows has no such call."""
    if os.name == "nt":  # pragma: no cover - NTFS journals directory entries itself
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
