"""The schema, as SQLAlchemy 2 typed models.

A request for help is an identity (``requests``: reference, stable id) and one or more
versions (``request_versions``): an amendment adds a version and never overwrites one.
Children, needs and route actions hang off a version. The columns the monthly figures and
the re-referral look-ups filter on are indexed; name columns used for matching are stored
normalised beside what was typed (``*_key``) so those look-ups are plain index seeks.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    select,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, column_property, mapped_column, relationship

from triage_app.domain import limits
from triage_app.store.types import UTCDateTime

#: Constraint names Alembic can address on SQLite, where constraints are otherwise anonymous.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: Lengths come from ``triage_app.domain.limits``, which validation reads too.
Code = String(limits.CODE)
Name = String(limits.NAME)
Phone = String(limits.PHONE)
Postcode = String(limits.POSTCODE)

#: What a month's figures count requests by, and match re-referrals on, held in the period
#: indexes after the period, so that the figures never read a month of (wide) version rows.
_COUNTED = (
    "contact_method", "source", "primary_need", "pathway",
    "request_id", "family_last_name_key", "postcode_key", "phone_key",
    "outcome", "final_pathway", "due_at",
)  # fmt: skip
#: What a re-referral look-up tests of an earlier version found by its family or phone key.
_EARLIER = ("is_current", "received_at", "request_id")
#: On PostgreSQL, a key searched by its start is indexed comparing bytes, so that ``LIKE
#: 'prefix%'`` is an index seek under any collation (equality look-ups still use it).
_PATTERN = "varchar_pattern_ops"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    # SQLAlchemy reads this class attribute; it is never mutated.
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON, datetime: UTCDateTime}  # noqa: RUF012


def table_of(model: type[Base]) -> Table:
    """A model's table, as the core statements (bulk inserts, ``UPDATE … FROM``) take it."""
    return Base.metadata.tables[model.__tablename__]


