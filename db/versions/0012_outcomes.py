"""A request's life after the front door: status, outcome, attempts, notes, overrides.

Each version gains where the request stood when it was saved (``status``, ``outcome``,
``final_pathway``, ``assigned_to``), when its response is due (``due_at``, for the
follow-up queue's index) and what life change made it (``life_change``); each action gains
how it was settled (``state``, ``note``). Four tables hold the history: status changes,
contact attempts and notes (append-only, guarded by triggers as the audit trail is) and
pathway overrides.

Columns are added in place (``ADD COLUMN``), never by copying ``request_versions``: with
foreign keys on, dropping the old table would delete every child, need and action through
``ON DELETE CASCADE`` (see 0009).

Existing requests are filled in as their actions say (an emergency's "call 999" counting as
done when the request records the call): every action done (and the request
complete) — ``closed``, with the outcome ``not_recorded`` and a status change saying so;
some done — ``in_progress``; none — ``open``. Actions ticked done read as ``done``. Every
version's due time is worked out from when it was received and its ``respond_within``.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 03:00:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

from triage_app.store.due_times import fill_due_times
from triage_app.store.life_guard import allow_life_changes, forbid_life_changes
from triage_app.store.types import UTCDateTime

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_VERSION_COLUMNS = ("status", "outcome", "final_pathway", "assigned_to", "due_at", "life_change")
_NAME = 200
_CODE = 40
_BACKFILLED_BY = "migration 0012"
_BACKFILL_REASON = "every action was done before outcomes were recorded"


def _request_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["request_id"],
        ["requests.id"],
        name=op.f(f"fk_{table}_request_id_requests"),
        ondelete="CASCADE",
    )


def _common(table: str) -> list[Any]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        _request_fk(table),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


#: What the month's figures count by, held in the period indexes (as 0004 made them), and
#: what 0012 adds: the outcome, the pathway in force and the due time.
_COUNTED = (
    "contact_method", "source", "primary_need", "pathway",
    "request_id", "family_last_name_key", "postcode_key", "phone_key",
)  # fmt: skip
_COUNTED_NOW = (*_COUNTED, "outcome", "final_pathway", "due_at")
_PERIOD_INDEXES = {
    "ix_request_versions_current_received": ("is_current", "received_at", "hub"),
    "ix_request_versions_current_hub_received": ("is_current", "hub", "received_at"),
}


def _period_indexes(counted: tuple[str, ...]) -> None:
    """The figures' period indexes again, holding ``counted`` after their keys."""
    for name, keys in _PERIOD_INDEXES.items():
        op.drop_index(name, table_name="request_versions")
        op.create_index(name, "request_versions", [*keys, *counted])


def _add_columns() -> None:
    op.add_column(
        "request_versions",
        sa.Column("status", sa.String(12), server_default=sa.text("'open'"), nullable=False),
    )
    op.add_column("request_versions", sa.Column("outcome", sa.String(_CODE)))
    op.add_column("request_versions", sa.Column("final_pathway", sa.String(_CODE)))
    op.add_column("request_versions", sa.Column("assigned_to", sa.String(50)))
    op.add_column("request_versions", sa.Column("due_at", UTCDateTime()))
    op.add_column("request_versions", sa.Column("life_change", sa.String(_CODE)))
    op.add_column("route_actions", sa.Column("state", sa.String(20)))
    op.add_column("route_actions", sa.Column("note", sa.Text()))
    _period_indexes(_COUNTED_NOW)
    op.create_index(
        "ix_request_versions_open_hub",
        "request_versions",
        ["is_current", "status", "hub", "due_at", "assigned_to"],
    )
    op.create_index(
        "ix_request_versions_open_assigned",
        "request_versions",
        ["assigned_to", "is_current", "status", "due_at"],
    )


