"""Reading one chunk of an export with the database driver alone.

The queries of a chunk (``rows.chunk_sql``) are made once per export, as SQL text for
the database in use, so that a helper process (``workers``) can run them on its own
connection without loading the database layer. The chunk's version ids go into the text
(on SQLite as one JSON array, see ``rows``): they are integers from the database, each passed
through ``int`` on the way, so nothing but digits and commas enters it; and a list of ids as
text has no limit on its length, where bound parameters do (999 on older SQLite).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from triage_app.errors import TriageError
from triage_app.export.pieces import RawChunk

#: Where a query's text takes the chunk's ids: ``... IN (__chunk_ids__)``.
IDS_MARK = "__chunk_ids__"

#: Runs one query (its text) and returns all its rows as the driver's tuples.
Run = Callable[[str], list[tuple[Any, ...]]]


class ChunkSql(NamedTuple):
    """A chunk's queries as SQL text, each with :data:`IDS_MARK` where its ids go."""

    versions: str
    children: str
    needs: str
    actions: str
    concerns: str
    #: The request's life the versions carried (``rows.life_queries``).
    life: tuple[str, ...]


def read_chunk(run: Run, sql: ChunkSql, ids: list[int]) -> RawChunk:
    """The rows of the versions ``ids`` names (the versions in no particular order).

    Run in one transaction, so the rows agree. Refused if any version is no longer there: a
    chunk may be read after the list was made (by a helper, in a read of its own), and a
    version deleted meanwhile (by the retention clean-up) must not leave a hole in the batch.
    """
    listed = ",".join(map(str, map(int, ids)))
    versions = run(sql.versions.replace(IDS_MARK, listed))
    if len(versions) != len(ids):
        raise TriageError(
            "some of the requests being exported were deleted while it ran; nothing was "
            "exported: run the export again"
        )
    return RawChunk(
        versions,
        run(sql.children.replace(IDS_MARK, listed)),
        run(sql.needs.replace(IDS_MARK, listed)),
        run(sql.actions.replace(IDS_MARK, listed)),
        run(sql.concerns.replace(IDS_MARK, listed)),
        [run(query.replace(IDS_MARK, listed)) for query in sql.life],
    )
