"""Search that finds people, a way to reach the family, and estimated dates of birth.

- ``name_words``: each word of the names in a current version, with its Soundex code, so a
  search by any first name or surname, part of a compound surname or a near miss is an index
  seek (:mod:`triage_app.domain.name_words`). Filled here for the versions already stored.
- ``request_versions.no_contact_reason``: why no phone, email or address was taken
  (:mod:`triage_app.domain.reach`); NULL for versions already stored.
- ``children.date_of_birth_estimated``: the date was counted back from an age, or the caller
  was unsure (:mod:`triage_app.domain.dates`); false for children already stored.

Columns are added in place (nullable or with a default), never by copying a table, which on
SQLite would cascade-delete every child, need and action.

Revision ID: 0015
Revises: 0013
Create Date: 2026-12-05 03:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from triage_app.domain.name_words import word_keys
from triage_app.store.types import UTCDateTime

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Versions read, and their words written, per round while filling ``name_words``.
_BATCH = 5000


def _fill_name_words() -> None:
    """Words for every current version stored: its family's names and its children's."""
    conn = op.get_bind()
    words = sa.table(
        "name_words",
        sa.column("version_id"),
        sa.column("word"),
        sa.column("received_at", UTCDateTime()),
    )
    received = sa.column("received_at", UTCDateTime())
    last = 0
    while True:
        versions = conn.execute(
            sa.text(
                "SELECT id, family_first_name, family_last_name, received_at "
                "FROM request_versions WHERE is_current AND id > :last ORDER BY id LIMIT :n"
            ).columns(sa.column("id"), sa.column("a"), sa.column("b"), received),
            {"last": last, "n": _BATCH},
        ).all()
        if not versions:
            return
        names: dict[int, list[str | None]] = {v[0]: [v[1], v[2]] for v in versions}
        when = {v[0]: v[3] for v in versions}
        for version_id, first, lname in conn.execute(
            sa.text(
                "SELECT version_id, first_name, last_name FROM children "
                "WHERE version_id BETWEEN :low AND :high ORDER BY version_id, position"
            ),
            {"low": versions[0][0], "high": versions[-1][0]},
        ):
            if version_id in names:
                names[version_id] += [first, lname]
        rows = [
            {"version_id": v, "word": w, "received_at": when[v]}
            for v, given in names.items()
            for w in word_keys(given)
        ]
        if rows:
            conn.execute(words.insert(), rows)
        last = versions[-1][0]


def upgrade() -> None:
    op.add_column("request_versions", sa.Column("no_contact_reason", sa.String(length=40)))
    op.add_column(
        "children",
        sa.Column(
            "date_of_birth_estimated", sa.Boolean(), server_default=sa.false(), nullable=False
        ),
    )
    op.create_table(
        "name_words",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("word", sa.String(length=200), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["request_versions.id"],
            name=op.f("fk_name_words_version_id_request_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("version_id", "word", name=op.f("pk_name_words")),
    )
    _fill_name_words()
    op.create_index(
        "ix_name_words_word",
        "name_words",
        ["word", "received_at", "version_id"],
        postgresql_ops={"word": "varchar_pattern_ops"},
    )


def downgrade() -> None:
    op.drop_index("ix_name_words_word", table_name="name_words")
    op.drop_table("name_words")
    op.drop_column("children", "date_of_birth_estimated")
    op.drop_column("request_versions", "no_contact_reason")