def _create_tables() -> None:
    op.create_table(
        "status_changes",
        *_common("status_changes"),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("changed_by", sa.String(_NAME), nullable=False),
        sa.Column("from_status", sa.String(12), nullable=False),
        sa.Column("to_status", sa.String(12), nullable=False),
        sa.Column("outcome", sa.String(_CODE)),
        sa.Column("reason", sa.Text()),
        sa.Column("mash_decision", sa.Text()),
    )
    op.create_index(
        "ix_status_changes_request", "status_changes", ["request_id", "to_status", "at"]
    )
    op.create_index("ix_status_changes_at", "status_changes", ["at", "to_status"])
    op.create_table(
        "contact_attempts",
        *_common("contact_attempts"),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.Column("made_by", sa.String(_NAME), nullable=False),
        sa.Column("method", sa.String(_CODE), nullable=False),
        sa.Column("reached", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text()),
    )
    op.create_index(
        "ix_contact_attempts_request", "contact_attempts", ["request_id", "reached", "at"]
    )
    op.create_table(
        "request_notes",
        *_common("request_notes"),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("author", sa.String(_NAME), nullable=False),
        sa.Column("text", sa.Text()),
    )
    op.create_index("ix_request_notes_request", "request_notes", ["request_id", "id"])
    op.create_table(
        "pathway_overrides",
        *_common("pathway_overrides"),
        sa.Column("asked_at", UTCDateTime(), nullable=False),
        sa.Column("asked_by", sa.String(_NAME), nullable=False),
        sa.Column("recommended", sa.String(_CODE), nullable=False),
        sa.Column("chosen", sa.String(_CODE), nullable=False),
        sa.Column("floor", sa.String(_CODE), nullable=False),
        sa.Column("direction", sa.String(4), nullable=False),
        sa.Column("reason", sa.Text()),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("decided_at", UTCDateTime()),
        sa.Column("decided_by", sa.String(_NAME)),
        sa.Column("decided_version", sa.Integer()),
        sa.Column("decision_note", sa.Text()),
    )
    op.create_index("ix_pathway_overrides_request", "pathway_overrides", ["request_id", "id"])
    op.create_index("ix_pathway_overrides_state", "pathway_overrides", ["state", "asked_at"])
    op.create_index("ix_pathway_overrides_asked", "pathway_overrides", ["asked_at"])


#: An emergency's "call 999" is settled by the call the request records (when, by whom).
_CALL = "SELECT v.{} FROM request_versions v WHERE v.id = route_actions.version_id"
_SETTLE_CALLS = (
    f"UPDATE route_actions SET done_at = ({_CALL.format('emergency_called_at')}), "
    f"done_by = ({_CALL.format('emergency_called_by')}) "
    "WHERE action = 'call_999' AND done_at IS NULL AND EXISTS "
    f"({_CALL.format('id')} AND v.emergency_called_at IS NOT NULL)"
)


def _backfill(conn: sa.Connection) -> None:
    conn.exec_driver_sql(_SETTLE_CALLS)
    conn.exec_driver_sql("UPDATE route_actions SET state = 'done' WHERE done_at IS NOT NULL")
    yes, no = ("1", "0") if conn.dialect.name == "sqlite" else ("true", "false")
    actions = "SELECT 1 FROM route_actions a WHERE a.version_id = request_versions.id AND "
    some_open, some_done = (
        f"EXISTS ({actions}a.done_at IS NULL)",
        f"EXISTS ({actions}a.done_at IS NOT NULL)",
    )
    conn.exec_driver_sql(
        "UPDATE request_versions SET status = 'closed', outcome = 'not_recorded' "
        f"WHERE is_current = {yes} AND incomplete = {no} AND NOT {some_open} AND {some_done}"
    )
    conn.exec_driver_sql(
        "UPDATE request_versions SET status = 'in_progress' "
        f"WHERE is_current = {yes} AND status = 'open' AND {some_done}"
    )
    conn.execute(
        sa.text(
            "INSERT INTO status_changes (request_id, version, at, changed_by, from_status, "
            "to_status, outcome, reason) SELECT request_id, version, :at, :by, 'open', 'closed', "
            "'not_recorded', :reason FROM request_versions WHERE status = 'closed'"
        ).bindparams(sa.bindparam("at", type_=UTCDateTime())),
        {"at": datetime.now(UTC), "by": _BACKFILLED_BY, "reason": _BACKFILL_REASON},
    )
    fill_due_times(conn)


def upgrade() -> None:
    _add_columns()
    _create_tables()
    forbid_life_changes(op.get_bind())
    _backfill(op.get_bind())


def downgrade() -> None:
    allow_life_changes(op.get_bind())
    for table in ("pathway_overrides", "request_notes", "contact_attempts", "status_changes"):
        op.drop_table(table)
    op.drop_index("ix_request_versions_open_assigned", table_name="request_versions")
    op.drop_index("ix_request_versions_open_hub", table_name="request_versions")
    _period_indexes(_COUNTED)
    op.drop_column("route_actions", "note")
    op.drop_column("route_actions", "state")
    for column in reversed(_VERSION_COLUMNS):
        op.drop_column("request_versions", column)
