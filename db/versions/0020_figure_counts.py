"""The month's figures kept as counts: ``figure_counts``.

A month's figures read some 40,000 versions and their children, needs and concerns at a
million requests (about a second each time the page or the command asked); they are now
kept as counts that move as versions become current (``store.figure_counts``), counted here
for every month from scratch by the same definition saves keep up (``store.figure_tally``).
A request's attempts are indexed with the version that carries them, which that definition
asks.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05 12:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from triage_app.store.figure_counts import recount_all  # noqa: PLC0415

    op.create_table(
        "figure_counts",
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("hub", sa.String(40), nullable=False),
        sa.Column("measure", sa.String(40), nullable=False),
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("month", "hub", "measure", "code", name=op.f("pk_figure_counts")),
        sqlite_with_rowid=False,
    )
    # The first attempt that reached the family, of those up to a version: from the index.
    op.drop_index("ix_contact_attempts_request", table_name="contact_attempts")
    op.create_index(
        "ix_contact_attempts_request",
        "contact_attempts",
        ["request_id", "reached", "at", "version"],
    )
    # The definition, not a copy of it: the counts must be the ones saves will keep up.
    with Session(bind=op.get_bind()) as session:
        recount_all(session)


def downgrade() -> None:
    op.drop_table("figure_counts")
    op.drop_index("ix_contact_attempts_request", table_name="contact_attempts")
    op.create_index(
        "ix_contact_attempts_request", "contact_attempts", ["request_id", "reached", "at"]
    )
