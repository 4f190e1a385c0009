"""Typed records that flow between the pipeline stages.

Every stage is a plain function over these records; offsets always index the
*original* document text, never a normalised copy.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

# The extraction contract: `marsad extract` writes exactly these keys, in this order.
EXTRACTION_FIELDS: tuple[str, ...] = (
    "doc_id", "event_type", "sub_event_type", "plover_type", "plover_mode",
    "date", "time_precision", "country", "iso", "admin1", "admin2", "location",
    "latitude", "longitude", "geo_precision", "actor1", "assoc_actor_1", "inter1",
    "actor2", "assoc_actor_2", "inter2", "fatalities", "modality", "attribution",
    "evidence", "evidence_start", "evidence_end", "confidence",
)

# The ACLED export: exactly these 31 columns, in this order.
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type",
    "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2",
    "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "iso", "region",
    "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
    "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)

MODALITIES: tuple[str, ...] = ("asserted", "claimed", "planned", "denied", "hypothetical")

# Where a report's date came from (EventReport.date_source): told in the event's own clause
# ("stated"; also a day counted back from the sentence's event: "two days after ..."), the day of
# the statement told after the event ("reported": "killed 12, the army said on Saturday"; the
# event was on it or shortly before), or inferred: an earlier sentence of the paragraph, the
# headline and lede, the publication date.
DATE_SOURCES: tuple[str, ...] = ("stated", "reported", "paragraph", "lede", "published")


def content_hash(text: str) -> str:
    """Stable document id: the first 16 hex digits of the SHA-256 of the text."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass(slots=True)
class Document:
    """One news article as ingested."""

    id: str
    text: str
    url: str | None = None
    outlet: str | None = None
    language: str | None = None
    published: str | None = None  # ISO date YYYY-MM-DD
    title: str | None = None
    origin: str | None = None  # file (and line) it was read from
    content_hash: str = ""

    def __post_init__(self) -> None:
        if not self.content_hash:
            self.content_hash = content_hash(self.text)


@dataclass(slots=True)
class Mention:
    """A recognised span of the original text and what it means."""

    start: int
    end: int
    kind: str  # actor, place, date, number, trigger, modality, attribution
    text: str
    value: Any = None
    rule: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Place:
    """A resolved gazetteer entry, with the ACLED precision it is coded at."""

    name: str
    latitude: float | None
    longitude: float | None
    country: str | None
    iso: str | None = None  # ISO 3166-1 alpha-2
    admin1: str | None = None
    admin2: str | None = None
    geonameid: int | None = None  # the gazetteer's id: negative for Marsad's own places (curated, CSV imports)
    feature_code: str | None = None
    population: int = 0
    geo_precision: int = 1

    @property
    def geonames_id(self) -> int | None:
        """The GeoNames id, or None for a place of Marsad's own data (not in GeoNames)."""
        return self.geonameid if self.geonameid is not None and self.geonameid > 0 else None


@dataclass(slots=True)
class EventReport:
    """One event as one document reports it (no merging across documents)."""

    doc_id: str
    event_type: str
    sub_event_type: str
    plover_type: str | None = None
    plover_mode: str | None = None
    date: str | None = None
    time_precision: int | None = None
    country: str | None = None
    iso: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    actor1: str | None = None
    assoc_actor_1: str | None = None
    inter1: int | None = None
    actor2: str | None = None
    assoc_actor_2: str | None = None
    inter2: int | None = None
    fatalities: int = 0
    modality: str = "asserted"
    attribution: str | None = None
    evidence: str = ""
    evidence_start: int = 0
    evidence_end: int = 0
    confidence: float = 0.5
    # Beyond the contract: provenance and derived codes.
    disorder_type: str | None = None
    interaction: int | None = None
    civilian_targeting: str | None = None
    rule: str = ""
    language: str | None = None
    date_source: str | None = None  # one of DATE_SOURCES; None when undated or unknown
    mentions: list[Mention] = field(default_factory=list)

    def contract(self) -> dict[str, Any]:
        """The extraction-contract view: exactly EXTRACTION_FIELDS, in order."""
        return {name: getattr(self, name) for name in EXTRACTION_FIELDS}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Source:
    """A document that reports an event, as listed on a canonical event."""

    doc_id: str
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = None


@dataclass(slots=True)
class Event:
    """A canonical event: a cluster of EventReports merged into one record."""

    id: str
    report: EventReport  # merged fields (doc_id is the first source's)
    reports: list[EventReport] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    source_scale: str | None = None
    review_status: str = "unreviewed"
