"""Sending a save's statements to PostgreSQL without waiting for each one's answer.

A save runs about a dozen statements. Most return nothing the save reads (the children,
needs and actions inserted, the re-referral answers worked out again, the locks, the audit
entry), yet each would cost a round trip to the server and back, during which the desk's
process and the server take turns instead of working at once. Inside :func:`pipelined`,
PostgreSQL's pipeline mode sends a statement marked :data:`NO_WAIT` and moves on; every
other statement waits, as it always does, for its own answer and for every answer before
it. The server still runs the statements one after another, in the order they were sent
and in the same transaction, so what a save does (its locks, what each statement sees) is
unchanged: only the waiting is.

A statement that did not wait and failed makes the next one that waits fail, or the end
of :func:`pipelined`, with the same ``DBAPIError`` any failed statement raises, so
``Database.write()`` reports it as it reports any other and the transaction is rolled back
whole. On SQLite, which runs in the desk's own process and has no round trips to save,
:func:`pipelined` does nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, event
from sqlalchemy.engine.interfaces import ExecutionContext
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

_OPTION = "triage_no_wait"
#: Execution options of a statement whose result nobody reads: an INSERT (made ``inline()``,
#: so SQLAlchemy does not ask for the new row's id), a DELETE, or a lock taken.
NO_WAIT: dict[str, Any] = {_OPTION: True}
#: Where :func:`pipelined` keeps the driver's pipeline, in the connection's ``info``.
_PIPELINE = "triage_pipeline"


def wait_for_answers(engine: Engine) -> None:
    """Make each statement not marked :data:`NO_WAIT` wait for its answer in a pipeline.

    Registered on every PostgreSQL engine: SQLAlchemy reads a statement's columns and row
    count as soon as it is sent, and in pipeline mode they have not arrived yet.
    """

    @event.listens_for(engine, "after_cursor_execute")
    def wait(
        conn: Connection,
        _cursor: Any,
        _statement: str,
        _parameters: Any,
        context: ExecutionContext,
        _executemany: bool,
    ) -> None:
        pipeline = conn.info.get(_PIPELINE)
        if pipeline is not None and not context.execution_options.get(_OPTION):
            pipeline.sync()


@contextmanager
def pipelined(session: Session) -> Iterator[None]:
    """Within the block, the session's statements marked :data:`NO_WAIT` do not wait."""
    conn = session.connection()
    if conn.dialect.name != "postgresql" or _PIPELINE in conn.info:
        yield
        return
    error = conn.dialect.loaded_dbapi.Error
    # Kept from the start: once a statement finds the server gone, SQLAlchemy refuses to reach
    # the connection (and its ``info``) until the transaction is rolled back, which happens
    # only after this block; asking it then would hide the lost server behind that refusal.
    info = conn.info
    try:
        with conn.connection.driver_connection.pipeline() as pipeline:  # type: ignore[union-attr]
            info[_PIPELINE] = pipeline
            try:
                yield
            finally:
                info.pop(_PIPELINE, None)
    except error as e:  # raised at the end, by a statement that did not wait
        raise DBAPIError.instance(None, None, e, error, hide_parameters=True) from e
