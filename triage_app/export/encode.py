"""A chunk of versions, as read, made into the bytes of both files: records and flat rows.

Plain Python, so that it runs in this process or in a helper process alike
(``triage_app.export.workers``); either way the same chunk gives the same bytes.
"""

from __future__ import annotations

from typing import NamedTuple

from triage_app.export.flat import csv_lines
from triage_app.export.pieces import Assembler, RawChunk
from triage_app.export.record import SCHEMA_VERSION, record_lines, trace_cache


class Encoded(NamedTuple):
    """A chunk's lines of ``requests.jsonl`` and of ``requests.csv``, as UTF-8."""

    records: bytes
    flat: bytes
    size: int


class ChunkEncoder:
    """Encodes the chunks of one export in order, remembering what recurs between them.

    A rule trace, a list of needs or of actions is encoded once however many versions share
    it: one encoder serves one export (or one helper process of it). ``record_format``: the
    record format written (``record.FORMATS``); a past batch is written again in its own.
    """

    def __init__(self, record_format: str = SCHEMA_VERSION) -> None:
        self._assemble = Assembler()
        self._trace = trace_cache()
        self._format = record_format

    def __call__(self, raw: RawChunk) -> Encoded:
        chunk = self._assemble(raw)
        lines = record_lines(
            chunk.columns,
            created_at=chunk.created_at,
            received_at=chunk.received_at,
            children=[k.json for k in chunk.children],
            needs=[n.json for n in chunk.needs],
            actions=[a.json for a in chunk.actions],
            concerns=[c.json for c in chunk.concerns],
            life=chunk.life,
            trace=self._trace,
            record_format=self._format,
        )
        return Encoded(
            "".join(lines).encode("utf-8"),
            "".join(csv_lines(chunk, self._format)).encode("utf-8"),
            len(lines),
        )
