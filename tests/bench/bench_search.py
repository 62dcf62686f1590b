"""Search by name, part of a name, a misspelt name, postcode, date of birth and reference,
beside hand-written indexed SQL.

Values are drawn from the stored data (a seeded sample of current versions), and each is
searched through ``search_requests`` as a team leader (who sees every request) and as a
receptionist (their hub's last year, and their own), as the requests list does. The
baseline, on the same values in the same run, is the equivalent query written by hand on a
plain driver connection: the same matches split the same way
(for a surname: families with exactly it, with a longer one, and children with it whose
family has not), each cut at its 200th newest, current versions only, the same columns and
counts, newest 200 first, each match a seek on its index. For people's names (a child's
first name, a parent's first name, one half of a double-barrelled surname, a surname
misspelt, a child's first name and the surname's last part) the baseline is the newest 200
versions holding that word (the surname's, for two), or that sound, read from
``name_words``' index: the one seek a name search cannot do without. Prints the median
per kind.
Run: ``python tests/bench/bench_search.py --database PATH_OR_URL [--values 20] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import random
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from benchlib import Figure, backend_of, median, open_db, param_style, raw_connect, report

from triage_app.domain.actor import Actor
from triage_app.domain.keys import name_key, postcode_key
from triage_app.domain.name_words import name_words, soundex
from triage_app.services.search import RequestQuery, search_requests
from triage_app.services.visibility import HUB_VISIBLE_DAYS

ACTOR = Actor(username="bench", role="team_leader", desk="bench-desk")
#: A receptionist at one hub, who sees its requests of the last year and those they took.
RECEPTION = Actor(
    username="bench.reception", role="receptionist", desk="bench-desk", hub="woodside"
)
AS_RECEPTION = " as a receptionist (their hub, and their own)"
_RECEPTION_SEES = (
    " AND (v.hub = :hub AND v.received_at >= :since OR v.request_id IN"
    " (SELECT f.request_id FROM request_versions f WHERE f.author = :me AND f.version = 1))"
)
TARGET_MS = 50.0
REPEATS = 3

#: The list's columns for the matched version ids, newest first (as ``search_query`` gives).
_LIST = """
SELECT r.reference, v.received_at, v.hub, v.pathway, v.primary_need, v.family_first_name,
       v.family_last_name,
       (SELECT count(c.id) FROM children c WHERE c.version_id = v.id),
       v.version,
       (SELECT count(a.id) FROM route_actions a WHERE a.version_id = v.id AND a.done_at IS NULL)
FROM request_versions v JOIN requests r ON r.id = v.request_id
WHERE v.id IN ({ids})
ORDER BY v.received_at DESC, r.reference LIMIT 200
"""
_CURRENT = "coalesce(v.is_current, {false})"
#: Each kind's matches, as FROM and WHERE over ``v`` (a version), as ``search_query`` splits
#: them: a surname is the families with exactly it, those with a longer one, and children
#: with it whose family does not have it. ``{lo}``/``{hi}`` bound a prefix on SQLite.
_HAND = {
    "surname": [
        "FROM request_versions v WHERE v.family_last_name_key = :key AND {current}",
        "FROM request_versions v WHERE v.family_last_name_key > :lo"
        " AND v.family_last_name_key < :hi AND {current}",
        "FROM children c JOIN request_versions v ON v.id = c.version_id"
        " WHERE c.last_name_key >= :lo AND c.last_name_key < :hi"
        " AND c.version_id NOT IN (SELECT f.id FROM request_versions f"
        "  WHERE f.family_last_name_key >= :lo AND f.family_last_name_key < :hi)"
        " AND {current}",
    ],
    "postcode": [
        "FROM request_versions v WHERE v.postcode_key >= :lo AND v.postcode_key < :hi AND {current}"
    ],
    "date of birth": [
        "FROM children c JOIN request_versions v ON v.id = c.version_id"
        " WHERE c.date_of_birth = :born AND {current}"
    ],
    "reference": [
        "FROM requests r JOIN request_versions v ON v.request_id = r.id"
        " WHERE r.reference = :reference AND {current}"
    ],
}
#: The newest 200 versions holding one word (or one Soundex code) of a name.
_NAMED = (
    "SELECT w.version_id FROM name_words w WHERE w.word = :key AND w.received_at >= coalesce("
    "(SELECT x.received_at FROM name_words x WHERE x.word = :key"
    " ORDER BY x.received_at DESC LIMIT 1 OFFSET 199), :earliest)"
)
#: The same, of the versions the caller may see (``{visible}`` is over ``v``, the version).
_NAMED_SEEN = (
    "SELECT w.version_id FROM name_words w JOIN request_versions v ON v.id = w.version_id"
    " WHERE w.word = :key{visible} AND w.received_at >= coalesce((SELECT x.received_at"
    " FROM name_words x JOIN request_versions v ON v.id = x.version_id WHERE x.word = :key"
    "{visible} ORDER BY x.received_at DESC LIMIT 1 OFFSET 199), :earliest)"
)
#: The kinds of name search, read from the same sampled rows: what is typed for each.
NAME_KINDS = (
    "child's first name",
    "parent's first name",
    "part of a surname",
    "misspelt surname",
    "child's first name and surname",
)
#: Vowels swapped to misspell a name as it might be heard ("Okafor" → "Okafur").
_MISHEARD = str.maketrans("aeiouAEIOU", "eiuoaEIUOA")


def misspelt(surname: str) -> str:
    """The surname's last part with its last vowel swapped: sounds the same, spelt not."""
    part = name_words(surname)[0] if "-" not in surname else surname.rsplit("-", maxsplit=1)[-1]
    for i in range(len(part) - 1, 0, -1):
        if part[i].lower() in "aeiou":
            return part[:i] + part[i].translate(_MISHEARD) + part[i + 1 :]
    return part + "e"


