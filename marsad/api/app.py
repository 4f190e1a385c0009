"""The Marsad REST API and web page (FastAPI).

`create_app(store_url, token=...)` builds the application; `marsad serve` runs it
with uvicorn. Reads are open unless `private=True`; writes (POST /documents,
PATCH /events/{id}) always need the bearer token. Bad input gets a 422 whose
`message` says what is wrong; nothing a client sends should produce a 500.
"""

import dataclasses
import datetime as dt
import hmac
import logging
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from marsad.api import schemas
from marsad.api.middleware import BodySizeLimit, RateLimit, SecurityHeaders
from marsad.records import Document, Event, EventReport

log = logging.getLogger("marsad.api")

DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024
ID_PATTERN = r"^[A-Za-z0-9._:-]{1,128}$"  # event and document ids: hashes and ACLED-like ids
EXPORT_FORMATS: dict[str, tuple[str, str, str]] = {
    # path suffix: (write_events format, media type, download name)
    "csv": ("acled-csv", "text/csv; charset=utf-8", "marsad-events.csv"),
    "geojson": ("geojson", "application/geo+json", "marsad-events.geojson"),
    "plover.json": ("plover-json", "application/json", "marsad-events.plover.json"),
    "jsonl": ("jsonl", "application/x-ndjson", "marsad-events.jsonl"),
}
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": schemas.ErrorOut, "description": "missing or wrong bearer token"},
    422: {"model": schemas.ErrorOut, "description": "invalid parameters (the message says which)"},
}


@dataclass(slots=True)
class EventFilters:
    """The filters shared by GET /events, the map/timeline aggregates and the exports."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    country: str | None = None
    admin1: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    q: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    min_confidence: float | None = None
    review_status: str | None = None
    near: tuple[float, float, float] | None = None

    def query(self, **paging: Any):
        """The store's EventQuery for these filters (plus limit/offset/sort)."""
        from marsad.store import EventQuery

        values = dataclasses.asdict(self)
        for key in ("date_from", "date_to"):
            if values[key] is not None:
                values[key] = values[key].isoformat()
        return EventQuery(**values, **paging)

    def key(self) -> tuple:
        return dataclasses.astuple(self)


def _text_param(description: str, max_length: int = 200):
    return Query(max_length=max_length, description=description)


def event_filters(
    date_from: Annotated[dt.date | None, Query(description="first day, ISO YYYY-MM-DD")] = None,
    date_to: Annotated[dt.date | None, Query(description="last day (inclusive), ISO YYYY-MM-DD")] = None,
    country: Annotated[str | None, _text_param("country name or ISO 3166 code")] = None,
    admin1: Annotated[str | None, _text_param("first-level administrative division")] = None,
    event_type: Annotated[str | None, _text_param("ACLED event type")] = None,
    sub_event_type: Annotated[str | None, _text_param("ACLED sub-event type")] = None,
    actor: Annotated[str | None, _text_param("actor name (actor1, actor2 or associated)")] = None,
    q: Annotated[str | None, _text_param("full-text search, any language", 500)] = None,
    bbox: Annotated[str | None, Query(
        description="min_lon,min_lat,max_lon,max_lat", max_length=200)] = None,
    min_confidence: Annotated[float | None, Query(ge=0.0, le=1.0, allow_inf_nan=False)] = None,
    review_status: Annotated[schemas.ReviewStatus | None, Query()] = None,
    near: Annotated[str | None, Query(description="lat,lon,radius_km", max_length=100)] = None,
) -> EventFilters:
    """FastAPI dependency: parse and check the event filters (422 on anything invalid)."""
    if date_from and date_to and date_from > date_to:
        raise _invalid("query", "date_from", f"date_from {date_from} is after date_to {date_to}")
    return EventFilters(
        date_from=date_from, date_to=date_to, country=_blank_to_none(country),
        admin1=_blank_to_none(admin1), event_type=_blank_to_none(event_type),
        sub_event_type=_blank_to_none(sub_event_type), actor=_blank_to_none(actor),
        q=_blank_to_none(q), bbox=parse_bbox(bbox) if bbox else None,
        min_confidence=min_confidence, review_status=review_status,
        near=parse_near(near) if near else None,
    )


