"""EventQuery and its translation into SQLAlchemy filter / order expressions.

Every user value reaches the database as a bound parameter; sort keys come from a whitelist.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.types import UserDefinedType

from marsad.store.schema import events
from marsad.store.search import fold

SORTS: dict[str, tuple[sa.ColumnElement, bool]] = {
    "date": (events.c.date, False),
    "-date": (events.c.date, True),
    "confidence": (events.c.confidence, False),
    "-confidence": (events.c.confidence, True),
    "fatalities": (events.c.fatalities, False),
    "-fatalities": (events.c.fatalities, True),
}
MAX_LIMIT = 10_000
KM_PER_DEGREE = 111.32

# Backend-specific columns that are not in schema.metadata (see schema.py).
_GEOM = sa.literal_column("events.geom")
_FTS = sa.table("events_fts", sa.column("event_id"), sa.column("body"))


class _Geography(UserDefinedType):
    """Renders as plain `geography`, so casts match the (geom::geography) index expression."""

    cache_ok = True

    def get_col_spec(self, **kw: object) -> str:
        return "geography"


@dataclass(slots=True)
class EventQuery:
    """Filters, page and order for Store.query_events / Store.iter_events.

    bbox is (min_lon, min_lat, max_lon, max_lat) (GeoJSON order); near is
    (lat, lon, radius_km). country matches the country name or its ISO alpha-2 code,
    admin1 case-insensitively; actor is a case-insensitive substring of actor1, actor2 or
    the associated actors; q is a full-text query (all words must occur, substrings match).
    Rejected events are left out unless include_rejected is set or review_status asks
    for them. iter_events ignores limit and offset.
    """

    date_from: str | None = None
    date_to: str | None = None
    country: str | None = None
    admin1: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    q: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    min_confidence: float | None = None
    review_status: str | None = None
    limit: int = 100
    offset: int = 0
    sort: str = "-date"
    near: tuple[float, float, float] | None = None
    include_rejected: bool = False

    def validate(self) -> None:
        """Raise ValueError on a query that cannot be run."""
        if self.sort not in SORTS:
            raise ValueError(f"unknown sort {self.sort!r}; choose one of {', '.join(SORTS)}")
        if not 0 <= self.limit <= MAX_LIMIT:
            raise ValueError(f"limit must be between 0 and {MAX_LIMIT}")
        if self.offset < 0:
            raise ValueError("offset must be >= 0")
        if self.bbox is not None and len(self.bbox) != 4:
            raise ValueError("bbox must be (min_lon, min_lat, max_lon, max_lat)")
        if self.near is not None and (len(self.near) != 3 or self.near[2] < 0):
            raise ValueError("near must be (lat, lon, radius_km) with radius_km >= 0")


def order_by(query: EventQuery) -> list[sa.ColumnElement]:
    column, descending = SORTS[query.sort]
    primary = column.desc() if descending else column.asc()
    return [primary.nulls_last(), events.c.id.asc()]  # id breaks ties: stable pages


def filters(query: EventQuery, dialect: str, has_fts: bool) -> list[sa.ColumnElement]:
    """The WHERE clauses for `query` on a backend (`dialect` is 'sqlite' or 'postgresql')."""
    c = events.c
    out: list[sa.ColumnElement] = []
    if query.date_from:
        out.append(c.date >= query.date_from)
    if query.date_to:
        out.append(c.date <= query.date_to)
    if query.country:
        value = query.country.strip()
        out.append(sa.or_(sa.func.lower(c.country) == value.lower(), sa.func.upper(c.iso) == value.upper()))
    if query.admin1:
        out.append(sa.func.lower(c.admin1) == query.admin1.strip().lower())
    if query.event_type:
        out.append(c.event_type == query.event_type)
    if query.sub_event_type:
        out.append(c.sub_event_type == query.sub_event_type)
    if query.actor:
        needle = query.actor.strip().lower()
        out.append(sa.or_(*(
            sa.func.lower(col).contains(needle, autoescape=True)
            for col in (c.actor1, c.actor2, c.assoc_actor_1, c.assoc_actor_2)
        )))
    if query.min_confidence is not None:
        out.append(c.confidence >= query.min_confidence)
    if query.review_status:
        out.append(c.review_status == query.review_status)
    elif not query.include_rejected:
        out.append(c.review_status != "rejected")
    if query.q and query.q.strip():
        out.extend(_text_filters(query.q, dialect, has_fts))
    if query.bbox is not None:
        out.append(_bbox_filter(query.bbox, dialect))
    if query.near is not None:
        out.extend(_near_filters(query.near, dialect))
    return out


def _text_filters(text: str, dialect: str, has_fts: bool) -> list[sa.ColumnElement]:
    words = fold(text).split()
    out: list[sa.ColumnElement] = []
    if dialect == "sqlite" and has_fts:
        # Trigram FTS matches substrings of 3+ characters; shorter words fall back to LIKE.
        long_words = [w for w in words if len(w) >= 3]
        words = [w for w in words if len(w) < 3]
        if long_words:
            phrase = " ".join('"' + w.replace('"', '""') + '"' for w in long_words)
            out.append(events.c.id.in_(sa.select(_FTS.c.event_id).where(_FTS.c.body.match(phrase))))
    out.extend(events.c.search_text.contains(w, autoescape=True) for w in words)
    return out


def _bbox_filter(bbox: tuple[float, float, float, float], dialect: str) -> sa.ColumnElement:
    west, south, east, north = (float(v) for v in bbox)
    if dialect == "postgresql":
        return sa.func.ST_Intersects(_GEOM, sa.func.ST_MakeEnvelope(west, south, east, north, 4326))
    c = events.c
    return sa.and_(c.latitude.between(south, north), c.longitude.between(west, east))


def _near_filters(near: tuple[float, float, float], dialect: str) -> list[sa.ColumnElement]:
    lat, lon, radius_km = (float(v) for v in near)
    if dialect == "postgresql":
        point = sa.cast(sa.func.ST_SetSRID(sa.func.ST_MakePoint(lon, lat), 4326), _Geography())
        return [sa.func.ST_DWithin(sa.cast(_GEOM, _Geography()), point, radius_km * 1000.0)]
    # SQLite: an indexable bounding box first, then the exact great-circle distance
    # (marsad_haversine_km is a Python function registered on every connection).
    c = events.c
    dlat = radius_km / KM_PER_DEGREE
    out = [c.latitude.between(lat - dlat, lat + dlat)]
    cos_lat = math.cos(math.radians(lat))
    if cos_lat > 1e-6:
        dlon = radius_km / (KM_PER_DEGREE * cos_lat)
        if dlon < 180:
            out.append(c.longitude.between(lon - dlon, lon + dlon))
    out.append(sa.func.marsad_haversine_km(c.latitude, c.longitude, lat, lon) <= radius_km)
    return out


def haversine_km(lat1: float | None, lon1: float | None, lat2: float, lon2: float) -> float | None:
    """Great-circle distance in km (None when the first point is unknown)."""
    if lat1 is None or lon1 is None:
        return None
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))
