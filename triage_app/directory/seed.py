"""The directory's first entries, from ``resources/``: the eight hubs and the partner services.

A database is seeded from these when it is made (migration 0013) and, at every start, with
any entry a later release adds (:func:`triage_app.services.directory.add_missing`); an entry
already in the database is never overwritten from the files, as staff may have checked and
corrected it since. The hubs' phone numbers and addresses are the only details the sources
give, so they are the only ones with a source; partners start unconfirmed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from triage_app.domain.directory import (
    HUB,
    SELF_OR_PROFESSIONAL,
    Detail,
    Directory,
    ServiceEntry,
    ordered,
)
from triage_app.domain.vocabulary import Hub, Vocabularies, load_vocabularies
from triage_app.pathways.model import Partner
from triage_app.pathways.partners import read_partners
from triage_app.pathways.problems import Report
from triage_app.pathways.source import read_toml

PARTNERS_FILE = "partners.toml"
#: Where the hubs' phone numbers and addresses were read.
HUB_SOURCE = "Early Help Family Hub annual report 2020/21, appendix 2 leaflet"
HUB_OFFER = (
    "Early help for families with children and young people aged 0 to 19 (up to 24 with "
    "special educational needs or a disability): family support, parenting, youth work."
)


def hub_entry(hub: Hub) -> ServiceEntry:
    """A Family Hub as a directory entry, with the leaflet as its details' source."""
    return ServiceEntry(
        code=hub.code,
        kind=HUB,
        name=hub.name,
        description=f"{hub.directions} {HUB_OFFER}".strip(),
        age_from=0,
        age_to=24,
        area=hub.reach_area,
        phone=Detail(hub.phone, HUB_SOURCE) if hub.phone else Detail(),
        address=Detail(hub.address, HUB_SOURCE) if hub.address else Detail(),
        referral=SELF_OR_PROFESSIONAL,
        note=hub.note,
    )


def seed_entries(hubs: Iterable[Hub], partners: Mapping[str, Partner]) -> Directory:
    """Hubs and partners as one directory (a partner code never repeats a hub's)."""
    entries = [hub_entry(h) for h in hubs]
    taken = {e.code for e in entries}
    entries += [p.seed for code, p in partners.items() if code not in taken]
    return ordered(entries)


def load_seed(resources: Path, vocab: Vocabularies | None = None) -> Directory:
    """The seed directory from a resources folder.

    Raises:
        RulesError: ``partners.toml`` has a problem (each listed with its line).
    """
    vocab = vocab or load_vocabularies(resources)
    report = Report()
    file = read_toml(resources / PARTNERS_FILE, report)
    partners = read_partners(file, vocab, report) if file else {}
    report.raise_if_any()
    return seed_entries(vocab.hubs, partners)