FILTER_PARAMS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(EventFilters))
PAGE_PARAMS: tuple[str, ...] = ("limit", "offset", "sort")


def only_params(*allowed: str) -> Callable[[Request], None]:
    """A dependency refusing unknown query parameters: a misspelt filter must not be ignored."""
    known = frozenset(allowed)

    def check(request: Request) -> None:
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            raise _invalid("query", unknown[0], f"unknown parameter {unknown[0]!r}; "
                                                f"expected one of: {', '.join(allowed)}")

    return check


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """'min_lon,min_lat,max_lon,max_lat' → floats, checked to be a real box on the globe."""
    parts = text.split(",")
    try:
        if len(parts) != 4:
            raise ValueError
        x0, y0, x1, y1 = (float(p) for p in parts)
    except ValueError:
        raise _invalid("query", "bbox", "bbox must be four numbers: min_lon,min_lat,max_lon,max_lat") from None
    if not all(-180 <= x <= 180 for x in (x0, x1)) or not all(-90 <= y <= 90 for y in (y0, y1)):
        raise _invalid("query", "bbox", "bbox longitudes must be in [-180, 180] and latitudes in [-90, 90]")
    if x0 > x1 or y0 > y1:
        raise _invalid("query", "bbox", "bbox minimum must not exceed maximum")
    return (x0, y0, x1, y1)


def parse_near(text: str) -> tuple[float, float, float]:
    """'lat,lon,radius_km' → floats: events within radius_km of the point."""
    parts = text.split(",")
    try:
        if len(parts) != 3:
            raise ValueError
        lat, lon, km = (float(p) for p in parts)
    except ValueError:
        raise _invalid("query", "near", "near must be three numbers: lat,lon,radius_km") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 <= km <= 20_000):
        raise _invalid("query", "near", "near needs lat in [-90, 90], lon in [-180, 180], radius_km in [0, 20000]")
    return (lat, lon, km)


def _blank_to_none(value: str | None) -> str | None:
    value = value.strip() if value else value
    return value or None


def _invalid(where: str, name: str, message: str) -> RequestValidationError:
    return RequestValidationError([{"loc": (where, name), "msg": message, "type": "value_error"}])


# ---- conversions ------------------------------------------------------------------------


# Parameter types shared by the routes (module level: FastAPI resolves them by name).
EventId = Annotated[str, PathParam(pattern=ID_PATTERN, description="event id")]
DocId = Annotated[str, PathParam(pattern=ID_PATTERN, description="document id")]
Filters = Annotated[EventFilters, Depends(event_filters)]
SortKey = Literal[schemas.SORT_KEYS]  # type: ignore[valid-type]
Credentials = Annotated[HTTPAuthorizationCredentials | None,
                        Depends(HTTPBearer(auto_error=False, description="MARSAD_API_TOKEN"))]


def _report_fields(report: EventReport) -> dict[str, Any]:
    out = {f.name: getattr(report, f.name) for f in dataclasses.fields(report) if f.name != "mentions"}
    return out


def event_summary(event: Event) -> schemas.EventSummary:
    """The merged fields of an event, as GET /events lists them."""
    return schemas.EventSummary(
        **_report_fields(event.report), id=event.id, review_status=event.review_status,
        source_scale=event.source_scale, n_sources=len(event.sources),
    )


