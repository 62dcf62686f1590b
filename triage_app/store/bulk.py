"""Inserting many rows at once, for demo data and benchmarks at the scale of a region.

SQLAlchemy compiles and processes parameters row by row, which dominates when loading a
million requests. ``insert_tuples`` takes rows already in the driver's form (SQLite);
``copy_rows`` streams rows into PostgreSQL with one ``COPY`` per table: the ORM's bulk
insert sent each row as a statement of its own (a tenth of a million demo requests: 2.4
million statements, 300 s of the fill's 390).
Into SQLite, a load into a file without requests sets the secondary indexes aside and
builds them once at the end, and a load into a new file does not wait for the disk at each
batch; both put the file back as it was (indexes, ``synchronous=FULL``) however it ends.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Index, MetaData, Table, text
from sqlalchemy.orm import Session

#: Threads SQLite may sort with while building an index again (the file's connection
#: otherwise uses none).
SORT_THREADS = 2
#: The page cache while building indexes again (KiB), SQLite's default. SQLite's sorter
#: takes its memory from the cache's size, and a large one sorted slower: at a million
#: demo requests the 27 indexes took 56 s with 128 MiB, 45 s with 32 MiB, 37 s with 2-8 MiB.
REBUILD_CACHE_KIB = 2_000
#: Pages the write-ahead log may grow to before it is copied into a new file being loaded.
LOAD_CHECKPOINT_PAGES = 50_000
#: The page cache while bulk loading (KiB): the unique reference index is written at random.
LOAD_CACHE_KIB = 131_072


def advance_sequences(session: Session, tables: Sequence[Table]) -> None:
    """After rows were inserted with their ids given, let PostgreSQL's id sequences follow.

    SQLite takes the next id from the table itself; PostgreSQL's serial columns draw from a
    sequence that explicit ids do not move, so the next ordinary save would collide.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in tables:
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table.name}), false)"
            )
        )


