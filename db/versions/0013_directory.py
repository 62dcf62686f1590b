"""The services directory: hubs and partner services as records, seeded from resources/.

Each entry keeps its contact details beside their sources, what it offers (need and concern
codes), its status and when it was last checked; every saved version is kept whole. The
hubs and partners of ``resources/`` are written as each entry's first version.

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-05 03:20:00
"""

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from triage_app.directory.seed import load_seed
from triage_app.locations import resources_dir
from triage_app.store.directory import entry_dict, offer_values, service_values
from triage_app.store.types import UTCDateTime

revision: str = "0013"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Who the seeded first versions are recorded as saved by.
SEEDED_BY = "Here to Help (from resources/)"


def _detail(name: str, length: int | None) -> list[sa.Column]:
    kind = sa.Text() if length is None else sa.String(length=length)
    return [
        sa.Column(name, kind, nullable=False),
        sa.Column(f"{name}_source", sa.String(length=200), nullable=False),
    ]


def upgrade() -> None:
    services = op.create_table(
        "directory_services",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("age_from", sa.Integer(), nullable=True),
        sa.Column("age_to", sa.Integer(), nullable=True),
        sa.Column("area", sa.String(length=200), nullable=False),
        *_detail("phone", 40),
        *_detail("email", 200),
        *_detail("web", 200),
        *_detail("address", None),
        *_detail("opening_hours", None),
        sa.Column("referral", sa.String(length=40), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("for_families", sa.Boolean(), nullable=False),
        sa.Column("hint", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("checked_at", UTCDateTime(), nullable=True),
        sa.Column("checked_by", sa.String(length=200), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_services")),
        sa.UniqueConstraint("code", name=op.f("uq_directory_services_code")),
    )
    offers = op.create_table(
        "directory_offers",
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["directory_services.id"],
            name=op.f("fk_directory_offers_service_id_directory_services"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("service_id", "kind", "code", name=op.f("pk_directory_offers")),
    )
    op.create_index("ix_directory_offers_code", "directory_offers", ["kind", "code"])
    changes = op.create_table(
        "directory_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("entry", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["directory_services.id"],
            name=op.f("fk_directory_changes_service_id_directory_services"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_changes")),
        sa.UniqueConstraint("service_id", "version", name=op.f("uq_directory_changes_service_id")),
    )
    _seed(services, offers, changes)


def _seed(services: sa.Table, offers: sa.Table, changes: sa.Table) -> None:
    conn = op.get_bind()
    now = datetime.now(UTC)
    for entry in load_seed(resources_dir()):
        first = replace(entry, version=1)
        # Only this revision's columns: a later revision may add more to the entries.
        values = {k: v for k, v in service_values(first).items() if k in services.c}
        service_id = conn.execute(
            sa.insert(services).values(**values).returning(services.c.id)
        ).scalar_one()
        rows = offer_values(service_id, first)
        if rows:
            conn.execute(sa.insert(offers), rows)
        conn.execute(
            sa.insert(changes).values(
                service_id=service_id,
                version=1,
                at=now,
                actor=SEEDED_BY,
                reason="seeded from resources/hubs.toml and resources/partners.toml",
                entry=entry_dict(first),
            )
        )


def downgrade() -> None:
    op.drop_table("directory_changes")
    op.drop_index("ix_directory_offers_code", table_name="directory_offers")
    op.drop_table("directory_offers")
    op.drop_table("directory_services")