def event_detail(event: Event) -> schemas.EventOut:
    """An event with all its reports (evidence spans, mentions) and sources."""
    from marsad.store.codec import to_jsonable

    reports = [
        schemas.ReportOut(
            **_report_fields(r),
            mentions=[
                schemas.MentionOut(start=m.start, end=m.end, kind=m.kind, text=m.text,
                                   value=to_jsonable(m.value), rule=m.rule)
                for m in r.mentions
            ],
        )
        for r in event.reports
    ]
    sources = [schemas.SourceOut(**dataclasses.asdict(s)) for s in event.sources]
    summary = event_summary(event)
    return schemas.EventOut(**summary.model_dump(), reports=reports, sources=sources)


# ---- aggregates for the map and the timeline ------------------------------------------------


@dataclass(slots=True, frozen=True)
class Compact:
    """What the map, timeline and facets need of one event."""

    id: str
    lon: float | None
    lat: float | None
    event_type: str
    fatalities: int
    date: str | None
    country: str | None
    review_status: str


class CompactCache:
    """Compact scans of the store, keyed by filters and invalidated when the store changes.

    The change signal (`store_version`) moves with every new event, merge and review,
    whoever writes. Concurrent requests for the same scan wait for one computation
    (the page asks for points, timeline and facets at once). Bounded; one per app.
    """

    def __init__(self, store: Any, max_entries: int = 16) -> None:
        self.store = store
        self.max_entries = max_entries
        self.entries: dict[tuple, list[Compact]] = {}
        self.lock = threading.Lock()
        self.key_locks: dict[tuple, threading.Lock] = {}

    def scan(self, filters: EventFilters) -> list[Compact]:
        key = (filters.key(), store_version(self.store))
        with self.lock:
            key_lock = self.key_locks.setdefault(key, threading.Lock())
        with key_lock:
            with self.lock:
                hit = self.entries.get(key)
            if hit is not None:
                return hit
            rows = compact_scan(self.store, filters.query())
            with self.lock:
                while len(self.entries) >= self.max_entries:
                    self.entries.pop(next(iter(self.entries)))
                self.entries[key] = rows
                self.key_locks = {k: v for k, v in self.key_locks.items() if k in self.entries or v.locked()}
            return rows

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


def store_version(store: Any) -> tuple:
    """A value that changes whenever events change: (events, latest update) or all counts."""
    engine = getattr(store, "engine", None)
    try:
        from marsad.store.schema import events as events_table
    except ImportError:
        engine = None
    if engine is None:
        return tuple(sorted(store.counts().items()))
    import sqlalchemy as sa

    with engine.connect() as conn:
        row = conn.execute(sa.select(sa.func.count(), sa.func.max(events_table.c.updated_at))).one()
    return (row[0], str(row[1]))


def compact_scan(store: Any, query: Any) -> list[Compact]:
    """The Compact view of every event matching `query`.

    Reads only the needed columns of the events table through the store's own filter
    builder (bound parameters, no SQL text) when the store is the SQLAlchemy one: 10,000
    events in tens of milliseconds instead of loading every report. Any other store
    implementation goes through the public iter_events.
    """
    engine = getattr(store, "engine", None)
    try:
        from marsad.store.query import filters as where_clauses
        from marsad.store.query import order_by
        from marsad.store.schema import events as events_table
    except ImportError:
        engine = None
    if engine is None:
        return [_compact(e) for e in store.iter_events(query)]
    import sqlalchemy as sa

    query.validate()
    c = events_table.c
    statement = (
        sa.select(c.id, c.longitude, c.latitude, c.event_type, c.fatalities, c.date, c.country, c.review_status)
        .where(*where_clauses(query, store.dialect, store.has_fts))
        .order_by(*order_by(query))
    )
    with engine.connect() as conn:
        return [
            Compact(id=r.id, lon=r.longitude, lat=r.latitude, event_type=r.event_type or "",
                    fatalities=int(r.fatalities or 0), date=r.date, country=r.country,
                    review_status=r.review_status)
            for r in conn.execute(statement)
        ]


def _compact(event: Event) -> Compact:
    r = event.report
    return Compact(
        id=event.id, lon=r.longitude, lat=r.latitude, event_type=r.event_type or "",
        fatalities=int(r.fatalities or 0), date=r.date, country=r.country,
        review_status=event.review_status,
    )


