"""A desk doing one kind of work over and over, until the crash harness kills it (SIGKILL).

Usage: ``python -m tests.crash.worker OP DATABASE WORKER_NO [FOLDER [TEMPLATE]]`` with OP one of
``record``, ``amend``, ``draft``, ``life`` (notes, attempts, closing and reopening one request),
``export`` (FOLDER: where batches go) or ``migrate`` (FOLDER: where copies of TEMPLATE, an old
database with rows, are made and opened).

Waits for a line on standard input (so the harness can start it while it is still checking
the previous round), then prints ``READY`` once set up and waits for another line (so no desk
of the round works before all have set up), then prints one ``ACK …`` line per piece of
work, flushed, and only after its transaction has committed: an acknowledged piece of work
is one the member of staff was told was saved, so it must be there after any crash.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from tests.crash.samples import desk_actor, sample
from triage_app.domain.vocabulary import load_vocabularies
from triage_app.errors import TriageError
from triage_app.locations import resources_dir
from triage_app.pathways import default_rules_dir, load_rules
from triage_app.services import drafts
from triage_app.services.intake import amend_request, take_request
from triage_app.store.audit_anchor import AuditPlaces
from triage_app.store.database import Database, database_url, make_engine


def audit_places(database: Path) -> AuditPlaces:
    """The crash tests' desk audit folder: beside its database file."""
    return AuditPlaces.in_folder(database.parent / "audit")


def ack(*fields: object) -> None:
    print("ACK", *fields, flush=True)


def ready() -> None:
    """Say READY, then wait for START: every desk of the round sets up before any works.

    A desk saving in a tight loop takes the write lock again the moment it lets it go, and
    SQLite's busy wait is not a queue, so a desk still setting up could wait out its whole
    timeout behind one already working.
    """
    print("READY", flush=True)
    sys.stdin.readline()


def now() -> datetime:
    return datetime.now(UTC)


def open_db(path: str) -> Database:
    """The desk's database, already at head (the harness made it): no migration to import.

    Opened as the app opens it, with the desk's audit folder (beside the file), so every
    worker keys its entries and keeps the head there, all four at once.
    """
    return Database(make_engine(database_url(path)), audit_places(Path(path)))


def saver(db: Database, n: int) -> Callable[[int], tuple[str, int]]:
    vocab = load_vocabularies(resources_dir())
    rules = load_rules(default_rules_dir(), vocab)
    actor = desk_actor(n)

    def save(i: int) -> tuple[str, int]:
        with db.write() as s:
            saved = take_request(s, sample(i), vocab=vocab, rules=rules, actor=actor, now=now())
        return saved.reference, i % 4

    def amend(ref: str, based_on: int, i: int) -> int:
        with db.write() as s:
            return amend_request(
                s,
                ref,
                sample(i),
                based_on=based_on,
                reason=f"crash test amendment {i}",
                vocab=vocab,
                rules=rules,
                actor=desk_actor(n, "team_leader"),
                now=now(),
            ).version

    save.amend = amend  # type: ignore[attr-defined]
    return save


def record(db: Database, n: int) -> None:
    save = saver(db, n)
    ready()
    for i in itertools.count(n):
        ref, index = save(i)
        ack("record", ref, index)


def amend(db: Database, n: int) -> None:
    save = saver(db, n)
    ref, index = save(n)
    ack("record", ref, index)
    ready()
    version = 1
    for i in itertools.count(n + 1):
        version = save.amend(ref, version, i)  # type: ignore[attr-defined]
        ack("amend", ref, version, i % 4)


def life(db: Database, n: int) -> None:
    """Notes, attempts, closing and reopening one request, over and over (issue 18)."""
    from triage_app.services.actions import (
        SAFEGUARDING_STEPS,
        AlreadyDone,
        NoSuchAction,
        settle_action,
    )
    from triage_app.services.contact import add_note, record_attempt
    from triage_app.services.outcomes import close_request, reopen_request

    vocab = load_vocabularies(resources_dir())
    save = saver(db, n)
    ref, index = save(n)
    ack("record", ref, index)
    leader = desk_actor(n, "team_leader")
    for step in sorted(SAFEGUARDING_STEPS):  # settled on their own, as closing requires
        try:
            with db.write() as s:
                settle_action(
                    s, ref, step, state="done", actor=leader, now=now(), note="crash test"
                )
        except (NoSuchAction, AlreadyDone):
            continue
    ready()
    for i in itertools.count(0):  # note, attempt, close, reopen, and again
        with db.write() as s:
            if i % 4 == 0:
                version = add_note(s, ref, f"crash test note {i}", actor=leader, now=now())
            elif i % 4 == 1:
                version = record_attempt(
                    s, ref, method="telephone", reached=False, actor=leader, now=now(),
                    vocab=vocab,
                )  # fmt: skip
            elif i % 4 == 2:
                version = close_request(
                    s, ref, outcome="advice_given", reason=f"crash test {i}", actor=leader,
                    now=now(), vocab=vocab,
                )  # fmt: skip
            else:
                version = reopen_request(s, ref, reason=f"crash test {i}", actor=leader, now=now())
        ack("life", ref, version)


def draft(db: Database, n: int) -> None:
    actor = desk_actor(n)
    with db.write() as s:
        draft_id = drafts.save_draft(s, None, {"n": 0}, actor=actor, now=now())
    ack("draft", draft_id, 0)
    ready()
    for i in itertools.count(1):
        with db.write() as s:
            drafts.save_draft(s, draft_id, {"n": i, "family": "Testwood"}, actor=actor, now=now())
        ack("draft", draft_id, i)


def export(db: Database, n: int, out: Path) -> None:
    from triage_app.export import export_pending  # only this worker pays for the import

    actor = desk_actor(n, "team_leader")
    ready()
    while True:
        try:
            result = export_pending(db, out, actor=actor, now=now())
        except TriageError as e:  # two exports at once: the later one is told to run again
            print("REFUSED", e, flush=True)
            continue
        if result.batch is not None:
            ack("export", result.batch.batch_id, result.batch.record_count)


def migrate(n: int, folder: Path, template: Path) -> None:
    """Open copies of an old database, several workers on the same copies at once."""
    from triage_app import __version__
    from triage_app.store.migrate import open_database

    ready()
    for i in itertools.count():
        path = folder / f"m{i:04d}.sqlite"
        if not path.exists():
            tmp = folder / f".copy-{n}.tmp"
            shutil.copyfile(template, tmp)
            with contextlib.suppress(FileExistsError):  # another worker made this copy first
                os.link(tmp, path)
            tmp.unlink()
        db = Database(make_engine(database_url(path)))
        open_database(db, __version__)
        db.close()
        ack("migrate", f"{folder.name}/{path.name}")


def main(argv: list[str]) -> None:
    op, database, n = argv[0], argv[1], int(argv[2])
    sys.stdin.readline()  # started early, while the harness checks the last round: wait for GO
    if op == "migrate":
        migrate(n, Path(argv[3]), Path(argv[4]))
        return
    db = open_db(database)
    if op == "export":
        export(db, n, Path(argv[3]))
    else:
        {"record": record, "amend": amend, "draft": draft, "life": life}[op](db, n)


if __name__ == "__main__":
    main(sys.argv[1:])
