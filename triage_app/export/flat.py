"""The flat CSV rows of the records, for the Power BI dashboard.

One row per record version. The dashboard counts and filters; it does not need to know who
a family is, so the CSV carries no names, address, phone, email or narrative (those go to the
case system in ``requests.jsonl`` only), and locality as the postcode district (``CV6``),
never the full postcode. Children and needs are flattened to counts and ``;``-joined codes
in the order they were given. Every cell is neutralised (see ``cells``).

A row is written as ``csv.writer`` (RFC 4180, CRLF) writes it. Nearly every row needs
neither quotes nor a neutralised cell, and then it is its cells joined by commas; a few
searches of a chunk's joined rows tell (see :func:`written`), and only a row that needs
either goes through ``csv.writer`` itself. The cells are made a column at a time.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from triage_app.domain.ages import age_on
from triage_app.export.cells import FORMULA_STARTS, safe_row
from triage_app.export.pieces import Children, Chunk
from triage_app.export.record import SCHEMA_VERSION

HEADER_V1 = (
    "record_id", "reference", "version", "received_at", "created_at", "author", "desk",
    "contact_method", "source", "referrer_organisation", "postcode_district",
    "address_withheld", "language", "interpreter", "send", "consent",
    "immediate_danger", "significant_harm", "domestic_abuse_high_risk",
    "primary_need", "needs", "need_count",
    "child_count", "unborn_count", "child_ages", "child_genders", "child_ethnicities",
    "child_send_count", "hub", "hub_chosen_by_staff", "pathway", "actions",
    "respond_within", "rules_version",
)  # fmt: skip
#: Record format 2 adds, at the end, the concerns (``;``-joined codes, and how many), whether
#: children of unknown number or age live there, the earlier requests counted, whether 999
#: was called (never who called, nor the police reference) and whether it is incomplete.
HEADER_V2 = (
    *HEADER_V1,
    "concerns", "concern_count", "children_unknown", "earlier_requests", "emergency_called",
    "incomplete",
)  # fmt: skip
#: Record format 3 adds the request's life as this version left it: status, outcome, the
#: pathway in force, what changed, whether it is assigned (never to whom), and how many
#: attempts (and of them reached), notes and overrides this version carried (never a word).
HEADER = (
    *HEADER_V2,
    "status", "outcome", "final_pathway", "life_change", "assigned", "attempt_count",
    "reached_count", "note_count", "override_count",
)  # fmt: skip
_HEADERS = {"1": HEADER_V1, "2": HEADER_V2, "3": HEADER}
#: What a cell that spreadsheets would take for a formula begins with, but a line break.
_FORMULA_CHARACTERS = tuple(c for c in FORMULA_STARTS if c not in "\r\n")


def _texts(column: Iterable[str | None]) -> list[str]:
    return [v or "" for v in column]


def _yes_no(column: Iterable[Any]) -> list[str]:
    return ["yes" if v else "no" for v in column]


def _flags(column: Iterable[Any]) -> list[str]:
    return ["" if v is None else ("yes" if v else "no") for v in column]


def _district(postcode: str | None) -> str:
    """The outward code: ``CV6 1HD`` → ``CV6``."""
    if not postcode:
        return ""
    compact = postcode.replace(" ", "")
    return compact[:-3] if len(compact) >= 5 else compact


def _ages(children: Children, received_at: str) -> str:
    """Each child's age on the (UTC) day the request was received, ``;``-joined."""
    if not children.size:
        return ""
    received = date.fromisoformat(received_at[:10])
    return ";".join([a if isinstance(a, str) else str(age_on(a, received)) for a in children.ages])


