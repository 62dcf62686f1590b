"""Fill a PostgreSQL database with demo requests, working round a fault in bulk loading.

``triage-app demo-data`` cannot fill a PostgreSQL database at present: bulk loading
(``triage_app.store.bulk.insert_rows``) hands the driver the JSON columns (a version's trace
and advice) as Python lists and dicts, which psycopg refuses ("cannot adapt type 'dict'").
It also gives every row its id itself and leaves PostgreSQL's id sequences at 1, so the next
request saved the ordinary way collides with a demo row ("duplicate key"). Until both are
fixed, this fills the database the same way (``fill_demo``, same generator, same seed) with
psycopg told, in this process only, to send lists and dicts as JSON, then moves each id
sequence past the rows loaded.
Run: ``python tests/bench/fill_postgres.py URL N``.
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime

import psycopg
from benchlib import open_db
from psycopg.types.json import JsonDumper

from triage_app.demo.fill import fill_demo
from triage_app.domain.vocabulary import load_vocabularies
from triage_app.locations import resources_dir
from triage_app.pathways import default_rules_dir, load_rules

#: The tables whose rows demo loading numbers itself.
SEQUENCED = ("requests", "request_versions", "children", "request_needs", "route_actions")


def main() -> None:
    url, count = sys.argv[1], int(sys.argv[2])
    psycopg.adapters.register_dumper(dict, JsonDumper)
    psycopg.adapters.register_dumper(list, JsonDumper)
    resources = resources_dir()
    rules = load_rules(default_rules_dir(resources), load_vocabularies(resources))
    db = open_db(url)
    started = time.perf_counter()
    loaded = fill_demo(db, resources=resources, rules=rules, now=datetime.now(UTC), count=count)
    with db.engine.begin() as conn:
        for table in SEQUENCED:
            conn.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
            )
    db.close()
    print(f"added {loaded:,} synthetic requests to {url} in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