def points_of(rows: list[Compact]) -> schemas.PointsOut:
    """Compact map points: one row per event with coordinates."""
    types: dict[str, int] = {}
    out = []
    for c in rows:
        if c.lon is None or c.lat is None:
            continue
        index = types.setdefault(c.event_type, len(types))
        out.append((c.id, round(c.lon, 5), round(c.lat, 5), index, c.fatalities))
    return schemas.PointsOut(total=len(rows), types=list(types), rows=out)


def timeline_of(rows: list[Compact]) -> schemas.TimelineOut:
    """Histogram of events over time, with contiguous (also empty) bins."""
    days = sorted(d for d in (_day(c.date) for c in rows) if d is not None)
    if not days:
        return schemas.TimelineOut(interval="day", total=len(rows), bins=[])
    span = (days[-1] - days[0]).days
    interval: Literal["day", "week", "month"] = "day" if span <= 120 else "week" if span <= 3 * 366 else "month"
    counts: dict[dt.date, list[int]] = {}
    for c in rows:
        day = _day(c.date)
        if day is None:
            continue
        bucket = counts.setdefault(_bin_start(day, interval), [0, 0])
        bucket[0] += 1
        bucket[1] += c.fatalities
    bins = []
    start = _bin_start(days[0], interval)
    last = _bin_start(days[-1], interval)
    while start <= last:
        end = _next_bin(start, interval)
        count, fatalities = counts.get(start, (0, 0))
        bins.append(schemas.TimelineBin(start=start.isoformat(), end=end.isoformat(), count=count,
                                        fatalities=fatalities))
        start = end
    return schemas.TimelineOut(interval=interval, total=len(rows), bins=bins)


def _day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _bin_start(day: dt.date, interval: str) -> dt.date:
    if interval == "week":
        return day - dt.timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    return day


def _next_bin(start: dt.date, interval: str) -> dt.date:
    if interval == "week":
        return start + dt.timedelta(days=7)
    if interval == "month":
        return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return start + dt.timedelta(days=1)


def facets_of(rows: list[Compact]) -> schemas.FacetsOut:
    """Values (with counts) for the filter panel's drop-downs."""

    def tally(values: Iterator[str | None]) -> list[schemas.FacetValue]:
        counts: dict[str, int] = {}
        for v in values:
            if v:
                counts[v] = counts.get(v, 0) + 1
        return [schemas.FacetValue(value=k, count=n) for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]

    dates = sorted(c.date[:10] for c in rows if c.date)
    return schemas.FacetsOut(
        total=len(rows),
        countries=tally(c.country for c in rows),
        event_types=tally(c.event_type for c in rows),
        review_statuses=tally(c.review_status for c in rows),
        date_min=dates[0] if dates else None,
        date_max=dates[-1] if dates else None,
    )


# ---- exports -------------------------------------------------------------------------------


def spool_export(events: Any, fmt: str) -> Any:
    """Write `events` with marsad.export.write_events into a spooled temporary file.

    Writing completes before the response starts, so a failure is still a clean error
    response; spooling keeps memory bounded (big exports go to disk).
    """
    from marsad.export import write_events

    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024, mode="w+", encoding="utf-8",  # noqa: SIM115
                                          newline="")
    try:
        write_events(events, fmt, spool)
        spool.seek(0)
    except BaseException:
        spool.close()
        raise
    return spool


def read_chunks(spool: Any, chunk_chars: int = 64 * 1024) -> Iterator[bytes]:
    """Stream a spooled export out as UTF-8, closing it at the end (or on disconnect)."""
    with spool:
        while chunk := spool.read(chunk_chars):
            yield chunk.encode("utf-8")


# ---- the application ------------------------------------------------------------------------


