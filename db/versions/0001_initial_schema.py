"""Initial schema: requests and their versions, drafts, audit trail, export batches.

Revision ID: 0001
Revises:
Create Date: 2026-11-25 18:47:47.978754
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from triage_app.store.audit_guard import allow_audit_changes, forbid_audit_changes

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "audit_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=40), nullable=True),
        sa.Column("desk", sa.String(length=200), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("record_ref", sa.String(length=60), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entries")),
        sa.UniqueConstraint("hash", name=op.f("uq_audit_entries_hash")),
    )
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.create_index("ix_audit_entries_at", ["at"], unique=False)
        batch_op.create_index("ix_audit_entries_record", ["record_ref"], unique=False)

    op.create_table(
        "drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.String(length=36), nullable=False),
        sa.Column("desk", sa.String(length=200), nullable=True),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drafts")),
        sa.UniqueConstraint("draft_id", name=op.f("uq_drafts_draft_id")),
    )
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.create_index("ix_drafts_open", ["status", "desk"], unique=False)

    op.create_table(
        "export_batches",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("schema_version", sa.String(length=20), nullable=False),
        sa.Column("record_count", sa.Integer(), nullable=False),
        sa.Column("manifest", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_export_batches")),
    )
    op.create_table(
        "requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("current_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_requests")),
        sa.UniqueConstraint("record_id", name=op.f("uq_requests_record_id")),
        sa.UniqueConstraint("reference", name=op.f("uq_requests_reference")),
    )
    op.create_table(
        "schema_stamps",
        sa.Column("revision", sa.String(length=40), nullable=False),
        sa.Column("app_version", sa.String(length=40), nullable=False),
        sa.Column("applied_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("revision", name=op.f("pk_schema_stamps")),
    )
    op.create_table(
        "request_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("is_current", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("desk", sa.String(length=200), nullable=True),
        sa.Column("amendment_reason", sa.Text(), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("contact_method", sa.String(length=40), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("referrer_name", sa.String(length=200), nullable=True),
        sa.Column("referrer_organisation", sa.String(length=200), nullable=True),
        sa.Column("referrer_phone", sa.String(length=40), nullable=True),
        sa.Column("referrer_email", sa.String(length=200), nullable=True),
        sa.Column("family_first_name", sa.String(length=200), nullable=True),
        sa.Column("family_last_name", sa.String(length=200), nullable=True),
        sa.Column("family_last_name_key", sa.String(length=200), nullable=True),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("withhold_address", sa.Boolean(), nullable=False),
        sa.Column("postcode", sa.String(length=12), nullable=True),
        sa.Column("postcode_key", sa.String(length=12), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("phone_key", sa.String(length=40), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("language", sa.String(length=80), nullable=True),
        sa.Column("interpreter", sa.Boolean(), nullable=False),
        sa.Column("send", sa.Boolean(), nullable=False),
        sa.Column("narrative", sa.Text(), nullable=True),
        sa.Column("immediate_danger", sa.Boolean(), nullable=True),
        sa.Column("significant_harm", sa.Boolean(), nullable=True),
        sa.Column("domestic_abuse_high_risk", sa.Boolean(), nullable=True),
        sa.Column("consent", sa.String(length=40), nullable=False),
        sa.Column("primary_need", sa.String(length=40), nullable=True),
        sa.Column("hub", sa.String(length=40), nullable=True),
        sa.Column("hub_chosen_by_staff", sa.Boolean(), nullable=False),
        sa.Column("pathway", sa.String(length=40), nullable=False),
        sa.Column("respond_within", sa.String(length=80), nullable=True),
        sa.Column("rules_version", sa.String(length=40), nullable=False),
        sa.Column("trace", sa.JSON(), nullable=False),
        sa.Column("advice", sa.JSON(), nullable=False),
        sa.Column("export_batch_id", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["export_batch_id"],
            ["export_batches.id"],
            name=op.f("fk_request_versions_export_batch_id_export_batches"),
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["requests.id"],
            name=op.f("fk_request_versions_request_id_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_request_versions")),
        sa.UniqueConstraint("request_id", "version", name="uq_request_versions_request_version"),
    )
    with op.batch_alter_table("request_versions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_request_versions_current_hub_received",
            ["is_current", "hub", "received_at"],
            unique=False,
        )
        batch_op.create_index(
            "ix_request_versions_current_received", ["is_current", "received_at"], unique=False
        )
        batch_op.create_index("ix_request_versions_export_batch", ["export_batch_id"], unique=False)
        batch_op.create_index(
            "ix_request_versions_family_postcode",
            ["family_last_name_key", "postcode_key"],
            unique=False,
        )
        batch_op.create_index("ix_request_versions_phone", ["phone_key"], unique=False)
        batch_op.create_index("ix_request_versions_postcode", ["postcode_key"], unique=False)

    op.create_table(
        "children",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("first_name", sa.String(length=200), nullable=True),
        sa.Column("last_name", sa.String(length=200), nullable=True),
        sa.Column("first_name_key", sa.String(length=200), nullable=True),
        sa.Column("last_name_key", sa.String(length=200), nullable=True),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("age_years", sa.Integer(), nullable=True),
        sa.Column("unborn", sa.Boolean(), nullable=False),
        sa.Column("gender", sa.String(length=40), nullable=True),
        sa.Column("ethnicity", sa.String(length=40), nullable=True),
        sa.Column("send", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["request_versions.id"],
            name=op.f("fk_children_version_id_request_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_children")),
    )
    with op.batch_alter_table("children", schema=None) as batch_op:
        batch_op.create_index(
            "ix_children_name_dob",
            ["last_name_key", "first_name_key", "date_of_birth"],
            unique=False,
        )
        batch_op.create_index("ix_children_version", ["version_id"], unique=False)

    op.create_table(
        "request_needs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("need", sa.String(length=40), nullable=False),
        sa.Column("is_primary", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["request_versions.id"],
            name=op.f("fk_request_needs_version_id_request_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_request_needs")),
    )
    with op.batch_alter_table("request_needs", schema=None) as batch_op:
        batch_op.create_index("ix_request_needs_version", ["version_id"], unique=False)

    op.create_table(
        "route_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.Column("done_by", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["request_versions.id"],
            name=op.f("fk_route_actions_version_id_request_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_route_actions")),
    )
    with op.batch_alter_table("route_actions", schema=None) as batch_op:
        batch_op.create_index("ix_route_actions_open", ["done_at"], unique=False)
        batch_op.create_index("ix_route_actions_version", ["version_id"], unique=False)
    forbid_audit_changes(op.get_bind())


def downgrade() -> None:
    allow_audit_changes(op.get_bind())

    with op.batch_alter_table("route_actions", schema=None) as batch_op:
        batch_op.drop_index("ix_route_actions_version")
        batch_op.drop_index("ix_route_actions_open")

    op.drop_table("route_actions")
    with op.batch_alter_table("request_needs", schema=None) as batch_op:
        batch_op.drop_index("ix_request_needs_version")

    op.drop_table("request_needs")
    with op.batch_alter_table("children", schema=None) as batch_op:
        batch_op.drop_index("ix_children_version")
        batch_op.drop_index("ix_children_name_dob")

    op.drop_table("children")
    with op.batch_alter_table("request_versions", schema=None) as batch_op:
        batch_op.drop_index("ix_request_versions_postcode")
        batch_op.drop_index("ix_request_versions_phone")
        batch_op.drop_index("ix_request_versions_family_postcode")
        batch_op.drop_index("ix_request_versions_export_batch")
        batch_op.drop_index("ix_request_versions_current_received")
        batch_op.drop_index("ix_request_versions_current_hub_received")

    op.drop_table("request_versions")
    op.drop_table("schema_stamps")
    op.drop_table("requests")
    op.drop_table("export_batches")
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.drop_index("ix_drafts_open")

    op.drop_table("drafts")
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_entries_record")
        batch_op.drop_index("ix_audit_entries_at")

    op.drop_table("audit_entries")
