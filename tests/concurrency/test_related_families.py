"""Many PostgreSQL desks saving and amending requests about the same few families at once.

Each desk is a process of its own (``tests.concurrency.desk related``): the families, their
children and three phones are shared by every desk, and the times received cross the year's
window and fall on the same moment, so each save and amendment changes other desks'
re-referral answers while they are saving too. Afterwards the stored re-referrals are
exactly what an independent count from the stored requests says, nothing is lost or saved
twice, and the audit chain verifies, as ``db check`` checks it.
"""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import func, make_url, select

from tests.concurrency.test_concurrency import _desks
from tests.store.rereferral_oracle import expected_rereferrals, stored_rereferrals
from triage_app import __version__
from triage_app.store import audit
from triage_app.store.database import Database, make_engine
from triage_app.store.health import check_health
from triage_app.store.migrate import open_database
from triage_app.store.models import Request, RequestVersion

pytestmark = pytest.mark.postgres

DESKS, SAVES = 8, 15


def test_desks_saving_related_families_at_once_keep_counts_exact(postgres_url: str) -> None:
    db = Database(make_engine(make_url(postgres_url)))
    open_database(db, __version__)
    try:
        results = _desks([["related", postgres_url, str(d), str(SAVES)] for d in range(DESKS)])
        for r in results:
            assert r.code == 0, r.out + r.err
        refs = [line for r in results for line in r.out.split()]
        assert len(refs) == len(set(refs)) == DESKS * SAVES
        with db.read() as s:
            stored = s.execute(select(Request.reference)).scalars().all()
            versions = s.execute(select(func.count()).select_from(RequestVersion)).scalar()
            done = Counter(e.action for e in audit.entries(s))
        amended = DESKS * (SAVES // 5)
        assert sorted(stored) == sorted(refs)
        assert versions == DESKS * SAVES + amended
        assert done["create"] == DESKS * SAVES and done["amend"] == amended
        expected = expected_rereferrals(db)
        assert len(expected) > DESKS * SAVES // 2  # the families do come back
        assert stored_rereferrals(db) == expected
        assert check_health(db).healthy
    finally:
        db.close()
