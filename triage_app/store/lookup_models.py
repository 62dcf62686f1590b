"""Tables kept up as current versions change, so a search and the figures seek one index.

Kept beside ``models``: neither holds anything a version does not; each copies what a look-up
needs of the version (its time and hub, which never change within a version) so that the
newest versions with a name word, or a month's re-referrals, are read from an index alone
rather than from the wide version rows.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from triage_app.store.models import PATTERN_OPS, Base, Code, Name
from triage_app.store.types import UTCDateTime


class NameWord(Base):
    """A word of a name in a current version (parent's or child's), or its sound, for search.

    One row per distinct word of the version's names and per distinct Soundex code of them
    (see :func:`triage_app.domain.name_words.word_keys`), kept for current versions only: an
    amendment replaces its request's words, so a search never reads a superseded version.
    The version's ``received_at`` and ``hub`` (which never change) are copied here, so the
    newest few hundred versions with a word are read from the index in order, without a
    version row: of every hub (``ix_name_words_word``), or of one hub's last year, all a
    receptionist or call handler sees of it (``ix_name_words_hub``, migration 0017).
    """

    __tablename__ = "name_words"
    __table_args__ = (
        Index(
            "ix_name_words_word",
            "word",
            "received_at",
            "version_id",
            postgresql_ops={"word": PATTERN_OPS},
        ),
        Index(
            "ix_name_words_hub",
            "hub",
            "word",
            "received_at",
            "version_id",
            postgresql_ops={"word": PATTERN_OPS},
        ),
    )

    version_id: Mapped[int] = mapped_column(
        ForeignKey("request_versions.id", ondelete="CASCADE"), primary_key=True
    )
    word: Mapped[str] = mapped_column(Name, primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    hub: Mapped[str | None] = mapped_column(Code)


class RereferralRow(Base):
    """A current version that is a re-referral: kept up on save, amendment and erasure.

    Whether a request is a re-referral (an earlier request for the same child or family in
    the year before it; ``store.rereferrals``) is worked out when it changes, not each time
    the month is counted: counting it took a hundred thousand index seeks a month at a
    million requests. Its time and hub are copied from the version (neither ever changes
    within a version), so a month's re-referrals are one range of this table's index.
    """

    __tablename__ = "rereferrals"
    __table_args__ = (
        # Holding the earlier closing too, the month's intervals read the index alone.
        Index("ix_rereferrals_received", "received_at", "hub", "earlier_closed_at"),
        Index("ix_rereferrals_hub_received", "hub", "received_at", "earlier_closed_at"),
    )

    version_id: Mapped[int] = mapped_column(
        ForeignKey("request_versions.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    )
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    hub: Mapped[str | None] = mapped_column(Code)
    #: When the earlier requests that make it a re-referral last closed, if one was closed
    #: when it was received (None: none was). Fixed by then, so kept here for the figures'
    #: re-referral intervals rather than sought in each family's history every month.
    earlier_closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
