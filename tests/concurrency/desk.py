"""One desk as a real process, for the concurrency tests.

``python -m tests.concurrency.desk save URL DESK COUNT``: save COUNT requests, printing each
reference. ``python -m tests.concurrency.desk amend URL DESK REFERENCE``: amend version 1 of
a request once. ``python -m tests.concurrency.desk related URL DESK COUNT``: save COUNT
requests about the same few families as every other desk (:func:`related`), amending every
fifth to another family's phone. Each waits for a line on standard input first, so every
desk starts at once. A known condition is printed as ``REFUSED <message>`` and exits 1, as
the window would show it.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import make_url

from tests.crash.samples import desk_actor, sample
from triage_app.domain.request import TriageRequest
from triage_app.domain.vocabulary import load_vocabularies
from triage_app.errors import TriageError
from triage_app.locations import resources_dir
from triage_app.pathways import default_rules_dir, load_rules
from triage_app.services.intake import amend_request, take_request
from triage_app.store.database import Database, make_engine

#: Few phones, shared by the sample families in turn: saves link families across desks.
_PHONES = ("07700 900101", "07700 900102", "07700 900103")
AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def related(desk: int, i: int) -> TriageRequest:
    """A sample family (four, each with its children and postcode) with one of three phones,
    received on one of six days from 500 days before ``AT``, so that each desk's requests
    are earlier or later than other desks', within the year or outside it, or at the same
    moment."""
    req = sample(desk + i, received_at=AT - timedelta(days=100 * ((desk * 7 + i * 3) % 6)))
    return replace(req, family=replace(req.family, phone=_PHONES[(desk + 2 * i) % len(_PHONES)]))


def main(argv: list[str]) -> int:
    op, url, desk = argv[0], argv[1], int(argv[2])
    vocab = load_vocabularies(resources_dir())
    rules = load_rules(default_rules_dir(), vocab)
    db = Database(make_engine(make_url(url)))
    sys.stdin.readline()
    now = datetime.now(UTC)
    try:
        if op == "related":
            for i in range(int(argv[3])):
                req = related(desk, i)
                with db.write() as s:
                    saved = take_request(
                        s, req, vocab=vocab, rules=rules, actor=desk_actor(desk), now=now
                    )
                if i % 5 == 4:
                    phone = replace(req.family, phone=_PHONES[(desk + i + 1) % len(_PHONES)])
                    with db.write() as s:
                        amend_request(
                            s, saved.reference, replace(req, family=phone), based_on=1,
                            reason="phone corrected", vocab=vocab, rules=rules,
                            actor=desk_actor(desk, "team_leader"), now=now,
                        )  # fmt: skip
                print(saved.reference, flush=True)
        elif op == "save":
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