@dataclass(slots=True)
class Services:
    """Per-app state: the store, caches, and the coder resources (loaded on first POST)."""

    store: Any
    cache: CompactCache
    token: str | None
    private: bool
    pipeline_lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)
    resources: Any = None
    deduper: Any = None

    def coder(self) -> tuple[Any, Any]:
        """The pipeline resources and deduplicator, loaded once (first POST /documents)."""
        with self.pipeline_lock:
            if self.resources is None:
                try:
                    from marsad.dedupe import Deduplicator
                    from marsad.pipeline import Resources

                    self.resources = Resources.load()
                except ModuleNotFoundError as exc:  # an incomplete install: say so, not 500
                    raise HTTPException(503, f"the coder is not available in this install ({exc})") from exc
                self.deduper = Deduplicator()
            return self.resources, self.deduper


def static_dir() -> Path:
    """Where the built web page lives (inside the installed package)."""
    return Path(str(importlib_resources.files("marsad.api") / "static"))


def bearer_guard(token: str | None, *, required: bool) -> Callable[..., None]:
    """A dependency that demands `Authorization: Bearer <token>` (no-op when not required)."""

    def guard(credentials: Credentials) -> None:
        if not required:
            return
        if token is None:
            raise HTTPException(403, "writes are disabled: start the server with a token "
                                     "(MARSAD_API_TOKEN or --token)")
        given = credentials.credentials if credentials else ""
        if not hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8")):
            raise HTTPException(401, "missing or wrong bearer token", headers={"WWW-Authenticate": "Bearer"})

    return guard


