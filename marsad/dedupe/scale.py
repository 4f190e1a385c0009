"""ACLED-style source_scale from the outlets that report an event (table in data/dedupe/outlets.yaml)."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlparse

from marsad.records import Source

from .config import load_outlets

UNKNOWN = "Unknown"


def outlet_index(table: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Lower-cased outlet keys and aliases → table entry."""
    index: dict[str, dict[str, Any]] = {}
    for key, entry in (table.get("outlets") or {}).items():
        for name in [key, *entry.get("aliases", [])]:
            index[str(name).casefold()] = entry
    return index


@functools.lru_cache(maxsize=1)
def _default_index() -> dict[str, dict[str, Any]]:
    return outlet_index(load_outlets())


def _domain(text: str) -> str:
    host = urlparse(text if "//" in text else f"//{text}").hostname or text
    return host.casefold().removeprefix("www.")


def outlet_entry(source: Source, index: dict[str, dict[str, Any]] | None = None) -> dict[str, Any] | None:
    """The outlet entry for a source, matched by outlet name, its domain, or the URL's domain."""
    index = _default_index() if index is None else index
    for text in (source.outlet, source.url):
        if not text:
            continue
        for key in (text.strip().casefold(), _domain(text.strip())):
            while key:
                if key in index:
                    return index[key]
                key = key.partition(".")[2] if key.count(".") > 1 else ""  # news.bbc.co.uk → bbc.co.uk
    return None


def outlet_scale(entry: dict[str, Any], country: str | None, table: dict[str, Any]) -> str:
    """An outlet's reach relative to the event's country (ISO alpha-2), as ACLED scores it."""
    reach = entry.get("reach", "Other")
    if not country:
        return reach
    country = country.upper()
    if reach in ("National", "Subnational", "Local partner") and entry.get("country") \
            and entry["country"] != country:
        return "International"  # a foreign national paper covers this event from abroad
    if reach == "Regional":
        region = (table.get("regions") or {}).get(entry.get("region"), [])
        if region and country not in region:
            return "International"
    return reach


def source_scale(sources: Iterable[Source], country: str | None = None,
                 table: dict[str, Any] | None = None) -> str:
    """ACLED source_scale: the distinct scales of known outlets joined in ACLED's order
    (e.g. "National-International"); "Unknown" when no outlet is known.
    `country` (ISO alpha-2 of the event) makes a foreign national outlet count as International."""
    index = _default_index() if table is None else outlet_index(table)
    table = load_outlets() if table is None else table
    order = list(table.get("scale_order", []))
    scales = set()
    for source in sources:
        entry = outlet_entry(source, index)
        if entry is not None:
            scales.add(outlet_scale(entry, country, table))
    if not scales:
        return UNKNOWN
    return "-".join(sorted(scales, key=lambda s: (order.index(s) if s in order else len(order), s)))
