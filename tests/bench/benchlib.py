"""What the benchmark scripts share: opening a filled database, timing, and reporting figures.

Every script prints its figures beside a baseline measured in the same run on the same data;
with ``--json FILE`` it also appends one JSON line per figure, which ``run_all.py`` gathers
into the table in ``docs/benchmarks.md``. Nothing here asserts a time.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from triage_app import __version__
from triage_app.store.audit_anchor import AuditPlaces
from triage_app.store.database import Database, database_url, make_engine
from triage_app.store.migrate import open_database


@dataclass(frozen=True)
class Figure:
    """One measured figure beside its baseline, and the target the issue sets for it."""

    name: str
    value: float
    unit: str
    baseline: float
    baseline_label: str
    target: str
    met: bool | None
    backend: str = "—"
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.value / self.baseline if self.baseline else float("nan")


def report(figures: list[Figure], json_path: Path | None) -> None:
    """Print each figure with its baseline and ratio; append them to ``json_path`` if given."""
    for f in figures:
        verdict = {True: "met", False: "MISSED", None: "-"}[f.met]
        print(
            f"[{f.backend}] {f.name}: {f.value:.2f} {f.unit} beside {f.baseline:.2f} {f.unit} "
            f"({f.baseline_label}) = {f.ratio:.2f}x; target {f.target}: {verdict}"
            + (f"  ({f.note})" if f.note else "")
        )
    if json_path is not None:
        with json_path.open("a", encoding="utf-8") as out:
            for f in figures:
                out.write(json.dumps(asdict(f)) + "\n")


def open_db(url_or_path: str | Path, audit: AuditPlaces | None = None) -> Database:
    db = Database(make_engine(database_url(url_or_path)), audit)
    open_database(db, __version__)
    return db


def times_ms(runs: int, work: Callable[[], object]) -> list[float]:
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        out.append((time.perf_counter() - started) * 1000)
    return out


def median(values: list[float]) -> float:
    return statistics.median(values)


def p99(values: list[float]) -> float:
    """The 99th percentile (nearest rank): the value 99 in 100 calls do not exceed."""
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * 99 // 100) - 1)]


def backend_of(url_or_path: str | Path) -> str:
    return "postgresql" if str(url_or_path).startswith("postgres") else "sqlite"


def raw_connect(url_or_path: str | Path):  # type: ignore[no-untyped-def]
    """A plain DB-API connection (``sqlite3`` or ``psycopg``) for hand-written baselines."""
    if backend_of(url_or_path) == "postgresql":
        import psycopg

        return psycopg.connect(str(url_or_path).replace("postgresql+psycopg", "postgresql"))
    import sqlite3

    con = sqlite3.connect(str(url_or_path), isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
        con.execute(f"PRAGMA {pragma}")
    return con


#: What a council's server keeps, and every PostgreSQL figure here is measured with.
DURABLE = "fsync on, synchronous_commit on"


def durability(server: str) -> str:
    """The server's ``fsync`` and ``synchronous_commit``, as :data:`DURABLE` words them."""
    import psycopg

    with psycopg.connect(server.replace("postgresql+psycopg", "postgresql")) as con:
        names = ("fsync", "synchronous_commit")
        return ", ".join(f"{n} {con.execute(f'SHOW {n}').fetchone()[0]}" for n in names)  # type: ignore[index]


def param_style(sql: str, backend: str) -> str:
    """``:name`` parameters (sqlite3) as ``%(name)s`` for psycopg."""
    if backend != "postgresql":
        return sql
    import re

    return re.sub(r"(?<!:):([a-z_]+)", r"%(\1)s", sql)
