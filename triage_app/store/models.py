"""The schema, as SQLAlchemy 2 typed models: the base, and a request and its versions.

A request for help is an identity (``requests``: reference, stable id) and one or more
versions (``request_versions``): an amendment adds a version and never overwrites one.
Children, needs, concerns and route actions hang off a version (``version_models``). The
columns the monthly figures and the re-referral look-ups filter on are indexed; name columns
used for matching are stored normalised beside what was typed (``*_key``) so those look-ups
are plain index seeks. Beside the
versions here: which batch sent each to the central system, and the schema's stamps.
Every other table lives in a ``*_models`` module beside this one, each imported at the end
of this module so that ``Base.metadata`` holds every table once this module is imported.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
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

if TYPE_CHECKING:
    from triage_app.store.version_models import ActionRow, ChildRow, ConcernRow, NeedRow

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
PATTERN_OPS = "varchar_pattern_ops"


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
        # that range; PostgreSQL needs one comparing bytes (see ``PATTERN_OPS``).
        Index(
            "ix_requests_reference_prefix", "reference", postgresql_ops={"reference": PATTERN_OPS}
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
            postgresql_ops={"phone_key": PATTERN_OPS},
        ),
        Index(
            "ix_request_versions_postcode",
            "postcode_key",
            postgresql_ops={"postcode_key": PATTERN_OPS},
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


# Other tables live beside these: what a version names (children, needs, concerns, actions);
# the forms being typed (draft); the tables kept up for search and the figures' re-referrals
# (lookup); the audit trail; staff, approvals, database settings and unknown-name sign-ins
# (access); the services directory; a request's life after the front door (attempts, notes,
# status changes, overrides); the month's figures as counts; which request a new one's
# details were copied from (link).
from triage_app.store import access_models as _access_models  # noqa: E402, F401
from triage_app.store import audit_models as _audit_models  # noqa: E402, F401
from triage_app.store import count_models as _count_models  # noqa: E402, F401
from triage_app.store import directory_models as _directory_models  # noqa: E402, F401
from triage_app.store import draft_models as _draft_models  # noqa: E402, F401
from triage_app.store import life_models as _life_models  # noqa: E402, F401
from triage_app.store import link_models as _link_models  # noqa: E402, F401
from triage_app.store import lookup_models as _lookup_models  # noqa: E402, F401
from triage_app.store import version_models as _version_models  # noqa: E402, F401
