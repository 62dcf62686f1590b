"""Earlier requests found despite a misspelt surname ("Penhaligon", "Penhalligon").

- ``request_versions.family_last_name_sound`` and ``children.last_name_sound``: how each
  surname sounds (:func:`triage_app.domain.near_names.sound_key`), filled here for the rows
  already stored, so a near miss is matched inside the database.
- ``ix_request_versions_postcode_family`` and ``ix_children_first_dob``: a family is found
  by its postcode, a child by first name and date of birth, each one index seek; the
  surname, exact or a near miss, is then tested on what the index holds. They take the
  place of ``ix_request_versions_family_postcode`` and ``ix_children_name_dob``, which
  started from the surname and so could find it spelt one way only (nothing else read
  them: people search reads ``name_words``), so a save writes no more index entries.
- On PostgreSQL, the function ``h2h_one_edit`` (``triage_app.store.same_family``); SQLite's
  connections are given it as they open.
- The ``rereferrals`` table worked out again with the definition as it now stands (the same
  code the saves keep it up with): requests whose earlier one had the surname misspelt
  become re-referrals.

Columns are added in place (nullable), never by copying a table, which on SQLite would
cascade-delete every child, need and action.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05 06:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

from triage_app.domain import limits
from triage_app.domain.near_names import sound_key

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PATTERN = "varchar_pattern_ops"


def _fill_sounds(table: str, key: str, sound: str) -> None:
    """Each distinct surname key's sound, written to every row with that key.

    Rows are found by the key through an index that starts with it (``ix_…_family_postcode``,
    ``ix_children_name_dob``); a name too short to match on by sound keeps NULL.
    """
    conn = op.get_bind()
    keys = conn.execute(sa.text(f"SELECT DISTINCT {key} FROM {table} WHERE {key} IS NOT NULL"))
    pairs = [{"k": k, "s": s} for (k,) in keys if (s := sound_key(k)) is not None]
    if pairs:
        conn.execute(sa.text(f"UPDATE {table} SET {sound} = :s WHERE {key} = :k"), pairs)


def upgrade() -> None:
    from triage_app.store import same_family  # noqa: PLC0415
    from triage_app.store.rereferrals import recount_all  # noqa: PLC0415

    op.add_column(
        "request_versions",
        sa.Column("family_last_name_sound", sa.String(length=limits.NAME), nullable=True),
    )
    op.add_column(
        "children", sa.Column("last_name_sound", sa.String(length=limits.NAME), nullable=True)
    )
    _fill_sounds("request_versions", "family_last_name_key", "family_last_name_sound")
    _fill_sounds("children", "last_name_key", "last_name_sound")
    op.drop_index("ix_request_versions_family_postcode", table_name="request_versions")
    op.drop_index("ix_children_name_dob", table_name="children")
    op.create_index(
        "ix_request_versions_postcode_family",
        "request_versions",
        [
            "postcode_key",
            "is_current",
            "received_at",
            "request_id",
            "family_last_name_key",
            "family_last_name_sound",
        ],
    )
    op.create_index(
        "ix_children_first_dob",
        "children",
        ["first_name_key", "date_of_birth", "last_name_key", "last_name_sound", "version_id"],
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(same_family.POSTGRES_FUNCTION)
    # The definition, not a copy of it: the answers must be the ones saves will keep up.
    with Session(bind=op.get_bind()) as session:
        recount_all(session, closings=False)  # kept from 0019 on


def downgrade() -> None:
    from triage_app.store import same_family  # noqa: PLC0415

    op.drop_index("ix_children_first_dob", table_name="children")
    op.drop_index("ix_request_versions_postcode_family", table_name="request_versions")
    op.create_index(
        "ix_children_name_dob",
        "children",
        ["last_name_key", "first_name_key", "date_of_birth", "version_id"],
        postgresql_ops={"last_name_key": _PATTERN, "first_name_key": _PATTERN},
    )
    op.create_index(
        "ix_request_versions_family_postcode",
        "request_versions",
        ["family_last_name_key", "postcode_key", "is_current", "received_at", "request_id"],
        postgresql_ops={"family_last_name_key": _PATTERN},
    )
    op.drop_column("children", "last_name_sound")
    op.drop_column("request_versions", "family_last_name_sound")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(same_family.DROP_POSTGRES_FUNCTION)
