"""What is waiting for the central system, and what was sent in which batch, in narrow tables.

Marking a batch as sent used to set ``export_batch_id`` on every version sent, rewriting each
wide version row: at 100,000 versions, 153 MB written to the log and most of an export's
commit. Now ``export_waiting`` lists the versions not yet sent (with their ``received_at``,
for the oldest), and ``exported_versions`` gives the batch of each one sent; marking deletes
and inserts narrow rows. A trigger puts each version on the waiting list as it is inserted,
so every way of saving one (a request, an amendment, demo data) keeps the list whole.

Existing databases keep what they knew: each version with a batch id goes to
``exported_versions`` with it, every other one to ``export_waiting``; then the column goes.
On SQLite it is dropped in place (see ``_drop_column_sqlite``), never by copying the table.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 00:30:00
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Connection

from triage_app.store.types import UTCDateTime

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FK = "fk_request_versions_export_batch_id_export_batches"
#: The column's foreign key, as a table constraint in the stored ``CREATE TABLE`` text.
_FK_CLAUSE = re.compile(
    rf',\s*CONSTRAINT\s+"?{_FK}"?\s+FOREIGN\s+KEY\s*\(\s*"?export_batch_id"?\s*\)\s*'
    r'REFERENCES\s+"?export_batches"?\s*\(\s*"?id"?\s*\)',
    re.IGNORECASE,
)
_TRIGGER = "request_versions_wait_for_export"
_ADD = "INSERT INTO export_waiting (version_id, received_at) VALUES (NEW.id, NEW.received_at)"
_SQLITE = [
    f"CREATE TRIGGER {_TRIGGER} AFTER INSERT ON request_versions BEGIN {_ADD}; END",
]
_POSTGRES = [
    f"CREATE FUNCTION {_TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS "
    f"$$ BEGIN {_ADD}; RETURN NULL; END $$",
    f"CREATE TRIGGER {_TRIGGER} AFTER INSERT ON request_versions "
    f"FOR EACH ROW EXECUTE FUNCTION {_TRIGGER}()",
]


def _on_sqlite() -> bool:
    return bool(op.get_bind().dialect.name == "sqlite")


def _drop_column_sqlite(conn: Connection) -> None:
    """Drop ``export_batch_id`` in place: SQLite's documented way, not a copy of the table.

    SQLite refuses to drop a column named in a table's foreign key constraint, and copying
    the table (Alembic's batch mode) would drop the old one, which with foreign keys on (as
    they are, and cannot be turned off inside the upgrade's transaction) deletes every
    child, need and action through ``ON DELETE CASCADE``. So the constraint is taken out of
    the table's stored definition as SQLite documents for removing one (``writable_schema``,
    and the schema version moved on so every connection reads it again), and then the
    column is dropped. (Taken down and up again, the column's key is a column constraint,
    which goes with the column.)
    """
    table = "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'request_versions'"
    definition = conn.exec_driver_sql(table).scalar_one()
    without, found = _FK_CLAUSE.subn("", definition)
    if found:
        version = conn.exec_driver_sql("PRAGMA schema_version").scalar_one()
        conn.exec_driver_sql("PRAGMA writable_schema = ON")
        try:
            conn.exec_driver_sql(
                "UPDATE sqlite_master SET sql = ? "
                "WHERE type = 'table' AND name = 'request_versions'",
                (without,),
            )
            conn.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
        finally:
            conn.exec_driver_sql("PRAGMA writable_schema = OFF")
    conn.exec_driver_sql("ALTER TABLE request_versions DROP COLUMN export_batch_id")


def upgrade() -> None:
    op.create_table(
        "export_waiting",
        sa.Column("version_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["request_versions.id"],
            name=op.f("fk_export_waiting_version_id_request_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("version_id", name=op.f("pk_export_waiting")),
    )
    op.create_table(
        "exported_versions",
        sa.Column("version_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("batch_id", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["export_batches.id"],
            name=op.f("fk_exported_versions_batch_id_export_batches"),
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["request_versions.id"],
            name=op.f("fk_exported_versions_version_id_request_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("version_id", name=op.f("pk_exported_versions")),
    )
    op.execute(
        "INSERT INTO exported_versions (version_id, batch_id) SELECT id, export_batch_id "
        "FROM request_versions WHERE export_batch_id IS NOT NULL ORDER BY id"
    )
    op.execute(
        "INSERT INTO export_waiting (version_id, received_at) SELECT id, received_at "
        "FROM request_versions WHERE export_batch_id IS NULL ORDER BY id"
    )
    # Built once filled: one sorted pass rather than a row at a time.
    op.create_index("ix_exported_versions_batch", "exported_versions", ["batch_id", "version_id"])
    op.drop_index("ix_request_versions_export_batch", table_name="request_versions")
    if _on_sqlite():
        _drop_column_sqlite(op.get_bind())
    else:
        op.drop_constraint(_FK, "request_versions", type_="foreignkey")
        op.drop_column("request_versions", "export_batch_id")
    for statement in _SQLITE if _on_sqlite() else _POSTGRES:
        op.execute(statement)


def downgrade() -> None:
    # Added in place on both (SQLite takes a new column with a foreign key if it is NULL).
    if _on_sqlite():
        op.execute(f"DROP TRIGGER {_TRIGGER}")
        op.execute(
            "ALTER TABLE request_versions ADD COLUMN export_batch_id VARCHAR(40) "
            f"CONSTRAINT {_FK} REFERENCES export_batches (id)"
        )
    else:
        op.execute(f"DROP FUNCTION {_TRIGGER}() CASCADE")
        op.add_column("request_versions", sa.Column("export_batch_id", sa.String(40)))
        op.create_foreign_key(
            _FK, "request_versions", "export_batches", ["export_batch_id"], ["id"]
        )
    op.create_index("ix_request_versions_export_batch", "request_versions", ["export_batch_id"])
    op.execute(
        "UPDATE request_versions SET export_batch_id = (SELECT e.batch_id FROM "
        "exported_versions e WHERE e.version_id = request_versions.id)"
    )
    op.drop_index("ix_exported_versions_batch", table_name="exported_versions")
    op.drop_table("exported_versions")
    op.drop_table("export_waiting")