def insert_tuples(
    conn: Connection, table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Insert driver-ready ``rows`` (values in ``columns`` order) with one ``executemany``.

    For SQLite only: the values must already be what the column stores (see
    ``triage_app.demo.rows``); nothing converts them on the way.
    """
    if rows:
        conn.exec_driver_sql(insert_statement(table, columns), rows)


def insert_statement(table: str, columns: Sequence[str]) -> str:
    """SQLite's ``INSERT`` of one row of ``columns``, each value bound in order."""
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


def copy_rows(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (column name to value) into ``table`` with one ``COPY`` (PostgreSQL).

    The values are what an ORM bulk insert of the same dicts stores: each passes through
    its column's type (a time with its zone becomes UTC), and a missing or None value of a
    column with a default takes that default, as the ORM leaves such a value out of its
    ``INSERT``. Every default here is a plain value (the models have no other kind on the
    tables loaded in bulk); any other is refused rather than guessed at.
    """
    if not rows:
        return
    present = set().union(*rows)
    columns = [c for c in table.c if c.name in present]
    dialect = conn.dialect
    fills: list[tuple[str, Any, Any]] = []
    for column in columns:
        default = column.default
        if default is not None and not default.is_scalar:
            raise ValueError(f"{table.name}.{column.name}: only plain defaults can be copied")
        fallback = default.arg if default is not None else None  # type: ignore[attr-defined]
        fills.append((column.name, fallback, column.type._cached_bind_processor(dialect)))
    names = ", ".join(f'"{c.name}"' for c in columns)
    raw = conn.connection.driver_connection
    if raw is None:  # pragma: no cover - a checked-out connection always has one
        raise RuntimeError("no driver connection to copy through")
    with raw.cursor() as cursor, cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
        for row in rows:
            values = []
            for name, fallback, process in fills:
                value = row.get(name)
                if value is None:
                    value = fallback
                values.append(value if process is None or value is None else process(value))
            copy.write_row(values)


def secondary_indexes(conn: Connection, tables: Sequence[str]) -> list[tuple[str, str]]:
    """The non-unique indexes of ``tables`` as ``(name, CREATE statement)``, read from the file.

    Read from ``sqlite_master`` rather than the models, so an index a later migration adds is
    set aside and rebuilt like the others. Unique indexes stay: they are constraints.
    """
    marks = ", ".join("?" * len(tables))
    found = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks}) ORDER BY name",
        tuple(tables),
    ).all()
    return [(n, s) for n, s in found if not s.lstrip().upper().startswith("CREATE UNIQUE")]


def missing_indexes(conn: Connection, metadata: MetaData) -> list[Index]:
    """The models' indexes a SQLite file lacks (a bulk load killed before rebuilding them)."""
    present: dict[str, set[str]] = {"table": set(), "index": set()}
    for kind, name in conn.exec_driver_sql(
        "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'index')"
    ):
        present[kind].add(name)
    return [
        index
        for table in metadata.sorted_tables
        if table.name in present["table"]
        for index in table.indexes
        if index.name not in present["index"]
    ]


@contextmanager
def indexes_set_aside(conn: Connection, tables: Sequence[str]) -> Iterator[int]:
    """Drop the tables' secondary indexes for a bulk load, and always build them again.

    Filling an empty table and then building each index in one sorted pass is several times
    faster than keeping a dozen indexes (some keyed on random values) up to date row by row.
    The rebuild runs however the load ends (an error, Ctrl+C, a SIGTERM turned into an
    exception by the caller); were the process killed outright, :func:`missing_indexes` finds
    what to rebuild. Each index is built in a transaction of its own: one transaction for
    all 27 of a demo load held every page they wrote until its end (44 s rather than 37 s
    at a million requests). Yields how many indexes were set aside.
    """
    with conn.begin():
        aside = secondary_indexes(conn, tables)
        for name, _ in aside:
            conn.exec_driver_sql(f'DROP INDEX "{name}"')
    try:
        yield len(aside)
    finally:
        # Sort with a second thread (building is mostly sorting), in a cache of the size
        # SQLite's sorter is quickest with.
        with pragmas_for_a_while(conn, threads=SORT_THREADS, cache_size=-REBUILD_CACHE_KIB):
            for _, sql in aside:
                with conn.begin():
                    conn.exec_driver_sql(sql)


@contextmanager
def indexes_rebuilt_after(conn: Connection, tables: Sequence[str]) -> Iterator[None]:
    """The tables' secondary indexes dropped, then built again, inside the caller's transaction.

    For replacing a table's whole content (SQLite): each index is then built in one sorted
    pass rather than kept up to date row by row. Schema changes are part of SQLite's
    transactions, so if the transaction is rolled back the indexes are back as they were.
    """
    aside = secondary_indexes(conn, tables)
    for name, _ in aside:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for _, sql in aside:
        conn.exec_driver_sql(sql)


@contextmanager
def references_unchecked(conn: Connection) -> Iterator[None]:
    """No foreign key looked up as rows go in, for rows made together, each parent first.

    Only for rows that name parents written before them in the same load, with ids given
    (demo data): a million demo requests insert 21 million rows that each name a parent,
    and looking each one up cost the load 6-8 s of CPU. The connection enforces them again
    afterwards, however the load ends. No transaction may be open (SQLite ignores the
    setting inside one).
    """
    with pragmas_for_a_while(conn, foreign_keys=0):
        yield


@contextmanager
def unsynced_load(conn: Connection) -> Iterator[None]:
    """Commit without waiting for the disk while loading a new file, then make it durable.

    Only for a file that holds nothing but what is being loaded: a crash part-way may lose
    the batches since the last checkpoint, never anything else. The journal stays WAL, so
    the file stays consistent. Afterwards ``synchronous`` is FULL again and a checkpoint
    copies everything into the database file and syncs it before the load counts as done.
    """
    # Copy the log into the file seldom: a page changed by many batches is copied once.
    settings = {"cache_size": -LOAD_CACHE_KIB, "wal_autocheckpoint": LOAD_CHECKPOINT_PAGES}
    with pragmas_for_a_while(conn, **settings) as raw:
        raw.execute("PRAGMA synchronous=OFF")
        try:
            yield
        finally:
            if conn.in_transaction():
                conn.rollback()
            raw.execute("PRAGMA synchronous=FULL")
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()


@contextmanager
def pragmas_for_a_while(conn: Connection, **settings: int) -> Iterator[Any]:
    """SQLite's connection settings ``settings`` while inside; as they were afterwards.

    Yields the driver's connection. Some settings cannot change inside a transaction, so
    one left open is rolled back before they are set, and again before they are put back.
    """
    raw = conn.connection.driver_connection
    if raw is None:  # pragma: no cover - a checked-out connection always has one
        raise RuntimeError("no driver connection to set SQLite's settings on")
    if conn.in_transaction():
        conn.rollback()
    was = {name: raw.execute(f"PRAGMA {name}").fetchone()[0] for name in settings}
    for name, value in settings.items():
        raw.execute(f"PRAGMA {name}={int(value)}")
    try:
        yield raw
    finally:
        if conn.in_transaction():
            conn.rollback()
        for name, value in was.items():
            raw.execute(f"PRAGMA {name}={int(value)}")
