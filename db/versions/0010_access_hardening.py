"""Access: one-time passwords, approvals by a second administrator, database settings, and
failed sign-ins under unknown names.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 00:30:00
"""

import secrets
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("staff") as batch:
        batch.add_column(
            sa.Column(
                "must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch.add_column(sa.Column("password_set_by", sa.String(length=120), nullable=True))
    with op.batch_alter_table("staff") as batch:
        batch.alter_column("must_change_password", server_default=None)
    op.create_table(
        "account_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("username", sa.String(length=50), nullable=False),
        sa.Column("role", sa.String(length=40), nullable=True),
        sa.Column("hub", sa.String(length=40), nullable=True),
        sa.Column("display_name", sa.String(length=200), nullable=True),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("requested_by", sa.String(length=50), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("decided_by", sa.String(length=50), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_changes")),
    )
    op.create_table(
        "database_settings",
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_database_settings")),
    )
    settings = sa.table(
        "database_settings",
        sa.column("name", sa.String),
        sa.column("value", sa.String),
        sa.column("changed_at", sa.DateTime),
    )
    # The key for unknown names is made here, once, so desks never race to make it.
    now = datetime.now(UTC).replace(tzinfo=None)
    op.bulk_insert(
        settings, [{"name": "sign_in_key", "value": secrets.token_hex(32), "changed_at": now}]
    )
    op.create_table(
        "unknown_name_sign_ins",
        sa.Column("bucket", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("bucket", name=op.f("pk_unknown_name_sign_ins")),
    )


def downgrade() -> None:
    op.drop_table("unknown_name_sign_ins")
    op.drop_table("database_settings")
    op.drop_table("account_changes")
    with op.batch_alter_table("staff") as batch:
        batch.drop_column("password_set_by")
        batch.drop_column("must_change_password")
