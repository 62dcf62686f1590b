"""Which Family Hub serves a family: staff's choice, else where they live, else the desk's hub.

The seeds give no postcode table, so ``resources/postcodes.toml`` is the service's to edit:
postcode districts ("CV2") and sectors ("CV6 1") mapped to hubs. A sector is more specific
than its district and wins over it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from triage_app.domain.vocabulary import Vocabularies
from triage_app.pathways.problems import Report
from triage_app.pathways.source import TomlFile

_DISTRICT = re.compile(r"[A-Z]{1,2}\d[A-Z\d]?")
_FULL = re.compile(r"([A-Z]{1,2}\d[A-Z\d]?)(\d)([A-Z]{2})")
_SECTOR_PART = re.compile(r"\d[A-Z]{0,2}")


@dataclass(frozen=True)
class PostcodeTable:
    """Postcode sectors and districts to hub codes; ``confirmed`` once the service agrees it."""

    sectors: Mapping[str, str]
    districts: Mapping[str, str]
    confirmed: bool = False


EMPTY_TABLE = PostcodeTable(MappingProxyType({}), MappingProxyType({}))


@lru_cache(maxsize=4096)
def postcode_parts(text: str) -> tuple[str | None, str | None]:
    """The district and sector of a postcode, normalised ("cv61hd" → "CV6", "CV6 1").

    A full postcode gives both; an outward code alone ("cv2") gives the district; "CV6 1"
    gives both. Anything else gives neither. Remembered: families of the same street
    recur, and routing reads every request's postcode.
    """
    spaced = " ".join(text.upper().split())
    compact = spaced.replace(" ", "")
    full = _FULL.fullmatch(compact)
    if full:
        return full.group(1), f"{full.group(1)} {full.group(2)}"
    parts = spaced.split(" ")
    if len(parts) == 2 and _DISTRICT.fullmatch(parts[0]) and _SECTOR_PART.fullmatch(parts[1]):
        return parts[0], f"{parts[0]} {parts[1][0]}"
    if _DISTRICT.fullmatch(compact):
        return compact, None
    return None, None


def hub_for_postcode(postcode: str, table: PostcodeTable) -> str | None:
    """The hub for a postcode: its sector's if listed, else its district's, else None."""
    district, sector = postcode_parts(postcode)
    if sector is not None and sector in table.sectors:
        return table.sectors[sector]
    if district is not None:
        return table.districts.get(district)
    return None


#: Said when a family's postcode is in no hub's area: the hub falls back to the desk's.
OUTSIDE_AREAS = (
    "{postcode} is not in any Family Hub's area (postcodes {districts}): check where the "
    "family lives. A family living outside Coventry is signposted to their own council's "
    "early help; a Coventry family's hub is chosen by hand."
)


def outside_areas(postcode: str | None, table: PostcodeTable) -> str | None:
    """What to check when a postcode is in no hub's area (None: it is in one, or unreadable).

    Without it, a Warwickshire or Birmingham family (CV8, CV31, B1) is quietly given the
    desk's own hub and promised a Coventry hub's contact.
    """
    # A district the table names, whole or by a sector, is an area's (a sector not listed
    # in a district shared between hubs is for staff to choose among them).
    if not postcode:
        return None
    known = {*table.districts, *(sector.split(" ")[0] for sector in table.sectors)}
    district, _sector = postcode_parts(postcode)
    if not known or district is None or district in known:
        return None
    return OUTSIDE_AREAS.format(
        postcode=" ".join(postcode.upper().split()), districts=", ".join(sorted(known))
    )


def choose_hub(
    chosen: str | None, postcode: str | None, table: PostcodeTable, desk_hub: str | None
) -> str | None:
    """The hub for a request: staff's choice always wins, then the postcode, then the desk's."""
    if chosen:
        return chosen
    if postcode:
        found = hub_for_postcode(postcode, table)
        if found is not None:
            return found
    return desk_hub


def read_postcodes(file: TomlFile, vocab: Vocabularies, report: Report) -> PostcodeTable:
    """Build the table from ``postcodes.toml``, reporting bad postcodes and unknown hubs."""
    area = file.data.get("area", {})
    confirmed = file.data.get("confirmed", False)
    if not isinstance(confirmed, bool):
        report.add(
            file.path, file.key_line(None, "confirmed"), None, "confirmed must be true or false"
        )
        confirmed = False
    if not isinstance(area, dict):
        report.add(file.path, file.key_line(None, "area"), None, "[area] must be a table")
        return EMPTY_TABLE
    block = file.table_block("area")
    sectors: dict[str, str] = {}
    districts: dict[str, str] = {}
    hubs = vocab.hub
    for key, hub in area.items():
        line = file.key_line(block, key)
        written = " ".join(key.upper().split())
        district, sector = postcode_parts(written)
        if written not in (district, sector):
            report.add(file.path, line, None, f"'{key}' is not a postcode district or sector")
        elif not isinstance(hub, str) or hub not in hubs:
            report.add(file.path, line, None, hubs.unknown(str(hub)))
        elif written == sector:
            sectors[written] = hub
        else:
            districts[written] = hub
    return PostcodeTable(MappingProxyType(sectors), MappingProxyType(districts), confirmed)