def _plain(text: str, lines: int, commas: int) -> bool:
    """Whether ``csv.writer`` would write these lines of joined cells as they are.

    ``text`` is ``lines`` lines, each of its cells joined by commas and ended by CRLF. They
    are as ``csv.writer`` writes them, neutralising none, when no cell holds a quote, a line
    break or NUL (which it quotes) or a comma (which shows as more commas than cells), and no
    cell begins as a formula does. A whole chunk is asked at once, by searches in C over its
    text: one character is searched for quickest, so a pair (``,=``) only where its second
    character is there at all.
    """
    return (
        text.count(",") == commas * lines
        and text.count("\r") == lines
        and text.count("\n") == lines
        and '"' not in text
        and "\0" not in text
        and text[:1] not in FORMULA_STARTS
        # a cell after the first that begins as a formula does (line breaks are counted above)
        and not any(
            start in text and ("," + start in text or "\n" + start in text)
            for start in _FORMULA_CHARACTERS
        )
    )


def _written_by_csv(cells: Sequence[str]) -> str:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerow(safe_row(list(cells)))
    return buffer.getvalue()


def header_line(record_format: str = SCHEMA_VERSION) -> str:
    return _written_by_csv(_HEADERS[record_format])


def csv_lines(chunk: Chunk, record_format: str = SCHEMA_VERSION) -> list[str]:
    """The chunk's records as CSV lines, cells in ``HEADER`` order, every one neutralised.

    In ``record_format`` 1 (a past batch written again), the columns of ``HEADER_V1``.
    """
    c, kids, needs, actions = chunk.columns, chunk.children, chunk.needs, chunk.actions
    withheld = c.withhold_address
    columns: tuple[Sequence[str], ...] = (
        c.record_id, c.reference, list(map(str, c.version)), chunk.received_at,
        chunk.created_at, _texts(c.author), _texts(c.desk), c.contact_method, c.source,
        _texts(c.referrer_organisation),
        ["" if w else _district(p) for w, p in zip(withheld, c.postcode, strict=True)],
        _yes_no(withheld), _texts(c.language), _yes_no(c.interpreter), _yes_no(c.send),
        _texts(c.consent), _flags(c.immediate_danger), _flags(c.significant_harm),
        _flags(c.domestic_abuse_high_risk), _texts(c.primary_need),
        [n.joined for n in needs], [str(n.size) for n in needs],
        [str(k.size) for k in kids], [str(k.unborn) for k in kids],
        list(map(_ages, kids, chunk.received_at)),
        [k.genders for k in kids], [k.ethnicities for k in kids], [str(k.send) for k in kids],
        _texts(c.hub), _yes_no(c.hub_chosen_by_staff), c.pathway, [a.joined for a in actions],
        _texts(c.respond_within), _texts(c.rules_version),
    )  # fmt: skip
    if record_format != "1":
        columns += (
            [k.joined for k in chunk.concerns], [str(k.size) for k in chunk.concerns],
            _yes_no(c.children_unknown), list(map(str, c.earlier_requests)),
            _yes_no(at is not None for at in c.emergency_called_at), _yes_no(c.incomplete),
        )  # fmt: skip
    if record_format not in ("1", "2"):
        columns += _life_columns(chunk)
    return written(columns)


def written(columns: Sequence[Sequence[str]]) -> list[str]:
    """The rows of these columns of cells as ``csv.writer`` writes them, every cell made safe.

    Nearly always one piece of text: a chunk's rows joined as they are, when a few searches
    of it show that ``csv.writer`` would write them so; otherwise line by line, each as plain
    or written by ``csv.writer`` itself.
    """
    commas = len(columns) - 1
    rows = list(zip(*columns, strict=True))
    text = "\r\n".join(map(",".join, rows)) + "\r\n"
    if _plain(text, len(rows), commas):
        return [text]
    lines = [",".join(cells) + "\r\n" for cells in rows]
    return [
        line if _plain(line, 1, commas) else _written_by_csv(cells)
        for line, cells in zip(lines, rows, strict=True)
    ]


def _life_columns(chunk: Chunk) -> tuple[Sequence[str], ...]:
    """Format 3's cells: the life as the version left it, and counts of what it carried."""
    c = chunk.columns
    return (
        list(c.status), _texts(c.outcome),
        [f or p for f, p in zip(c.final_pathway, c.pathway, strict=True)],
        _texts(c.life_change), _yes_no(a is not None for a in c.assigned_to),
        *(list(map(str, counted)) for counted in chunk.life_counts),
    )  # fmt: skip
