"""The month's figures kept as counts: kept beside ``models`` (migration 0020).

A month's figures at a million requests were read from some 40,000 versions and their
children, needs and concerns each time (about a second); the same counts are kept here as
versions become current and stop being current (``store.figure_counts``), so a month is a
few hundred rows. A row is what one measure counts for one month (local time) and hub: the
measure (``pathway``, ``child_age``, ``outcome`` …), the values it is counted by as a JSON
list (``["family_hub", "closed_support_given"]``), and how many current versions (or
children, needs, concerns) have them.
"""

from __future__ import annotations

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from triage_app.domain import limits
from triage_app.store.models import Base

#: A version with no hub is kept under this hub code (a key may not be NULL).
NO_HUB = ""


class FigureCount(Base):
    """How many of a month's current versions of one hub have one measure's values."""

    __tablename__ = "figure_counts"
    # On SQLite the rows are kept in the order of their key: a month's are side by side.
    __table_args__ = ({"sqlite_with_rowid": False},)

    #: ``YYYY-MM``, the local month the versions were received in (``domain.months``).
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    hub: Mapped[str] = mapped_column(String(limits.CODE), primary_key=True)
    measure: Mapped[str] = mapped_column(String(limits.CODE), primary_key=True)
    #: The values counted, as a JSON list (a code, an age, ``null`` for not recorded).
    code: Mapped[str] = mapped_column(Text, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)
