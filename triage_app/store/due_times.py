"""Filling in versions' due times where they are missing: an upgraded or bulk-loaded database.

A version saved by the app has its due time stamped as it is saved
(``store.version_values.version_values``). Versions stored before migration 0012, and demo rows
loaded by the SQLite bulk path (which writes plain tuples), get theirs here, worked out
with the same rule (``pathways.due``).
"""

from __future__ import annotations

import sqlalchemy as sa

from triage_app.pathways.due import due_at
from triage_app.store.types import UTCDateTime

_CHUNK = 5000


def fill_due_times(conn: sa.Connection) -> int:
    """Work out ``due_at`` for every version without one; returns how many were set."""
    rows = conn.execute(
        sa.text(
            "SELECT id, received_at, respond_within FROM request_versions WHERE due_at IS NULL"
        ).columns(
            sa.column("id", sa.Integer()),
            sa.column("received_at", UTCDateTime()),
            sa.column("respond_within", sa.String()),
        )
    ).all()
    update = sa.text("UPDATE request_versions SET due_at = :due WHERE id = :id").bindparams(
        sa.bindparam("due", type_=UTCDateTime())
    )
    found = [
        {"id": version_id, "due": due}
        for version_id, received_at, respond_within in rows
        if (due := due_at(received_at, respond_within)) is not None
    ]
    for start in range(0, len(found), _CHUNK):
        conn.execute(update, found[start : start + _CHUNK])
    return len(found)
