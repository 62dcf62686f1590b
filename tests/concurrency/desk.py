"""One desk as a real process, for the concurrency tests.

``python -m tests.concurrency.desk save URL DESK COUNT``: save COUNT requests, printing each
reference. ``python -m tests.concurrency.desk amend URL DESK REFERENCE``: amend version 1 of
a request once. Both wait for a line on standard input first, so every desk starts at once.
A known condition is printed as ``REFUSED <message>`` and exits 1, as the window would show it.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy import make_url

from tests.crash.samples import desk_actor, sample
from triage_app.domain.vocabulary import load_vocabularies
from triage_app.errors import TriageError
from triage_app.locations import resources_dir
from triage_app.pathways import default_rules_dir, load_rules
from triage_app.services.intake import amend_request, take_request
from triage_app.store.database import Database, make_engine


def main(argv: list[str]) -> int:
    op, url, desk = argv[0], argv[1], int(argv[2])
    vocab = load_vocabularies(resources_dir())
    rules = load_rules(default_rules_dir(), vocab)
    db = Database(make_engine(make_url(url)))
    sys.stdin.readline()
    now = datetime.now(UTC)
    try:
        if op == "save":
            for i in range(int(argv[3])):
                with db.write() as s:
                    saved = take_request(
                        s,
                        sample(desk + i),
                        vocab=vocab,
                        rules=rules,
                        actor=desk_actor(desk),
                        now=now,
                    )
                print(saved.reference, flush=True)
        else:
            req = sample(1)
            req = replace(req, family=replace(req.family, phone=f"07700 90{desk:04d}"))
            with db.write() as s:
                amend_request(
                    s, argv[3], req, based_on=1, reason=f"desk {desk} corrected the phone",
                    vocab=vocab, rules=rules, actor=desk_actor(desk, "team_leader"), now=now,
                )  # fmt: skip
            print("AMENDED", flush=True)
    except TriageError as e:
        print(f"REFUSED {e}", flush=True)
        return 1
    finally:
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