#: Of one match, the versions received no earlier than its 200th newest (all, if fewer).
_NEWEST = (
    "SELECT v.id {match} AND v.received_at >= coalesce("
    "(SELECT v.received_at {match} ORDER BY v.received_at DESC LIMIT 1 OFFSET 199),"
    " v.received_at)"
)


def sample(con: Any, backend: str, count: int, seed: int = 8) -> list[tuple[Any, ...]]:
    """``count`` current versions spread over the data: surname, postcode, a child's birth
    date, reference."""
    cur = con.cursor()
    cur.execute("SELECT min(id), max(id) FROM request_versions")
    low, high = cur.fetchone()
    rnd = random.Random(seed)
    out: list[tuple[Any, ...]] = []
    sql = param_style(
        """SELECT v.family_last_name, v.postcode, c.date_of_birth, r.reference,
                  c.first_name, v.family_first_name
             FROM request_versions v JOIN requests r ON r.id = v.request_id
             JOIN children c ON c.version_id = v.id
            WHERE v.id >= :at AND v.family_last_name IS NOT NULL AND v.postcode IS NOT NULL
              AND c.date_of_birth IS NOT NULL AND c.first_name IS NOT NULL
              AND v.family_first_name IS NOT NULL AND v.family_last_name LIKE :compound
            ORDER BY v.id LIMIT 1""",
        backend,
    )
    while len(out) < count:
        cur.execute(sql, {"at": rnd.randint(low, high), "compound": "%-%"})
        row = cur.fetchone()
        if row:
            out.append(tuple(row))
    return out