def create_app(
    store_url: str,
    token: str | None = None,
    private: bool = False,
    *,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    rate_limit_per_minute: int | None = None,
    cors_origins: tuple[str, ...] = (),
    store: Any = None,
) -> FastAPI:
    """Build the API + web page over the store at `store_url`.

    token: bearer token for writes (and for reads when `private`); None disables writes.
    max_body_bytes: larger request bodies get 413. rate_limit_per_minute: per client
    address, None = unlimited. cors_origins: empty = no CORS headers (closed).
    """
    if private and not token:
        raise ValueError("--private needs a token (MARSAD_API_TOKEN or --token)")
    if store is None:
        from marsad.store import Store

        store = Store.open(store_url)
    services = Services(store=store, cache=CompactCache(store), token=token or None, private=private)
    read_guard = bearer_guard(services.token, required=private)
    write_guard = bearer_guard(services.token, required=True)

    from marsad import __version__

    app = FastAPI(
        title="Marsad API",
        version=__version__,
        description="Geocoded, deduplicated, source-traceable events coded from Arabic, French "
                    "and English news (ACLED and PLOVER vocabularies).",
        docs_url=None, redoc_url=None,  # the bundled Swagger/ReDoc pages load from a CDN
        responses={422: ERROR_RESPONSES[422]},
    )
    app.state.services = services
    _install_error_handlers(app)
    _install_middleware(app, max_body_bytes, rate_limit_per_minute, cors_origins)

    reads = [Depends(read_guard)]
    strict_filters = Depends(only_params(*FILTER_PARAMS))
    writes = [Depends(write_guard)]

    @app.get("/health", response_model=schemas.Health, tags=["meta"])
    def health() -> schemas.Health:
        """Liveness and row counts."""
        return schemas.Health(status="ok", version=__version__, counts=dict(store.counts()))

    @app.get("/events", response_model=schemas.EventPage, tags=["events"],
             dependencies=[*reads, Depends(only_params(*FILTER_PARAMS, *PAGE_PARAMS))],
             responses=ERROR_RESPONSES)
    def list_events(
        filters: Filters,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        offset: Annotated[int, Query(ge=0, le=100_000_000)] = 0,
        sort: Annotated[SortKey, Query(description="field, '-' for descending")] = "-date",
    ) -> schemas.EventPage:
        """Events matching the filters, one page at a time."""
        events, total = store.query_events(filters.query(limit=limit, offset=offset, sort=sort))
        return schemas.EventPage(total=total, limit=limit, offset=offset, sort=sort,
                                 events=[event_summary(e) for e in events])

    @app.get("/events/points", response_model=schemas.PointsOut, tags=["events"],
             dependencies=[*reads, strict_filters], responses=ERROR_RESPONSES)
    def event_points(filters: Filters) -> schemas.PointsOut:
        """All matching events as compact map points (id, lon, lat, type, fatalities)."""
        return points_of(services.cache.scan(filters))

    @app.get("/events/timeline", response_model=schemas.TimelineOut, tags=["events"],
             dependencies=[*reads, strict_filters], responses=ERROR_RESPONSES)
    def event_timeline(filters: Filters) -> schemas.TimelineOut:
        """Counts of matching events per day, week or month (chosen by the date span)."""
        return timeline_of(services.cache.scan(filters))

    @app.get("/events/facets", response_model=schemas.FacetsOut, tags=["events"],
             dependencies=[*reads, strict_filters], responses=ERROR_RESPONSES)
    def event_facets(filters: Filters) -> schemas.FacetsOut:
        """Countries, event types and review statuses present (with counts), and the date range."""
        return facets_of(services.cache.scan(filters))

    @app.get("/events/{event_id}", response_model=schemas.EventOut, dependencies=reads, tags=["events"],
             responses={404: {"model": schemas.ErrorOut}, **ERROR_RESPONSES})
    def get_event(event_id: EventId) -> schemas.EventOut:
        """One event with its reports (evidence spans) and sources."""
        return event_detail(_event_or_404(store, event_id))

    @app.get("/events/{event_id}/history", response_model=list[schemas.HistoryEntry], dependencies=reads,
             tags=["review"], responses={404: {"model": schemas.ErrorOut}, **ERROR_RESPONSES})
    def get_history(event_id: EventId) -> list[schemas.HistoryEntry]:
        """Merges and reviews of an event, oldest first (who, when, what changed)."""
        _event_or_404(store, event_id)
        from marsad.store.codec import to_jsonable

        return [schemas.HistoryEntry(**to_jsonable(h)) for h in store.event_history(event_id)]

    @app.patch("/events/{event_id}", response_model=schemas.EventOut, dependencies=writes, tags=["review"],
               responses={404: {"model": schemas.ErrorOut}, **ERROR_RESPONSES})
    def review_event(event_id: EventId, review: schemas.ReviewIn) -> schemas.EventOut:
        """Confirm, edit or reject an event; the review is stored with who, when and what changed."""
        _event_or_404(store, event_id)
        changes = review.changes.model_dump(exclude_unset=True, mode="json")
        if review.action == "edit" and not changes:
            raise _invalid("body", "changes", "an edit needs at least one field in `changes`")
        if review.action != "edit" and changes:
            raise _invalid("body", "changes", f"`changes` is only allowed with action 'edit', not '{review.action}'")
        event = store.review_event(event_id, review.reviewer, review.action, changes)
        services.cache.clear()
        return event_detail(event)

    @app.get("/documents/{doc_id}", response_model=schemas.DocumentOut, dependencies=reads, tags=["documents"],
             responses={404: {"model": schemas.ErrorOut}, **ERROR_RESPONSES})
    def get_document(doc_id: DocId) -> schemas.DocumentOut:
        """The stored article (original text: evidence offsets index it)."""
        doc = store.get_document(doc_id)
        if doc is None:
            raise HTTPException(404, f"no document with id {doc_id!r}")
        return schemas.DocumentOut(id=doc.id, text=doc.text, url=doc.url, outlet=doc.outlet,
                                   language=doc.language, published=doc.published, title=doc.title)

    @app.post("/documents", response_model=schemas.DocumentCreated, dependencies=writes, tags=["documents"],
              status_code=201, responses=ERROR_RESPONSES)
    def post_document(submitted: schemas.DocumentIn) -> schemas.DocumentCreated:
        """Code an article and store its events (deduplicated against the store)."""
        doc = Document(
            id="", text=submitted.text, url=submitted.url, outlet=submitted.outlet,
            language=submitted.language,
            published=submitted.published.isoformat() if submitted.published else None,
            title=submitted.title, origin="api",
        )
        doc.id = doc.content_hash
        if store.has_document(doc.content_hash):
            return JSONResponse(  # type: ignore[return-value]
                schemas.DocumentCreated(doc_id=doc.id, created=False, event_ids=[]).model_dump(), status_code=200)
        resources, deduper = services.coder()
        from marsad.pipeline import extract_document

        reports = extract_document(doc, resources)
        # one transaction: the document and its events are stored together or not at all
        event_ids = store.add_reports(doc, reports, deduper)
        services.cache.clear()
        return schemas.DocumentCreated(doc_id=doc.id, created=True, event_ids=list(event_ids))

    for suffix, (fmt, media_type, filename) in EXPORT_FORMATS.items():
        _add_export_route(app, suffix, fmt, media_type, filename, store, [*reads, strict_filters])

    _mount_page(app)
    return app


