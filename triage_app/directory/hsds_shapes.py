"""The Open Referral UK (HSDS 3.0) shapes the directory is shared in, as pydantic models.

Only the parts the directory fills are modelled: a service with its organization, phones,
schedules, service areas, locations (``service_at_locations``) and attributes (taxonomy
terms). Fields another system adds are ignored on reading, so a file from the council's
Family Information Service imports as long as what the directory needs is there and right.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Shape(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Organization(_Shape):
    id: str = Field(min_length=1)
    name: str = Field(min_length=1)


class Phone(_Shape):
    id: str = Field(min_length=1)
    number: str = Field(min_length=1)
    #: Where the number was read (the directory's source); free text in HSDS.
    description: str | None = None


class Schedule(_Shape):
    id: str = Field(min_length=1)
    description: str | None = None


class ServiceArea(_Shape):
    id: str = Field(min_length=1)
    name: str | None = None


class Address(_Shape):
    id: str = Field(min_length=1)
    address_1: str = Field(min_length=1)
    city: str | None = None
    postal_code: str | None = None
    country: str | None = None
    address_type: str | None = None


class Location(_Shape):
    id: str = Field(min_length=1)
    name: str | None = None
    location_type: str | None = None
    addresses: list[Address] = []


class ServiceAtLocation(_Shape):
    id: str = Field(min_length=1)
    location: Location | None = None


class TaxonomyTerm(_Shape):
    id: str = Field(min_length=1)
    code: str | None = None
    name: str = Field(min_length=1)
    vocabulary: str | None = None


class Attribute(_Shape):
    id: str = Field(min_length=1)
    value: str | None = None
    taxonomy_term: TaxonomyTerm


class Service(_Shape):
    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    description: str | None = None
    url: str | None = None
    email: str | None = None
    status: Literal["active", "inactive", "defunct", "temporarily closed"]
    minimum_age: int | None = Field(default=None, ge=0, le=120)
    maximum_age: int | None = Field(default=None, ge=0, le=120)
    assured_date: str | None = None
    organization: Organization | None = None
    phones: list[Phone] = []
    schedules: list[Schedule] = []
    service_areas: list[ServiceArea] = []
    service_at_locations: list[ServiceAtLocation] = []
    attributes: list[Attribute] = []


class Directory(_Shape):
    """A file of services: ``{"services": [...]}``."""

    services: list[Service]