def hand_query(
    kind: str, value: Any, backend: str, visible: str = ""
) -> tuple[str, dict[str, Any]]:
    """The hand-written query of one kind; ``visible`` is added to each match's conditions."""
    if kind in NAME_KINDS:
        key = name_key(value) if kind != "misspelt surname" else soundex(name_key(value) or "")
        ids = _NAMED_SEEN.format(visible=visible) if visible else _NAMED
        earliest = datetime(1900, 1, 1, tzinfo=UTC)
        params = {"key": key, "earliest": "1900-01-01" if backend == "sqlite" else earliest}
        return param_style(_LIST.format(ids=ids), backend), params
    false = "false" if backend == "postgresql" else "0"
    current = _CURRENT.format(false=false) + visible
    matches = [m.replace("{current}", current) for m in _HAND[kind]]
    params: dict[str, Any]
    if kind in ("surname", "postcode"):
        key = name_key(value) if kind == "surname" else postcode_key(value)
        assert key is not None
        params = {"key": key, "lo": key, "hi": key + "\U0010ffff"}
        if backend == "postgresql":  # the prefix its varchar_pattern_ops indexes answer
            params = {"key": key, "like": key + "%"}
            matches = [
                re.sub(r"(\w\.\w+_key) >= :lo AND \1 < :hi", r"\1 LIKE :like", m) for m in matches
            ]
            matches = [
                re.sub(r"(\w\.\w+_key) > :lo AND \1 < :hi", r"\1 LIKE :like AND \1 <> :key", m)
                for m in matches
            ]
    elif kind == "date of birth":
        params = {"born": value}
    else:
        params = {"reference": value}
    ids = " UNION ".join(_NEWEST.format(match=m) for m in matches)
    return param_style(_LIST.format(ids=ids), backend), params


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True, help="a filled SQLite file or a URL")
    parser.add_argument("--values", type=int, default=20, help="values searched for, per kind")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    backend = backend_of(args.database)
    db = open_db(args.database)
    con = raw_connect(args.database)
    if backend == "postgresql":
        con.autocommit = True
    rows = sample(con, backend, args.values)
    now = datetime.now(UTC)
    typed = {  # what staff type: the surname, the postcode, the birth date as dd/mm/yyyy, ref
        "surname": [(r[0], r[0]) for r in rows],
        "postcode": [(r[1], r[1]) for r in rows],
        "date of birth": [(str(r[2]) if backend == "sqlite" else r[2], _uk(r[2])) for r in rows],
        "reference": [(r[3], r[3].lower().replace("-", " ")) for r in rows],
        "child's first name": [(r[4], r[4]) for r in rows],
        "parent's first name": [(r[5], r[5]) for r in rows],
        "part of a surname": [(r[0].split("-")[-1],) * 2 for r in rows],
        "misspelt surname": [(misspelt(r[0]),) * 2 for r in rows],
        # Two words ("Amelia Sampleton"); the baseline is the newest 200 holding the surname's.
        "child's first name and surname": [
            (r[0].split("-")[-1], f"{r[4]} {r[0].split('-')[-1]}") for r in rows
        ],
    }
    since = now - timedelta(days=HUB_VISIBLE_DAYS)
    seen_by = {
        "hub": RECEPTION.hub,
        "since": since.replace(tzinfo=None).isoformat(sep=" ") if backend == "sqlite" else since,
        "me": RECEPTION.username,
    }
    passes = [(kind, values, ACTOR, "") for kind, values in typed.items()]
    passes += [(kind, values, RECEPTION, _RECEPTION_SEES) for kind, values in typed.items()]
    figures = []
    for kind, values, actor, visible in passes:
        app_ms: list[float] = []
        hand_ms: list[float] = []
        found_app = found_hand = 0
        for raw_value, text in values:
            sql, params = hand_query(kind, raw_value, backend, visible)
            if visible:
                params = {**params, **seen_by}

            def hand(sql: str = sql, params: dict[str, Any] = params) -> int:
                cur = con.cursor()
                cur.execute(sql, params)
                return len(cur.fetchall())

            def app(text: str = text, actor: Actor = actor) -> int:
                with db.read() as s:
                    return len(search_requests(s, RequestQuery(text=text), actor=actor, now=now))

            hand(), app()  # the first of each is not counted: pages come into the cache
            for _ in range(REPEATS):  # alternated, so both see the same machine
                found_hand += _timed(hand_ms, hand)
                found_app += _timed(app_ms, app)
        figures.append(
            Figure(
                f"search by {kind}{AS_RECEPTION if visible else ''}, median",
                median(app_ms),
                "ms",
                median(hand_ms),
                "hand-written indexed SQL, median",
                f"≤ {TARGET_MS:.0f} ms",
                median(app_ms) <= TARGET_MS,
                backend,
                f"{len(values)} values x {REPEATS}; max {max(app_ms):.0f} ms; rows listed "
                f"{found_app // REPEATS} (hand-written {found_hand // REPEATS})",
            )
        )
    con.close()
    db.close()
    report(figures, args.json)


def _uk(value: Any) -> str:
    text = str(value)  # yyyy-mm-dd
    return f"{text[8:10]}/{text[5:7]}/{text[0:4]}"


def _timed(into: list[float], work: Callable[[], int]) -> int:
    import time

    started = time.perf_counter()
    found = work()
    into.append((time.perf_counter() - started) * 1000)
    return found


if __name__ == "__main__":
    main()
