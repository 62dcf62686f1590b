"""PostgreSQL roles as a council runs them: an owner that changes the schema, desks that work.

The owner role owns the database's tables: it runs ``triage-app db upgrade`` and nothing else.
Each desk connects as a desk role, granted here by the owner (``triage-app db grant-desk``):
it reads and writes what a desk's work writes (requests, drafts, sign-in buckets, audit keys,
access tables, export batches), may only add to and read the audit trail, and reads the
schema's history. It owns nothing, so it cannot alter or drop a table or its triggers, and it
may not create tables: whoever holds a desk's connection string cannot rewrite the trail.

Grants are given table by table from what the database holds, so :func:`regrant` after an
upgrade gives every desk role its rights on the new tables too.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, inspect, text

from triage_app.errors import TriageError, echo

#: Tables a desk may only add to and read: the audit trail is append-only.
APPEND_ONLY = frozenset({"audit_entries"})
#: Tables a desk may only read: the schema's history belongs to the owner.
READ_ONLY = frozenset({"alembic_version", "schema_stamps"})
_RIGHTS = {
    "append": "SELECT, INSERT",
    "read": "SELECT",
    "work": "SELECT, INSERT, UPDATE, DELETE",
}
#: A role name written unquoted in SQL: what ``createuser`` makes of an ordinary name.
_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
#: The desk roles already granted: whoever may add to the audit trail, apart from its owner.
_DESK_ROLES = text(
    "SELECT DISTINCT r.rolname FROM pg_class c, aclexplode(c.relacl) a "
    "JOIN pg_roles r ON r.oid = a.grantee "
    "WHERE c.oid = 'audit_entries'::regclass AND a.privilege_type = 'INSERT' "
    "AND a.grantee <> c.relowner AND r.rolname <> current_user ORDER BY r.rolname"
)


class NotTheOwner(TriageError):
    """The role connected may not change the schema (a desk role): an administrator must."""


def table_rights(table: str) -> str:
    """The privileges a desk role has on ``table``."""
    if table in APPEND_ONLY:
        return _RIGHTS["append"]
    if table in READ_ONLY:
        return _RIGHTS["read"]
    return _RIGHTS["work"]


def current_role(conn: Connection) -> str:
    return str(conn.execute(text("SELECT current_user")).scalar_one())


def may_change_schema(conn: Connection) -> bool:
    """Whether the role connected may migrate the schema.

    A superuser may, and so may the tables' owner, or, in a database with no tables yet, a
    role that may create them.
    """
    superuser = conn.execute(
        text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    ).scalar_one()
    if superuser:
        return True
    owner = conn.execute(
        text(
            "SELECT pg_has_role(current_user, tableowner, 'USAGE') FROM pg_tables "
            "WHERE schemaname = current_schema() AND tablename = 'alembic_version'"
        )
    ).scalar()
    if owner is not None:
        return bool(owner)
    return bool(
        conn.execute(text("SELECT has_schema_privilege(current_schema(), 'CREATE')")).scalar()
    )


def _checked_role(conn: Connection, role: str) -> str:
    if not _ROLE_NAME.match(role):
        raise TriageError(
            f"'{echo(role)}' is not a role name this command accepts: lower-case letters, "
            "digits and '_', starting with a letter or '_' (as createuser makes them)"
        )
    found = conn.execute(
        text(
            "SELECT rolsuper, pg_has_role(rolname, current_user, 'USAGE') "
            "FROM pg_roles WHERE rolname = :r"
        ),
        {"r": role},
    ).first()
    if found is None:
        raise TriageError(
            f"there is no role '{role}' on this server: create it first "
            f"(CREATE ROLE {role} LOGIN, as the server's administrator; docs/deployment.md)"
        )
    superuser, acts_as_owner = found
    if superuser or acts_as_owner:
        raise TriageError(
            f"'{role}' is a superuser or acts as this database's owner "
            f"({current_role(conn)}): a desk role must be a plain role of its own"
        )
    return role


def grant_desk(conn: Connection, role: str) -> list[str]:
    """Give ``role`` a desk's rights on this database; what is still too wide, if anything.

    Run as the owner, in the database, after ``db upgrade``. Any right the role held on the
    tables before is taken away first, so running it again puts a role back as it should be.
    """
    if not may_change_schema(conn):
        raise NotTheOwner(
            f"{current_role(conn)} does not own this database's tables: connect as the owner "
            "role (the one that runs triage-app db upgrade) to grant a desk role"
        )
    role = _checked_role(conn, role)
    database = conn.execute(text("SELECT current_database()")).scalar_one()
    quote = conn.dialect.identifier_preparer.quote
    schema = quote(str(conn.execute(text("SELECT current_schema()")).scalar_one()))
    statements = [
        f"GRANT CONNECT ON DATABASE {quote(str(database))} TO {role}",
        f"GRANT USAGE ON SCHEMA {schema} TO {role}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {role}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
    ]
    for table in sorted(inspect(conn).get_table_names()):
        statements.append(f"GRANT {table_rights(table)} ON {quote(table)} TO {role}")
    for statement in statements:
        conn.exec_driver_sql(statement)
    return too_wide(conn, role)


def too_wide(conn: Connection, role: str) -> list[str]:
    """What ``role`` may do that a desk must not: create in the schema, or change the trail."""
    problems = []
    if conn.execute(
        text("SELECT has_schema_privilege(:r, current_schema(), 'CREATE')"), {"r": role}
    ).scalar():
        problems.append(
            f"{role} may create tables in the schema: as the server's administrator, run "
            "REVOKE CREATE ON SCHEMA public FROM PUBLIC (PostgreSQL 14 and older allow it to "
            "everyone)"
        )
    for right in ("UPDATE", "DELETE", "TRUNCATE"):
        if conn.execute(
            text("SELECT has_table_privilege(:r, 'audit_entries', :p)"),
            {"r": role, "p": right},
        ).scalar():
            problems.append(f"{role} may {right} audit entries")
    return problems


def desk_roles(conn: Connection) -> list[str]:
    """The roles granted a desk's rights on this database (they may add audit entries)."""
    return [str(r) for r in conn.execute(_DESK_ROLES).scalars()]


def regrant(conn: Connection) -> list[str]:
    """After an upgrade, every desk role's rights again, on the tables as they now are."""
    roles = desk_roles(conn)
    for role in roles:
        grant_desk(conn, role)
    return roles
