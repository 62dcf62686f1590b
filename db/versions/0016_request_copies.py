"""Requests started from an earlier one's details: ``request_copies``.

"Use these details" fills a new request with an earlier request's family and children. The
link is stored both ways: the new request names the earlier one, and the index on
``copied_from_id`` lists, for any request, the later ones started from it. Erasing a
request's personal data keeps its row, so the link survives an erasure.

Revision ID: 0016
Revises: 0013
Create Date: 2026-12-05 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from triage_app.store.types import UTCDateTime

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "request_copies",
        sa.Column("request_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("copied_from_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["requests.id"],
            name=op.f("fk_request_copies_request_id_requests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["copied_from_id"],
            ["requests.id"],
            name=op.f("fk_request_copies_copied_from_id_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("request_id", name=op.f("pk_request_copies")),
    )
    op.create_index(
        "ix_request_copies_copied_from",
        "request_copies",
        ["copied_from_id", "request_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_request_copies_copied_from", table_name="request_copies")
    op.drop_table("request_copies")