def _add_export_route(app: FastAPI, suffix: str, fmt: str, media_type: str, filename: str,
                      store: Any, reads: list) -> None:
    def export(filters: Filters) -> StreamingResponse:
        spool = spool_export(store.iter_events(filters.query()), fmt)
        return StreamingResponse(
            read_chunks(spool), media_type=media_type,
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )

    export.__doc__ = f"All events matching the filters, as {fmt}."
    app.add_api_route(f"/export.{suffix}", export, methods=["GET"], dependencies=reads, tags=["export"],
                      response_class=StreamingResponse, responses={200: {"content": {media_type.split(";")[0]: {}}},
                                                                   **ERROR_RESPONSES},
                      name=f"export_{fmt.replace('-', '_')}")


def _event_or_404(store: Any, event_id: str) -> Event:
    event = store.get_event(event_id)
    if event is None:
        raise HTTPException(404, f"no event with id {event_id!r}")
    return event


def _mount_page(app: FastAPI) -> None:
    directory = static_dir()
    index = directory / "index.html"

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        if not index.is_file():
            raise HTTPException(404, "web page not built: run `cd frontend && npm ci && npm run build`")
        return FileResponse(index, media_type="text/html; charset=utf-8")

    if directory.is_dir():
        app.mount("/static", StaticFiles(directory=directory), name="static")


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": [str(part) for part in e.get("loc", ())], "msg": str(e.get("msg", "")), "type": e.get("type", "")}
            for e in exc.errors()
        ]
        message = "; ".join(f"{'.'.join(e['loc'][1:] or e['loc'])}: {e['msg']}" for e in errors)
        return JSONResponse({"message": message or "invalid request", "detail": errors}, status_code=422)

    @app.exception_handler(StarletteHTTPException)  # also unknown routes, 405s and the body limit
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else "request refused"
        return JSONResponse({"message": message, "detail": exc.detail}, status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(ValueError)
    async def value_error(request: Request, exc: ValueError) -> JSONResponse:
        # The store refuses values it cannot use (e.g. an unknown review action) with ValueError.
        return JSONResponse({"message": str(exc) or "invalid value", "detail": None}, status_code=422)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return JSONResponse({"message": "internal error", "detail": None}, status_code=500)


def _install_middleware(app: FastAPI, max_body_bytes: int, rate_limit_per_minute: int | None,
                        cors_origins: tuple[str, ...]) -> None:
    # Added innermost first: the body limit runs inside the rate limit, headers outermost.
    app.add_middleware(BodySizeLimit, max_bytes=max_body_bytes)
    if rate_limit_per_minute:
        app.add_middleware(RateLimit, per_minute=rate_limit_per_minute)
    if cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(cors_origins), allow_methods=["GET", "POST", "PATCH"],
                           allow_headers=["Authorization", "Content-Type"])
    app.add_middleware(SecurityHeaders)
