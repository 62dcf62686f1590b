"""A hub's names: ``name_words.hub`` and its index ``ix_name_words_hub``.

A receptionist or call handler sees their hub's requests of the last year (and those they
took). Searched by name through ``ix_name_words_word`` alone, their search read every
hub's and every year's entries of a word to find the few that are theirs; with the
version's hub copied beside each word, it seeks one hub's entries of the word, newest
first, down to a year ago. Filled here from each word's version (a version's hub never
changes).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05 06:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("name_words", sa.Column("hub", sa.String(length=40), nullable=True))
    op.execute(
        "UPDATE name_words SET hub = "
        "(SELECT v.hub FROM request_versions v WHERE v.id = name_words.version_id)"
    )
    op.create_index(
        "ix_name_words_hub",
        "name_words",
        ["hub", "word", "received_at", "version_id"],
        postgresql_ops={"word": "varchar_pattern_ops"},
    )


def downgrade() -> None:
    op.drop_index("ix_name_words_hub", table_name="name_words")
    with op.batch_alter_table("name_words") as batch:
        batch.drop_column("hub")
