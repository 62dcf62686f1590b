"""Real crashes: desks killed with SIGKILL at random moments lose nothing they acknowledged.

One to four worker processes share one SQLite file, each saving requests, amending one,
autosaving a draft or exporting batches; or several open copies of an old database, which
migrates them. Each is killed at a seeded random moment; the file is then reopened and
checked (``harness.check_app_database`` / ``check_migrated``). CI runs ``CI_POINTS`` kill
points; ``TRIAGE_CRASH_POINTS=500`` runs the full number (docs/crash-safety.md).
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import open_sqlite
from tests.crash.harness import (
    MAX_DELAY_S,
    MIGRATE_MAX_DELAY_S,
    Acks,
    check_app_database,
    check_migrated,
    crash_points,
    crash_seed,
    old_template,
    run_round,
    spawn,
    stop,
)
from tests.crash.samples import desk_actor, sample
from triage_app.domain.vocabulary import load_vocabularies
from triage_app.locations import resources_dir
from triage_app.pathways import default_rules_dir, load_rules
from triage_app.services.intake import take_request
from triage_app.store.database import Database

APP_OPS = ("record", "record", "amend", "draft", "life", "export")
TEMPLATE_ROWS = 40
LOOKAHEAD = 2


def _save(db: Database, count: int) -> None:
    vocab = load_vocabularies(resources_dir())
    rules = load_rules(default_rules_dir(), vocab)
    with db.write() as s:
        for i in range(count):
            take_request(
                s,
                sample(i),
                vocab=vocab,
                rules=rules,
                actor=desk_actor(0),
                now=sample(0).received_at,
            )


def _plan(
    rng: random.Random, n: int, tmp_path: Path, desk: Path, template: Path, outs: list[Path]
) -> list[list[str]]:
    """Round ``n``'s workers: every fifth round migrates copies of an old database."""
    k = rng.randint(1, 4)
    if n % 5 == 4:
        folder = tmp_path / f"migrate-{n}"
        folder.mkdir()
        return [["migrate", "-", str(i), str(folder), str(template)] for i in range(k)]
    ops = [rng.choice(APP_OPS) for _ in range(k)]
    return [
        [op, str(desk), str(n * 4 + i), *([str(outs[i])] if op == "export" else [])]
        for i, op in enumerate(ops)
    ]


@pytest.mark.crash
def test_desks_killed_at_random_moments_lose_nothing_they_acknowledged(tmp_path: Path) -> None:
    rng = random.Random(crash_seed())
    target = crash_points()
    desk = tmp_path / "desk.sqlite"
    open_sqlite(desk).close()
    template = old_template(tmp_path / "old.sqlite", TEMPLATE_ROWS, _save)
    outs = [tmp_path / f"out-{slot}" for slot in range(4)]
    acks, killed = Acks(), Counter[str]()
    plans = []
    while sum(killed.values()) < target:
        plan = _plan(rng, len(plans), tmp_path, desk, template, outs)
        killed.update(job[0] for job in plan)
        plans.append(plan)
    rounds = len(plans)
    logs = tmp_path / "logs"
    # Workers start LOOKAHEAD rounds early (their imports take a second of CPU) and wait for
    # GO, so start-up overlaps the rounds before them.
    waiting = [spawn(plans[n], logs / f"round-{n}") for n in range(min(LOOKAHEAD, rounds))]
    try:
        for n, plan in enumerate(plans):
            workers = waiting.pop(0)
            migrating = plan[0][0] == "migrate"
            delay = MIGRATE_MAX_DELAY_S if migrating else MAX_DELAY_S
            acks.add(run_round(rng, workers, logs / f"round-{n}", delay))
            if n + LOOKAHEAD < rounds:
                waiting.append(spawn(plans[n + LOOKAHEAD], logs / f"round-{n + LOOKAHEAD}"))
            if migrating:
                check_migrated(Path(plan[0][3]), acks, TEMPLATE_ROWS)
            else:
                check_app_database(desk, acks, outs)
        if not acks.exports:
            # On a loaded machine no export may have finished before its kill point. One more
            # round lets an export finish, then kills the next mid-way, so the batch checks run.
            final = logs / "final"
            job = ["export", str(desk), str(rounds * 4), str(outs[0])]
            acks.add(run_round(rng, spawn([job], final), final, MAX_DELAY_S, after_ack="export"))
            killed.update(["export"])
            check_app_database(desk, acks, outs)
    finally:
        for workers in waiting:
            stop(workers)
    print(
        f"\n{sum(killed.values())} kill points over {rounds} rounds: {dict(killed)}; "
        f"{acks.count} acknowledgements"
    )
    assert set(killed) == {"record", "amend", "draft", "life", "export", "migrate"}
    # Each kind of work was acknowledged at least once (a migration round may be killed before
    # any copy finished: its copies are still checked).
    assert acks.records and acks.amends and acks.drafts and acks.exports and acks.lives
