"""Re-referrals keep when their earlier requests last closed: ``rereferrals.earlier_closed_at``.

The figures count a month's re-referrals by the time since an earlier request closed. They
sought each re-referral's earlier requests and their closings every time (1.9 s of 3 s for a
month at a million requests); the answer is fixed once the re-referral is received, so it is
now kept with it, worked out by the same definition (``store.rereferrals``) here and at
every save. The two indexes of the month's re-referrals hold it too.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05 09:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

from triage_app.store.types import UTCDateTime

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from triage_app.store.rereferrals import store_closings  # noqa: PLC0415

    op.add_column("rereferrals", sa.Column("earlier_closed_at", UTCDateTime(), nullable=True))
    # The definition, not a copy of it: the times must be the ones saves will keep up.
    with Session(bind=op.get_bind()) as session:
        store_closings(session)
    _indexes(["earlier_closed_at"])


def downgrade() -> None:
    _indexes([])
    with op.batch_alter_table("rereferrals") as batch:
        batch.drop_column("earlier_closed_at")


def _indexes(also: list[str]) -> None:
    """The month's re-referrals by time (and hub), holding ``also``: the index alone answers."""
    for name, columns in (
        ("ix_rereferrals_received", ["received_at", "hub"]),
        ("ix_rereferrals_hub_received", ["hub", "received_at"]),
    ):
        op.drop_index(name, table_name="rereferrals")
        op.create_index(name, "rereferrals", [*columns, *also])
