"""Covering indexes: a month's figures and the re-referral look-ups read no version rows.

Each index keeps its name and its leading columns, so every query that used it still does;
the columns added after them are what the figures group by or test, so SQLite and
PostgreSQL answer from the index alone instead of reading each wide version row. Two new
indexes order current versions by course of action then time, for the 12-month trend.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 20:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COUNTED = [
    "contact_method", "source", "primary_need", "pathway",
    "request_id", "family_last_name_key", "postcode_key", "phone_key",
]  # fmt: skip
_EARLIER = ["is_current", "received_at", "request_id"]

#: (table, index, columns before, columns after)
_WIDENED = [
    ("request_versions", "ix_request_versions_current_received",
     ["is_current", "received_at"], ["is_current", "received_at", "hub", *_COUNTED]),
    ("request_versions", "ix_request_versions_current_hub_received",
     ["is_current", "hub", "received_at"], ["is_current", "hub", "received_at", *_COUNTED]),
    ("request_versions", "ix_request_versions_family_postcode",
     ["family_last_name_key", "postcode_key"],
     ["family_last_name_key", "postcode_key", *_EARLIER]),
    ("request_versions", "ix_request_versions_phone", ["phone_key"], ["phone_key", *_EARLIER]),
    ("children", "ix_children_name_dob",
     ["last_name_key", "first_name_key", "date_of_birth"],
     ["last_name_key", "first_name_key", "date_of_birth", "version_id"]),
    ("children", "ix_children_version", ["version_id"],
     ["version_id", "unborn", "date_of_birth", "age_years", "gender", "ethnicity",
      "last_name_key", "first_name_key"]),
    ("request_needs", "ix_request_needs_version", ["version_id"],
     ["version_id", "position", "need"]),
]  # fmt: skip
_NEW = [
    ("ix_request_versions_current_pathway", ["is_current", "pathway", "received_at"]),
    ("ix_request_versions_current_hub_pathway", ["is_current", "hub", "pathway", "received_at"]),
]


def upgrade() -> None:
    for table, name, _before, after in _WIDENED:
        op.drop_index(name, table_name=table)
        op.create_index(name, table, after, unique=False)
    for name, columns in _NEW:
        op.create_index(name, "request_versions", columns, unique=False)


def downgrade() -> None:
    for name, _columns in _NEW:
        op.drop_index(name, table_name="request_versions")
    for table, name, before, _after in _WIDENED:
        op.drop_index(name, table_name=table)
        op.create_index(name, table, before, unique=False)
