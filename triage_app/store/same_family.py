"""What makes two requests about the same family or child, as SQL: one definition for all.

The window's earlier-requests panel, the count the save routes on (contract rule 13) and the
stored ``rereferrals`` the figures read all ask this module whether an earlier version is
about the same family or child as another (stored, or being typed), so that they count the
same requests. Each rule starts from an identifier that must agree exactly, and so is an
index seek; the surname may then be a near miss (:mod:`triage_app.domain.near_names`):

- the same **phone** number;
- the same **postcode**, and a similar family surname;
- a child with the same **first name and date of birth**, and a similar surname.

A near-miss surname never counts alone, nor where the exact spelling would not count.
The near-miss test runs in the database: the sound of each surname is stored beside it
(``*_sound``, :func:`~triage_app.domain.near_names.sound_key`), and one edit apart is the SQL
function :data:`ONE_EDIT`, the Python of :func:`~triage_app.domain.near_names.one_edit_apart`
on SQLite (:func:`register`), its copy in PL/pgSQL on PostgreSQL (:data:`POSTGRES_FUNCTION`,
made by migration 0018).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Boolean, ColumnElement, and_, case, func, literal, or_
from sqlalchemy.sql.functions import Function

from triage_app.domain.near_names import MIN_EDITED, one_edit_apart

#: The SQL function: true when two different surname keys are one edit apart.
ONE_EDIT = "h2h_one_edit"

#: What the window's panel says a request matched on.
CHILD = "child"
SIMILAR_CHILD = "similar surname + same child's first name and date of birth"
FAMILY_POSTCODE = "surname and postcode"
SIMILAR_FAMILY = "similar surname + same postcode"
PHONE = "phone"
#: The order the panel names its reasons in.
LABELS = (CHILD, SIMILAR_CHILD, FAMILY_POSTCODE, SIMILAR_FAMILY, PHONE)

#: :func:`~triage_app.domain.near_names.one_edit_apart`, line for line, for PostgreSQL.
POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {ONE_EDIT}(a text, b text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    la integer := length(a);
    lb integer := length(b);
    p integer := 0;
BEGIN
    IF a = b OR least(la, lb) < {MIN_EDITED} OR abs(la - lb) > 1 THEN
        RETURN false;
    END IF;
    WHILE p < least(la, lb) AND substr(a, p + 1, 1) = substr(b, p + 1, 1) LOOP
        p := p + 1;
    END LOOP;
    IF la > lb THEN
        RETURN substr(a, p + 2) = substr(b, p + 1);
    END IF;
    IF lb > la THEN
        RETURN substr(a, p + 1) = substr(b, p + 2);
    END IF;
    RETURN substr(a, p + 2) = substr(b, p + 2)
        OR (substr(a, p + 1, 1) = substr(b, p + 2, 1)
            AND substr(a, p + 2, 1) = substr(b, p + 1, 1)
            AND substr(a, p + 3) = substr(b, p + 3));
END
$$
"""
DROP_POSTGRES_FUNCTION = f"DROP FUNCTION IF EXISTS {ONE_EDIT}(text, text)"


def _one_edit(a: str | None, b: str | None) -> bool | None:
    if a is None or b is None:
        return None  # as SQL's STRICT functions answer
    return one_edit_apart(a, b)


def register(dbapi_connection: Any) -> None:
    """Give a new SQLite connection the :data:`ONE_EDIT` function."""
    dbapi_connection.create_function(ONE_EDIT, 2, _one_edit, deterministic=True)


@dataclass(frozen=True)
class FamilyKeys:
    """A request's family keys as SQL: an earlier version's columns, or values typed."""

    surname: Any
    sound: Any
    postcode: Any
    phone: Any


@dataclass(frozen=True)
class ChildKeys:
    """A child's keys as SQL: a stored child's columns, or values typed."""

    first: Any
    last: Any
    sound: Any
    born: Any


def _last_letter(key: Any) -> ColumnElement[str]:
    return func.substr(key, func.length(key), 1)


def one_edit(key: Any, other_key: Any) -> ColumnElement[bool]:
    """:data:`ONE_EDIT`, called only for the names it could be true of.

    Two names one edit apart differ in length by one at most, and, being four letters or
    more, share their first letter (the edit comes after it) or their last (the edit is at
    the start, and the rest is the same). SQL tests that first, with no call: at a postcode a
    year holds dozens of other families, and a call (Python on SQLite, PL/pgSQL on
    PostgreSQL) for each took most of the time of working re-referrals out. At a million
    demo requests, these tests leave one pair in ten to call it for.
    """
    return and_(
        func.abs(func.length(key) - func.length(other_key)) <= 1,
        or_(
            func.substr(key, 1, 1) == func.substr(other_key, 1, 1),
            _last_letter(key) == _last_letter(other_key),
        ),
        Function(ONE_EDIT, key, other_key, type_=Boolean),
    )


def similar_surname(key: Any, sound: Any, other_key: Any, other_sound: Any) -> ColumnElement[bool]:
    """The same surname key, the same sound, or one edit apart (see ``near_names``)."""
    return or_(key == other_key, sound == other_sound, one_edit(key, other_key))


def same_phone(earlier: FamilyKeys, this: FamilyKeys) -> ColumnElement[bool]:
    return and_(earlier.phone == this.phone)


def same_family(earlier: FamilyKeys, this: FamilyKeys) -> ColumnElement[bool]:
    """The same postcode, and the surname the same or a near miss."""
    return and_(
        earlier.postcode == this.postcode,
        similar_surname(earlier.surname, earlier.sound, this.surname, this.sound),
    )


def same_child(earlier: ChildKeys, this: ChildKeys) -> ColumnElement[bool]:
    """The same first name and date of birth, and the surname the same or a near miss."""
    return and_(
        earlier.first == this.first,
        earlier.born == this.born,
        similar_surname(earlier.last, earlier.sound, this.last, this.sound),
    )


def family_label(earlier: FamilyKeys, this: FamilyKeys) -> ColumnElement[str]:
    """What the panel says of a family matched by :func:`same_family`."""
    return case(
        (earlier.surname == this.surname, literal(FAMILY_POSTCODE)), else_=literal(SIMILAR_FAMILY)
    )


def child_label(earlier: ChildKeys, this: ChildKeys) -> ColumnElement[str]:
    """What the panel says of a child matched by :func:`same_child`."""
    return case((earlier.last == this.last, literal(CHILD)), else_=literal(SIMILAR_CHILD))


def family_keys(columns: Any) -> FamilyKeys:
    """The family keys of a ``request_versions`` table or alias (its ``.c``)."""
    return FamilyKeys(
        columns.family_last_name_key,
        columns.family_last_name_sound,
        columns.postcode_key,
        columns.phone_key,
    )


def child_keys(columns: Any) -> ChildKeys:
    """The keys of a ``children`` table or alias (its ``.c``)."""
    return ChildKeys(
        columns.first_name_key,
        columns.last_name_key,
        columns.last_name_sound,
        columns.date_of_birth,
    )
