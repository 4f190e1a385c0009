"""Pydantic models of the REST API: what it accepts and what it returns (the OpenAPI spec)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

REVIEW_STATUSES: tuple[str, ...] = ("unreviewed", "confirmed", "edited", "rejected")
ReviewStatus = Literal["unreviewed", "confirmed", "edited", "rejected"]
ReviewAction = Literal["confirm", "edit", "reject"]

# Sort keys accepted by GET /events ("-" prefix = descending).
SORT_FIELDS: tuple[str, ...] = ("date", "fatalities", "confidence")
SORT_KEYS: tuple[str, ...] = tuple(k for f in SORT_FIELDS for k in (f, f"-{f}"))

MAX_TEXT_CHARS = 300_000  # one submitted article: the same cap as the file readers
MAX_FIELD_CHARS = 2_000  # one short field (title, url, actor name...)


class ErrorOut(BaseModel):
    """An error: `message` says what is wrong in one line; `detail` carries specifics."""

    message: str
    detail: Any = None


class MentionOut(BaseModel):
    start: int
    end: int
    kind: str
    text: str
    value: Any = None
    rule: str = ""


class CodedFields(BaseModel):
    """The coded fields of an event report (one document's view, or the merged event)."""

    doc_id: str
    event_type: str | None = None
    sub_event_type: str | None = None
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
    modality: str | None = None
    attribution: str | None = None
    evidence: str = ""
    evidence_start: int = 0
    evidence_end: int = 0
    confidence: float = 0.0
    disorder_type: str | None = None
    interaction: int | None = None
    civilian_targeting: str | None = None
    language: str | None = None


class ReportOut(CodedFields):
    """One document's report of the event, with its evidence span and recognised mentions."""

    rule: str = ""
    mentions: list[MentionOut] = []


class SourceOut(BaseModel):
    doc_id: str
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = None


class EventSummary(CodedFields):
    """A canonical event's merged fields (as listed by GET /events)."""

    id: str
    review_status: str = "unreviewed"
    source_scale: str | None = None
    n_sources: int = 0


class EventOut(EventSummary):
    """A canonical event with every report (evidence spans) and every source."""

    reports: list[ReportOut] = []
    sources: list[SourceOut] = []


class EventPage(BaseModel):
    total: int = Field(description="events matching the filters")
    limit: int
    offset: int
    sort: str
    events: list[EventSummary]


class PointsOut(BaseModel):
    """Compact map points: rows are [event id, longitude, latitude, index into `types`, fatalities]."""

    total: int
    types: list[str]
    columns: list[str] = ["id", "longitude", "latitude", "type", "fatalities"]
    rows: list[tuple[str, float, float, int, int]]


class TimelineBin(BaseModel):
    start: str = Field(description="first day in the bin (ISO date)")
    end: str = Field(description="first day after the bin (ISO date, exclusive)")
    count: int
    fatalities: int


class TimelineOut(BaseModel):
    interval: Literal["day", "week", "month"]
    total: int
    bins: list[TimelineBin]


class FacetValue(BaseModel):
    value: str
    count: int


class FacetsOut(BaseModel):
    total: int
    countries: list[FacetValue]
    event_types: list[FacetValue]
    review_statuses: list[FacetValue]
    date_min: str | None = None
    date_max: str | None = None


class DocumentOut(BaseModel):
    id: str
    text: str
    url: str | None = None
    outlet: str | None = None
    language: str | None = None
    published: str | None = None
    title: str | None = None


class DocumentIn(BaseModel):
    """An article submitted for coding."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)
    url: str | None = Field(default=None, max_length=MAX_FIELD_CHARS)
    outlet: str | None = Field(default=None, max_length=MAX_FIELD_CHARS)
    language: str | None = Field(default=None, pattern=r"^[a-z]{2,3}$")
    published: dt.date | None = None
    title: str | None = Field(default=None, max_length=MAX_FIELD_CHARS)

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text is blank")
        return value


class DocumentCreated(BaseModel):
    doc_id: str
    created: bool = Field(description="false when the same text was already stored")
    event_ids: list[str]


class EventChanges(BaseModel):
    """Fields a reviewer may correct. Unknown fields are refused (422)."""

    model_config = ConfigDict(extra="forbid")

    event_type: str | None = Field(default=None, max_length=100)
    sub_event_type: str | None = Field(default=None, max_length=100)
    plover_type: str | None = Field(default=None, max_length=100)
    plover_mode: str | None = Field(default=None, max_length=100)
    disorder_type: str | None = Field(default=None, max_length=100)
    date: dt.date | None = None
    time_precision: int | None = Field(default=None, ge=1, le=3)
    country: str | None = Field(default=None, max_length=200)
    iso: str | None = Field(default=None, pattern=r"^[A-Z]{2,3}$")
    admin1: str | None = Field(default=None, max_length=MAX_FIELD_CHARS)
    admin2: str | None = Field(default=None, max_length=MAX_FIELD_CHARS)
    location: str | None = Field(default=None, max_length=MAX_FIELD_CHARS)
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    geo_precision: int | None = Field(default=None, ge=1, le=3)
    actor1: str | None = Field(default=None, max_length=MAX_FIELD_CHARS)
    assoc_actor_1: str | None = Field(default=None, max_length=MAX_FIELD_CHARS)
    inter1: int | None = Field(default=None, ge=0, le=8)
    actor2: str | None = Field(default=None, max_length=MAX_FIELD_CHARS)
    assoc_actor_2: str | None = Field(default=None, max_length=MAX_FIELD_CHARS)
    inter2: int | None = Field(default=None, ge=0, le=8)
    fatalities: int | None = Field(default=None, ge=0, le=1_000_000)
    modality: Literal["asserted", "claimed", "planned", "denied", "hypothetical"] | None = None
    attribution: str | None = Field(default=None, max_length=MAX_FIELD_CHARS)
    civilian_targeting: str | None = Field(default=None, max_length=100)
    interaction: int | None = Field(default=None, ge=0, le=88)


class ReviewIn(BaseModel):
    """A reviewer's decision: confirm, edit (with `changes`) or reject."""

    model_config = ConfigDict(extra="forbid")

    action: ReviewAction
    reviewer: str = Field(min_length=1, max_length=200, description="who reviews (stored with the review)")
    changes: EventChanges = Field(default_factory=EventChanges)


class HistoryEntry(BaseModel):
    """One merge or review of an event, oldest first."""

    model_config = ConfigDict(extra="allow")

    at: str | None = None
    who: str | None = None
    action: str | None = None
    details: Any = None


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    counts: dict[str, int]