class Request(Base):
    """A request's identity: what stays the same across its versions."""

    __tablename__ = "requests"
    __table_args__ = (
        # A reference searched by its start ("HH-7KQ4"): on SQLite the unique index answers
        # that range; PostgreSQL needs one comparing bytes (see ``_PATTERN``).
        Index(
            "ix_requests_reference_prefix", "reference", postgresql_ops={"reference": _PATTERN}
        ).ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    #: The stable id the central system deduplicates on (a UUID as text).
    record_id: Mapped[str] = mapped_column(String(36), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    current_version: Mapped[int] = mapped_column(Integer, default=1)

    versions: Mapped[list[RequestVersion]] = relationship(
        back_populates="request", order_by="RequestVersion.version"
    )


class WaitingVersion(Base):
    """A version the central system has not had yet: added as it is saved, removed once sent.

    Kept apart from the wide version rows so that marking a batch as sent deletes narrow rows
    here rather than rewriting every version sent, and so that how many are waiting, and
    since when, is one pass over this small table. A trigger adds the row as the version is
    inserted (migration 0007), so no way of saving a version can leave it out. No index on
    ``received_at``: counting reads every row anyway, and the oldest comes in the same pass.
    """

    __tablename__ = "export_waiting"

    version_id: Mapped[int] = mapped_column(
        ForeignKey("request_versions.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    )
    #: The version's ``received_at`` (which never changes), for the oldest waiting.
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ExportedVersion(Base):
    """Which batch a version was sent in: written in the transaction that records the batch."""

    __tablename__ = "exported_versions"
    __table_args__ = (Index("ix_exported_versions_batch", "batch_id", "version_id"),)

    version_id: Mapped[int] = mapped_column(
        ForeignKey("request_versions.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    )
    batch_id: Mapped[str] = mapped_column(ForeignKey("export_batches.id"))


class RequestVersion(Base):
    """One version of a request's content and route; the newest is the current one."""

    __tablename__ = "request_versions"
    __table_args__ = (
        UniqueConstraint("request_id", "version", name="uq_request_versions_request_version"),
        # Current versions received in a period, optionally for one hub (lists, figures).
        Index(
            "ix_request_versions_current_received", "is_current", "received_at", "hub", *_COUNTED
        ),
        Index(
            "ix_request_versions_current_hub_received",
            "is_current",
            "hub",
            "received_at",
            *_COUNTED,
        ),
        # The figures' 12-month trend: one range count per course of action and month.
        Index("ix_request_versions_current_pathway", "is_current", "pathway", "received_at"),
        # The requests one person took (their first versions): what staff who see only their
        # hub's recent requests see of the rest.
        Index("ix_request_versions_author", "author", "version", "request_id"),
        Index(
            "ix_request_versions_current_hub_pathway", "is_current", "hub", "pathway", "received_at"
        ),
        # Re-referral of a family by phone; then whether current, and when (the 365-day
        # window is a range within the key), and whose.
        Index(
            "ix_request_versions_phone",
            "phone_key",
            *_EARLIER,
            postgresql_ops={"phone_key": _PATTERN},
        ),
        Index(
            "ix_request_versions_postcode",
            "postcode_key",
            postgresql_ops={"postcode_key": _PATTERN},
        ),
        # Re-referral of a family by postcode, its surname written either way (migration
        # 0018): then whether current and when, whose, and the surname and its sound.
        Index(
            "ix_request_versions_postcode_family",
            "postcode_key",
            *_EARLIER,
            "family_last_name_key",
            "family_last_name_sound",
        ),
        # The follow-up queue's incomplete requests (saved partial, contract rule 10).
        Index("ix_request_versions_incomplete", "incomplete", "is_current"),
        # The follow-up queue (migration 0012): a hub's open work by due time, with what its
        # counts test, so a screenful and the counts read the open rows of one hub only;
        # and the work assigned to one person.
        Index(
            "ix_request_versions_open_hub",
            "is_current",
            "status",
            "hub",
            "due_at",
            "assigned_to",
        ),
        Index("ix_request_versions_open_assigned", "assigned_to", "is_current", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    is_current: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    author: Mapped[str] = mapped_column(Name)
    desk: Mapped[str | None] = mapped_column(Name)
    amendment_reason: Mapped[str | None] = mapped_column(Text)

    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    contact_method: Mapped[str] = mapped_column(Code)
    source: Mapped[str] = mapped_column(Code)
    referrer_name: Mapped[str | None] = mapped_column(Name)
    referrer_organisation: Mapped[str | None] = mapped_column(Name)
    referrer_phone: Mapped[str | None] = mapped_column(Phone)
    referrer_email: Mapped[str | None] = mapped_column(Name)

    family_first_name: Mapped[str | None] = mapped_column(Name)
    family_last_name: Mapped[str | None] = mapped_column(Name)
    family_last_name_key: Mapped[str | None] = mapped_column(Name)
    #: How the surname sounds (``near_names.sound_key``): a near miss of it still matches.
    family_last_name_sound: Mapped[str | None] = mapped_column(Name)
    address: Mapped[str | None] = mapped_column(Text)
    withhold_address: Mapped[bool] = mapped_column(Boolean, default=False)
    postcode: Mapped[str | None] = mapped_column(Postcode)
    postcode_key: Mapped[str | None] = mapped_column(Postcode)
    phone: Mapped[str | None] = mapped_column(Phone)
    phone_key: Mapped[str | None] = mapped_column(Phone)
    email: Mapped[str | None] = mapped_column(Name)
    language: Mapped[str | None] = mapped_column(String(limits.LANGUAGE))
    interpreter: Mapped[bool] = mapped_column(Boolean, default=False)

    send: Mapped[bool] = mapped_column(Boolean, default=False)
    narrative: Mapped[str | None] = mapped_column(Text)
    immediate_danger: Mapped[bool | None] = mapped_column(Boolean)
    significant_harm: Mapped[bool | None] = mapped_column(Boolean)
    domestic_abuse_high_risk: Mapped[bool | None] = mapped_column(Boolean)
    #: None only in a partial request (contract rule 10), until an amendment records it.
    consent: Mapped[str | None] = mapped_column(Code)
    primary_need: Mapped[str | None] = mapped_column(Code)
    hub: Mapped[str | None] = mapped_column(Code)
    hub_chosen_by_staff: Mapped[bool] = mapped_column(Boolean, default=False)

    pathway: Mapped[str] = mapped_column(Code)
    respond_within: Mapped[str | None] = mapped_column(String(limits.RESPOND_WITHIN))
    rules_version: Mapped[str] = mapped_column(String(limits.RULES_VERSION))
    trace: Mapped[list[Any]] = mapped_column(JSON)
    advice: Mapped[list[Any]] = mapped_column(JSON)

    #: Children live in the household, how many or how old not known yet (contract rule 11).
    children_unknown: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: Earlier requests about the same family or child in the 365 days before this one, as
    #: the store counted them when this version was saved (contract rule 13).
    earlier_requests: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    #: Why the family cannot be reached, when no phone, email or address was taken (a code of
    #: ``no_contact_reason``; see :mod:`triage_app.domain.reach`).
    no_contact_reason: Mapped[str | None] = mapped_column(Code)
    #: When 999 was called, by whom, the police reference: an emergency saved at once.
    emergency_called_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    emergency_called_by: Mapped[str | None] = mapped_column(String(limits.NAME))
    emergency_police_reference: Mapped[str | None] = mapped_column(String(limits.NAME))
    #: Saved partial: needs, consent or a child's age still missing (see
    #: :mod:`triage_app.domain.completeness`); an amendment that completes it clears it.
    incomplete: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    # The request's life after the front door (migration 0012), as it stood when this
    # version was saved: a change to it is a new version (``store.life``), so the central
    # system hears of it exactly once, and the current version says where the request is.
    #: ``open``, ``in_progress`` or ``closed`` (``triage_app.domain.life.STATUSES``).
    status: Mapped[str] = mapped_column(String(12), default="open", server_default=text("'open'"))
    #: Set when closed: a code of ``resources/vocabularies.toml`` ``[outcome]``.
    outcome: Mapped[str | None] = mapped_column(Code)
    #: The pathway staff chose over the one recommended (``pathway``); ``None``: as recommended.
    final_pathway: Mapped[str | None] = mapped_column(Code)
    #: The named worker (username) the request is assigned to.
    assigned_to: Mapped[str | None] = mapped_column(String(50))
    #: When the route's response is due (``pathways.due``); ``None``: phrasing not understood.
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: What made this version, when it was a change to the request's life rather than its
    #: content (``domain.life.CHANGES``); ``None`` for the request as taken or amended.
    life_change: Mapped[str | None] = mapped_column(Code)

    #: The batch this version was sent in, if any, read from ``exported_versions`` when asked.
    #: A subquery correlated with the version row: select it with the version (its entity or
    #: another of its columns), never alone, or it is not matched to any one version.
    export_batch_id: Mapped[str | None] = column_property(
        select(ExportedVersion.batch_id)
        .where(ExportedVersion.version_id == id)
        .correlate_except(ExportedVersion)
        .scalar_subquery(),
        deferred=True,
    )

    request: Mapped[Request] = relationship(back_populates="versions")
    children: Mapped[list[ChildRow]] = relationship(
        order_by="ChildRow.position", cascade="all, delete-orphan"
    )
    needs: Mapped[list[NeedRow]] = relationship(
        order_by="NeedRow.position", cascade="all, delete-orphan"
    )
    concerns: Mapped[list[ConcernRow]] = relationship(
        order_by="ConcernRow.position", cascade="all, delete-orphan"
    )
    actions: Mapped[list[ActionRow]] = relationship(
        order_by="ActionRow.position", cascade="all, delete-orphan"
    )


class ChildRow(Base):
    """A child or young person named in one version of a request."""

    __tablename__ = "children"
    __table_args__ = (
        # A version's children, with what the figures count them by and match them on.
        Index(
            "ix_children_version",
            "version_id",
            "unborn",
            "date_of_birth",
            "age_years",
            "gender",
            "ethnicity",
            "last_name_key",
            "first_name_key",
        ),
        # Search by date of birth alone, as a caller gives it.
        Index("ix_children_dob", "date_of_birth"),
        # Re-referral of a child, the surname written either way (migration 0018): first
        # name and date of birth, then the surname and its sound, and the version.
        Index(
            "ix_children_first_dob",
            "first_name_key",
            "date_of_birth",
            "last_name_key",
            "last_name_sound",
            "version_id",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("request_versions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    first_name: Mapped[str | None] = mapped_column(Name)
    last_name: Mapped[str | None] = mapped_column(Name)
    first_name_key: Mapped[str | None] = mapped_column(Name)
    last_name_key: Mapped[str | None] = mapped_column(Name)
    #: How the surname sounds (``near_names.sound_key``): a near miss of it still matches.
    last_name_sound: Mapped[str | None] = mapped_column(Name)
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    #: The date of birth was counted back from an age ("18 months"), or the caller was unsure.
    date_of_birth_estimated: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    age_years: Mapped[int | None] = mapped_column(Integer)
    unborn: Mapped[bool] = mapped_column(Boolean, default=False)
    gender: Mapped[str | None] = mapped_column(Code)
    ethnicity: Mapped[str | None] = mapped_column(Code)
    send: Mapped[bool] = mapped_column(Boolean, default=False)


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
            postgresql_ops={"word": _PATTERN},
        ),
        Index(
            "ix_name_words_hub",
            "hub",
            "word",
            "received_at",
            "version_id",
            postgresql_ops={"word": _PATTERN},
        ),
    )

    version_id: Mapped[int] = mapped_column(
        ForeignKey("request_versions.id", ondelete="CASCADE"), primary_key=True
    )
    word: Mapped[str] = mapped_column(Name, primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    hub: Mapped[str | None] = mapped_column(Code)


class NeedRow(Base):
    """A presenting need of one version; at most one is primary."""

    __tablename__ = "request_needs"
    #: A version's needs in order, holding the code: the figures and the export read no rows.
    __table_args__ = (Index("ix_request_needs_version", "version_id", "position", "need"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("request_versions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    need: Mapped[str] = mapped_column(Code)
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)


class ConcernRow(Base):
    """A safeguarding concern ticked in one version (contract rules 9–14), apart from the needs."""

    __tablename__ = "request_concerns"
    #: A version's concerns in order, holding the code: the figures and the export read no rows.
    __table_args__ = (Index("ix_request_concerns_version", "version_id", "position", "concern"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("request_versions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    concern: Mapped[str] = mapped_column(Code)


class ActionRow(Base):
    """An action the route calls for, and whether (and by whom) it has been done."""

    __tablename__ = "route_actions"
    __table_args__ = (
        Index("ix_route_actions_version", "version_id"),
        Index("ix_route_actions_open", "done_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("request_versions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(Code)
    #: When and by whom it was settled (done, not needed or could not be done).
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by: Mapped[str | None] = mapped_column(Name)
    #: How it was settled (``domain.life.ACTION_STATES``); ``None`` while open. Actions
    #: ticked done before migration 0012 read as ``done``.
    state: Mapped[str | None] = mapped_column(String(20))
    #: What the person who settled it said, if anything.
    note: Mapped[str | None] = mapped_column(Text)


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


class Draft(Base):
    """A form being typed: kept so a dropped call or a crash loses nothing; never counted."""

    __tablename__ = "drafts"
    __table_args__ = (Index("ix_drafts_open", "status", "desk"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[str] = mapped_column(String(36), unique=True)
    desk: Mapped[str | None] = mapped_column(Name)
    author: Mapped[str] = mapped_column(Name)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: ``open``, ``saved`` (became a request) or ``discarded`` (deliberately, with audit).
    status: Mapped[str] = mapped_column(String(12))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)


class AuditEntry(Base):
    """One thing someone did; append-only (triggers refuse update and delete) and hash-chained.

    Holds ids and codes, never what a family said.
    """

    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_at", "at"),
        Index("ix_audit_entries_record", "record_ref"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(Name)
    role: Mapped[str | None] = mapped_column(Code)
    desk: Mapped[str | None] = mapped_column(Name)
    action: Mapped[str] = mapped_column(Code)
    record_ref: Mapped[str | None] = mapped_column(String(60))
    reason: Mapped[str | None] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditKey(Base):
    """The key the audit trail is kept with, named by its fingerprint, and its first entry.

    Entries before ``first_entry`` were written before keying started and keep their plain
    hash; the key itself is never in the database (``store/audit_anchor.py``).
    """

    __tablename__ = "audit_keys"

    key_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    first_entry: Mapped[int] = mapped_column(Integer)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ExportBatch(Base):
    """A batch written for the central system; its records point at it."""

    __tablename__ = "export_batches"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(Name)
    schema_version: Mapped[str] = mapped_column(String(20))
    record_count: Mapped[int] = mapped_column(Integer)
    manifest: Mapped[dict[str, Any]] = mapped_column(JSON)


class SchemaStamp(Base):
    """Which app version wrote each schema revision, so a too-new database can say what it needs."""

    __tablename__ = "schema_stamps"

    revision: Mapped[str] = mapped_column(String(40), primary_key=True)
    app_version: Mapped[str] = mapped_column(String(40))
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Staff(Base):
    """A member of staff who signs in; disabled rather than deleted, as the audit names them.

    Holds a scrypt hash, never a password. ``failed_attempts`` counts wrong passwords since
    the last good one; enough of them set ``locked_until``. A password someone else set (a
    new account, a reset) is for one sign-in: ``must_change_password`` holds until its owner
    chooses their own, and ``password_set_by`` names who set it, to tell them.
    """

    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    display_name: Mapped[str] = mapped_column(Name)
    role: Mapped[str] = mapped_column(Code)
    hub: Mapped[str | None] = mapped_column(Code)
    password_hash: Mapped[str] = mapped_column(String(200))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    password_set_by: Mapped[str | None] = mapped_column(String(120))
    #: The person's own text size (per cent of the system's) and colours, set by themself.
    text_size: Mapped[int] = mapped_column(Integer, default=100)
    high_contrast: Mapped[bool] = mapped_column(Boolean, default=False)


# Other tables live beside these: approvals, database settings and unknown-name sign-ins
# (access); the services directory; a request's life after the front door (attempts, notes,
# status changes, overrides); which request a new one's details were copied from (link).
from triage_app.store import access_models as _access_models  # noqa: E402, F401
from triage_app.store import count_models as _count_models  # noqa: E402, F401
from triage_app.store import directory_models as _directory_models  # noqa: E402, F401
from triage_app.store import life_models as _life_models  # noqa: E402, F401
from triage_app.store import link_models as _link_models  # noqa: E402, F401
