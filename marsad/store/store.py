"""The event store: documents, per-document reports, canonical events, reviews, history.

SQLAlchemy Core over SQLite (default, one file) or PostgreSQL + PostGIS. The schema is
created and upgraded by the Alembic migrations in marsad/store/migrations when a store
is opened.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect

from marsad.records import Document, Event, EventReport, Source
from marsad.store import codec
from marsad.store.event_merge import absorb_event, may_absorb, undo_event_merge
from marsad.store.query import EventQuery, filters, haversine_km, order_by
from marsad.store.review import REVIEW_ACTIONS, clean_changes
from marsad.store.schema import (
    REPORT_FIELD_NAMES,
    doc_bands,
    documents,
    event_history,
    event_sources,
    events,
    reports,
    reviews,
)
from marsad.store.search import fold

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
SYSTEM_ACTOR = "marsad:dedupe"
MAX_CANDIDATES = 500
STREAM_BATCH = 500
SQLITE_BUSY_TIMEOUT_S = 30
_SEARCH_FIELDS = (
    "event_type", "sub_event_type", "actor1", "assoc_actor_1", "actor2", "assoc_actor_2",
    "location", "admin1", "admin2", "country", "attribution",
)
_FTS = sa.table("events_fts", sa.column("event_id"), sa.column("body"))


@dataclass(slots=True)
class CodedDocument:
    """A document and the reports coded from it, ready to store (signature: its MinHash, for reprints)."""

    doc: Document
    reports: list[EventReport]
    signature: Sequence[int] | None = None
    band_keys: Sequence[str] | None = None


@dataclass(slots=True)
class StoredEvent(Event):
    """An Event as the store returns it: plus when it was created and last changed (ISO UTC)."""

    created_at: str | None = None
    updated_at: str | None = None


def database_url(url: str) -> str:
    """SQLAlchemy URL for a plain path, sqlite:/// URL or postgresql:// URL (psycopg 3 driver)."""
    if "://" not in url:
        return "sqlite:///" + os.path.abspath(url)
    scheme, rest = url.split("://", 1)
    if scheme in ("postgresql", "postgres"):
        return "postgresql+psycopg://" + rest
    return url


def new_event_id(doc_id: str, report_index: int) -> str:
    """Stable id of the event first reported as report `report_index` of document `doc_id`."""
    return "MRS" + hashlib.sha256(f"{doc_id}:{report_index}".encode()).hexdigest()[:10]


class Store:
    """Persistent documents, reports and canonical events; see docs/INTERFACES.md."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self.has_fts = False
        self.stream_batch = STREAM_BATCH  # rows fetched per round trip by iter_events

    # ------------------------------------------------------------------ lifecycle

    @classmethod
    def open(cls, url: str, *, create: bool = True) -> Store:
        """Open (and migrate) a store. create=False refuses to create a missing SQLite file."""
        sa_url = sa.engine.make_url(database_url(url))
        if sa_url.get_backend_name() == "sqlite":
            path = sa_url.database or ""
            if not create and path not in ("", ":memory:") and not os.path.exists(path):
                raise FileNotFoundError(f"database file not found: {path}")
            engine = _sqlite_engine(sa_url)
        elif sa_url.get_backend_name() == "postgresql":
            engine = sa.create_engine(sa_url, pool_pre_ping=True)
            _add_begin_hook(engine)
        else:
            raise ValueError(f"unsupported database URL (use a path, sqlite:/// or postgresql://): {url}")
        store = cls(engine)
        store.migrate()
        return store

    def migrate(self) -> None:
        """Bring the schema to the newest migration (a no-op when it is current)."""
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        head = ScriptDirectory.from_config(config).get_current_head()
        with self.engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
        if current != head:
            with self._write() as conn:
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
        if self.dialect == "sqlite":
            with self.engine.connect() as conn:
                self.has_fts = sa.inspect(conn).has_table("events_fts")

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        """A write transaction (BEGIN IMMEDIATE on SQLite, so concurrent writers queue)."""
        with self.engine.connect() as conn:
            conn.execution_options(marsad_write=True)
            with conn.begin():
                yield conn

    # ------------------------------------------------------------------ documents

    def has_document(self, content_hash: str) -> bool:
        """Whether a document with this content hash (or id) is stored."""
        with self.engine.connect() as conn:
            return _document_exists(conn, content_hash)

    def add_document(
        self,
        doc: Document,
        near_duplicate_of: str | None = None,
        *,
        signature: Sequence[int] | None = None,
        band_keys: Sequence[str] | None = None,
    ) -> bool:
        """Store `doc` with its MinHash signature and LSH band keys; False if already stored.

        Without `signature`, it is computed with marsad.dedupe when that module is present.
        """
        with self._write() as conn:
            return self._insert_document(conn, doc, near_duplicate_of, signature, band_keys)

    def get_document(self, doc_id: str) -> Document | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(documents).where(documents.c.id == doc_id)).first()
        if row is None:
            return None
        m = row._mapping
        return Document(
            id=m["id"], text=m["text"], url=m["url"], outlet=m["outlet"], language=m["language"],
            published=m["published"], title=m["title"], origin=m["origin"], content_hash=m["content_hash"],
        )

    def find_near_duplicate(
        self, signature: Sequence[int], band_keys: Sequence[str], threshold: float = 0.9
    ) -> str | None:
        """Id of a stored document whose signature is at least `threshold` similar.

        Candidates share an LSH band key; the best match wins, and when it is itself a near
        duplicate the original it points to is returned, so chains never form.
        """
        keys = list(dict.fromkeys(band_keys))
        if not keys or not signature:
            return None
        similarity = _similarity_function()
        with self.engine.connect() as conn:
            shared = (
                sa.select(doc_bands.c.doc_id, sa.func.count().label("n"))
                .where(doc_bands.c.band_key.in_(keys))
                .group_by(doc_bands.c.doc_id)
                .order_by(sa.desc("n"), doc_bands.c.doc_id)
                .limit(50)
                .subquery()
            )
            rows = conn.execute(
                sa.select(documents.c.id, documents.c.signature, documents.c.near_duplicate_of)
                .join(shared, shared.c.doc_id == documents.c.id)
                .order_by(documents.c.ingested_at, documents.c.id)
            ).all()
        return most_similar(signature, ((original or doc_id, stored) for doc_id, stored, original in rows),
                            threshold, similarity)

    def _insert_document(
        self,
        conn: sa.Connection,
        doc: Document,
        near_duplicate_of: str | None,
        signature: Sequence[int] | None,
        band_keys: Sequence[str] | None,
    ) -> bool:
        if _document_exists(conn, doc.content_hash) or _document_exists(conn, doc.id):
            return False
        if signature is None:
            signature, band_keys = _compute_signature(doc.text)
        values = {
            "id": doc.id, "content_hash": doc.content_hash, "url": doc.url, "outlet": doc.outlet,
            "language": doc.language, "published": doc.published, "title": doc.title, "text": doc.text,
            "origin": doc.origin, "near_duplicate_of": near_duplicate_of,
            "signature": [int(v) for v in signature] if signature is not None else None,
            "ingested_at": _now(),
        }
        inserted = conn.execute(self._insert_ignore(documents).values(**values)).rowcount
        if inserted and band_keys:
            keys = [{"band_key": key, "doc_id": doc.id} for key in dict.fromkeys(band_keys)]
            conn.execute(self._insert_ignore(doc_bands), keys)
        return bool(inserted)

    def _insert_ignore(self, table: sa.Table) -> Any:
        """INSERT ... ON CONFLICT DO NOTHING, so racing writers cannot duplicate rows."""
        module = pg_dialect if self.dialect == "postgresql" else sqlite_dialect
        return module.insert(table).on_conflict_do_nothing()

    # ------------------------------------------------------------------ reports → events

    def add_reports(
        self,
        doc: Document,
        reports_: list[EventReport],
        deduper: Any,
        *,
        signature: Sequence[int] | None = None,
        band_keys: Sequence[str] | None = None,
    ) -> list[str]:
        """Store the document (if new) and attach its reports to existing events or new ones;
        ids of events touched. A batch of one: see add_coded."""
        return self.add_coded([CodedDocument(doc, reports_, signature, band_keys)], deduper)

    def add_coded(self, items: Sequence[CodedDocument], deduper: Any) -> list[str]:
        """Store coded documents (those not yet stored) and deduplicate all their reports
        together, against existing events and each other; ids of events touched.

        One assign() over the whole batch, so the events a batch makes do not depend on the
        order its documents came in. One transaction: a crash never leaves a stored document
        without its reports. A document whose reports are already stored adds nothing.
        """
        with self._write() as conn:
            pending: dict[str, CodedDocument] = {}
            for item in items:
                self._insert_document(conn, item.doc, None, item.signature, item.band_keys)
                if item.reports and item.doc.id not in pending and not _has_reports(conn, item.doc.id):
                    pending[item.doc.id] = item
            if not pending:
                return []
            placed = [(item, index) for item in pending.values() for index in range(len(item.reports))]
            all_reports = [item.reports[index] for item, index in placed]
            candidates = self._candidates(
                conn, [(item.reports[index], item.doc.published) for item, index in placed],
                deduper.config.window_days, len(pending))
            assignments = list(deduper.assign(all_reports, candidates))
            now = _now()
            self._merge_events(conn, [item.doc for item, _ in placed], assignments, deduper, now)
            groups, fresh = self._group_assignments(conn, placed, assignments, candidates)
            for event_id, items_of_event in groups.items():
                by_doc: dict[str, list[dict[str, Any]]] = {}
                for entry in items_of_event:
                    by_doc.setdefault(entry.pop("doc_id"), []).append(entry)
                for position, (doc_id, entries) in enumerate(by_doc.items()):
                    item, is_new = pending[doc_id], event_id in fresh and position == 0
                    self._attach(conn, item.doc, item.reports, event_id, entries, is_new, deduper, now)
            return list(groups)

    def _merge_events(
        self, conn: sa.Connection, doc_of_report: Sequence[Document], assignments: Sequence[Any], deduper: Any,
        now: dt.datetime,
    ) -> None:
        """Existing events a new report bridged (Assignment.absorbs) join the event it went to,
        unless a person kept them apart or the absorbed event has been reviewed."""
        pairs = {(a.event_id, absorbed, doc_of_report[a.report_index].id) for a in assignments
                 if getattr(a, "event_id", None) for absorbed in getattr(a, "absorbs", None) or ()}
        done: set[tuple[str, str]] = set()
        for kept, absorbed, doc_id in sorted(pairs):
            if (kept, absorbed) not in done and may_absorb(conn, kept, absorbed):
                absorb_event(self, conn, kept, absorbed, doc_id, deduper, now, SYSTEM_ACTOR)
            done.add((kept, absorbed))

    def _candidates(
        self, conn: sa.Connection, dated: Sequence[tuple[EventReport, str | None]], window_days: int,
        n_documents: int = 1,
    ) -> list[Event]:
        """Events a report could belong to: same country (or unknown) within the date window of
        the report's date (or its document's publication date)."""
        conditions = _candidate_conditions(dated, window_days)
        if not conditions:
            return []
        rows = conn.execute(
            sa.select(events).where(sa.or_(*conditions)).order_by(events.c.updated_at.desc())
            .limit(MAX_CANDIDATES * max(1, n_documents))
        ).all()
        return self._load_events(conn, rows, with_mentions=False)  # mentions: costly, unused by dedupe

    def _group_assignments(
        self,
        conn: sa.Connection,
        placed: Sequence[tuple[CodedDocument, int]],
        assignments: Sequence[Any],
        candidates: Sequence[Event],
    ) -> tuple[dict[str, list[dict[str, Any]]], set[str]]:
        """Event id → the reports going to it (doc id, report index, score, reasons), and the set of
        new ids. A new event is named after its smallest (document id, report index), whatever
        the order the batch came in."""
        known = {event.id for event in candidates}
        by_index = {a.report_index: a for a in assignments}
        targets: list[str] = []
        namer: dict[str, tuple[str, int]] = {}
        for position, (item, index) in enumerate(placed):
            assignment = by_index.get(position)
            target = getattr(assignment, "event_id", None)
            if not (target and (target in known or _event_exists(conn, target))):
                target = "new:" + (getattr(assignment, "cluster", None) or f"report-{position}")
                namer[target] = min(namer.get(target, (item.doc.id, index)), (item.doc.id, index))
            targets.append(target)
        names = {label: new_event_id(*first) for label, first in namer.items()}
        groups: dict[str, list[dict[str, Any]]] = {}
        for position, ((item, index), target) in enumerate(zip(placed, targets, strict=True)):
            assignment = by_index.get(position)
            groups.setdefault(names.get(target, target), []).append({
                "doc_id": item.doc.id,
                "report_index": index,
                "score": getattr(assignment, "score", None),
                "reasons": codec.to_jsonable(getattr(assignment, "reasons", None)),
            })
        return groups, set(names.values())

    def _attach(
        self,
        conn: sa.Connection,
        doc: Document,
        reports_: Sequence[EventReport],
        event_id: str,
        items: list[dict[str, Any]],
        is_new: bool,
        deduper: Any,
        now: dt.datetime,
    ) -> None:
        first = reports_[items[0]["report_index"]]
        if is_new:
            conn.execute(events.insert().values(
                id=event_id, **codec.report_fields(first), review_status="unreviewed",
                n_sources=0, created_at=now, updated_at=now,
            ))
        conn.execute(reports.insert(), [
            {"event_id": event_id, "report_index": item["report_index"],
             **codec.report_fields(reports_[item["report_index"]]),
             "mentions": codec.mentions_to_json(reports_[item["report_index"]].mentions)}
            for item in items
        ])
        conn.execute(self._insert_ignore(event_sources).values(
            event_id=event_id, doc_id=doc.id, outlet=doc.outlet, url=doc.url,
            published=doc.published, language=doc.language or first.language, added_at=now,
        ))
        changed = self._recompute(conn, event_id, deduper, now)
        details: dict[str, Any] = {"doc_id": doc.id, "reports": items}
        if not is_new:
            details["changed"] = changed
        self._record(conn, event_id, now, SYSTEM_ACTOR, "create" if is_new else "merge", details)

    def _recompute(self, conn: sa.Connection, event_id: str, deduper: Any, now: dt.datetime) -> dict:
        """Re-merge an event from all its reports; reviewer edits (overrides) still win.

        Returns {field: {"before", "after"}} for the fields that changed.
        """
        row = conn.execute(sa.select(events).where(events.c.id == event_id)).one()._mapping
        report_rows = conn.execute(
            sa.select(reports).where(reports.c.event_id == event_id).order_by(reports.c.id)
        ).all()
        members = [codec.report_from_row(r) for r in report_rows]
        sources = [codec.source_from_row(r) for r in conn.execute(
            sa.select(event_sources).where(event_sources.c.event_id == event_id)
            .order_by(event_sources.c.added_at, event_sources.c.doc_id)
        )]
        merged = codec.report_fields(deduper.merge(members, sources))
        merged.update(row["overrides"] or {})
        changed = {
            name: {"before": row[name], "after": merged[name]}
            for name in REPORT_FIELD_NAMES if row[name] != merged[name]
        }
        conn.execute(events.update().where(events.c.id == event_id).values(
            **merged, source_scale=_source_scale(deduper, sources, merged["iso"]), n_sources=len(sources),
            search_text=_search_text(merged, members), updated_at=now,
        ))
        self._refresh_fts(conn, event_id)
        return changed

    def _refresh_fts(self, conn: sa.Connection, event_id: str) -> None:
        if not self.has_fts:
            return
        body = conn.scalar(sa.select(events.c.search_text).where(events.c.id == event_id))
        self._drop_fts(conn, event_id)
        conn.execute(sa.insert(_FTS).values(event_id=event_id, body=body or ""))

    def _drop_fts(self, conn: sa.Connection, event_id: str) -> None:
        if self.has_fts:
            conn.execute(sa.delete(_FTS).where(_FTS.c.event_id == event_id))

    def _record(
        self, conn: sa.Connection, event_id: str, at: dt.datetime, who: str, action: str, details: dict
    ) -> None:
        conn.execute(event_history.insert().values(
            event_id=event_id, at=at, who=who, action=action, details=codec.to_jsonable(details)
        ))

    # ------------------------------------------------------------------ reading events

    def query_events(self, q: EventQuery) -> tuple[list[Event], int]:
        """One page of events matching `q` (with reports and sources) and the total match count."""
        q.validate()
        where = filters(q, self.dialect, self.has_fts)
        with self.engine.connect() as conn:
            total = conn.scalar(sa.select(sa.func.count()).select_from(events).where(*where)) or 0
            rows = conn.execute(
                sa.select(events).where(*where).order_by(*order_by(q)).limit(q.limit).offset(q.offset)
            ).all()
            return self._load_events(conn, rows), int(total)

    def iter_events(self, q: EventQuery | None = None) -> Iterator[Event]:
        """Every event matching `q`, in its sort order, streamed in batches (limit/offset ignored)."""
        q = q or EventQuery()
        q.validate()
        where = filters(q, self.dialect, self.has_fts)
        with self.engine.connect() as conn:
            result = conn.execution_options(stream_results=True, yield_per=self.stream_batch).execute(
                sa.select(events).where(*where).order_by(*order_by(q))
            )
            for batch in result.partitions():
                yield from self._load_events(conn, batch)

    def get_event(self, event_id: str) -> Event | None:
        """The event with its reports (mentions included) and sources, or None."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(events).where(events.c.id == event_id)).all()
            loaded = self._load_events(conn, rows)
        return loaded[0] if loaded else None

    def _load_events(
        self, conn: sa.Connection, rows: Sequence[sa.Row], with_mentions: bool = True
    ) -> list[Event]:
        if not rows:
            return []
        ids = [row._mapping["id"] for row in rows]
        members: dict[str, list[EventReport]] = {event_id: [] for event_id in ids}
        columns = [c for c in reports.c if with_mentions or c.name != "mentions"]
        for row in conn.execute(
            sa.select(*columns).where(reports.c.event_id.in_(ids)).order_by(reports.c.id)
        ):
            members[row._mapping["event_id"]].append(codec.report_from_row(row))
        sources: dict[str, list[Source]] = {event_id: [] for event_id in ids}
        for row in conn.execute(
            sa.select(event_sources).where(event_sources.c.event_id.in_(ids))
            .order_by(event_sources.c.added_at, event_sources.c.doc_id)
        ):
            sources[row._mapping["event_id"]].append(codec.source_from_row(row))
        out: list[Event] = []
        for row in rows:
            m = row._mapping
            out.append(StoredEvent(
                id=m["id"], report=codec.report_from_row(row, with_mentions=False),
                reports=members[m["id"]], sources=sources[m["id"]], source_scale=m["source_scale"],
                review_status=m["review_status"], created_at=_iso(m["created_at"]),
                updated_at=_iso(m["updated_at"]),
            ))
        return out

    # ------------------------------------------------------------------ review and history

    def review_event(
        self, event_id: str, reviewer: str, action: str, changes: dict[str, Any] | None = None
    ) -> Event:
        """confirm, edit (whitelisted fields, see review.EDITABLE_FIELDS) or reject an event.

        Edits are kept as overrides that survive later merges; before/after values go to
        the reviews table and the event history. KeyError for an unknown event id.
        """
        if action not in REVIEW_ACTIONS:
            raise ValueError(f"unknown review action {action!r}; use confirm, edit or reject")
        if not reviewer or not reviewer.strip():
            raise ValueError("a reviewer name is required")
        if action != "edit" and changes:
            raise ValueError("changes are only accepted with action 'edit'")
        clean = clean_changes(changes or {}) if action == "edit" else {}
        if action == "edit" and not clean:
            raise ValueError("an edit needs at least one changed field")
        now = _now()
        with self._write() as conn:
            row = conn.execute(sa.select(events).where(events.c.id == event_id)).first()
            if row is None:
                raise KeyError(f"no such event: {event_id}")
            m = row._mapping
            diff = {name: {"before": m[name], "after": value} for name, value in clean.items()}
            status = REVIEW_ACTIONS[action]
            values: dict[str, Any] = {"review_status": status, "updated_at": now}
            if clean:
                merged = {name: m[name] for name in REPORT_FIELD_NAMES} | clean
                members = [codec.report_from_row(r) for r in conn.execute(
                    sa.select(reports).where(reports.c.event_id == event_id))]
                values |= clean | {
                    "overrides": (m["overrides"] or {}) | clean,
                    "search_text": _search_text(merged, members),
                }
            conn.execute(events.update().where(events.c.id == event_id).values(**values))
            if clean:
                self._refresh_fts(conn, event_id)
            conn.execute(reviews.insert().values(
                event_id=event_id, reviewer=reviewer, action=action, at=now, changes=codec.to_jsonable(diff)
            ))
            self._record(conn, event_id, now, reviewer, f"review:{action}", {
                "status_before": m["review_status"], "status_after": status, "changes": diff,
            })
        event = self.get_event(event_id)
        assert event is not None  # just written in the committed transaction above
        return event

    def undo_merge(self, event_id: str, doc_id: str, *, who: str = SYSTEM_ACTOR, deduper: Any = None) -> Any:
        """Detach `doc_id`'s reports from `event_id` into the events they form alone; the event
        keeps its id; both sides are re-merged and an "unmerge" history row records who and
        when. Returns a marsad.store.history.UnmergeResult (see that module)."""
        from marsad.store.history import undo_merge

        if deduper is None:
            from marsad.dedupe import Deduplicator

            deduper = Deduplicator()
        return undo_merge(self, event_id, doc_id, who=who, deduper=deduper)

    def undo_event_merge(
        self, event_id: str, absorbed: str, *, who: str = SYSTEM_ACTOR, deduper: Any = None
    ) -> Any:
        """Restore event `absorbed`, merged into `event_id` when a report bridged them, with its id,
        reports and sources; both are re-merged and history rows record who and when. Returns a
        marsad.store.event_merge.EventUnmergeResult. The two are never merged again automatically."""
        if deduper is None:
            from marsad.dedupe import Deduplicator

            deduper = Deduplicator()
        return undo_event_merge(self, event_id, absorbed, who=who, deduper=deduper)

    def event_history(self, event_id: str) -> list[dict[str, Any]]:
        """Creation, merges, reviews and unmerges of an event, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(event_history).where(event_history.c.event_id == event_id)
                .order_by(event_history.c.at, event_history.c.id)
            ).all()
        return [
            {"event_id": r.event_id, "at": _iso(r.at), "who": r.who, "action": r.action, "details": r.details}
            for r in rows
        ]

    def counts(self) -> dict[str, int]:
        """Row counts: documents, near_duplicates, reports, events, sources, reviews and
        events per review status (events_unreviewed, events_confirmed, ...)."""
        with self.engine.connect() as conn:
            out = {
                "documents": conn.scalar(sa.select(sa.func.count()).select_from(documents)),
                "near_duplicates": conn.scalar(
                    sa.select(sa.func.count()).where(documents.c.near_duplicate_of.is_not(None))
                ),
                "reports": conn.scalar(sa.select(sa.func.count()).select_from(reports)),
                "events": conn.scalar(sa.select(sa.func.count()).select_from(events)),
                "sources": conn.scalar(sa.select(sa.func.count()).select_from(event_sources)),
                "reviews": conn.scalar(sa.select(sa.func.count()).select_from(reviews)),
            }
            for status in ("unreviewed", *REVIEW_ACTIONS.values()):
                out[f"events_{status}"] = 0
            for status, n in conn.execute(
                sa.select(events.c.review_status, sa.func.count()).group_by(events.c.review_status)
            ):
                out[f"events_{status}"] = n
        return {key: int(value or 0) for key, value in out.items()}


# ---------------------------------------------------------------------- helpers


def _sqlite_engine(url: sa.URL) -> sa.Engine:
    engine = sa.create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})

    @sa.event.listens_for(engine, "connect")
    def _configure(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin (needed for
        # SAVEPOINTs and BEGIN IMMEDIATE).
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        dbapi_conn.create_function("marsad_haversine_km", 4, haversine_km, deterministic=True)

    _add_begin_hook(engine)
    return engine


def _add_begin_hook(engine: sa.Engine) -> None:
    if engine.dialect.name != "sqlite":
        return

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        immediate = conn.get_execution_options().get("marsad_write")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def most_similar(signature: Sequence[int], candidates: Iterable[tuple[str, Sequence[int] | None]], threshold: float,
                 similarity: Callable[[Sequence[int], Sequence[int]], float]) -> str | None:
    """Id of the candidate (id, signature) most similar to `signature`, if at least `threshold`."""
    best: tuple[float, str] | None = None
    for doc_id, stored in candidates:
        if not stored or len(stored) != len(signature):
            continue
        score = similarity(signature, stored)
        if score >= threshold and (best is None or score > best[0]):
            best = (score, doc_id)
    return best[1] if best else None


def _document_exists(conn: sa.Connection, key: str) -> bool:
    return conn.execute(
        sa.select(documents.c.id).where(sa.or_(documents.c.content_hash == key, documents.c.id == key)).limit(1)
    ).first() is not None


def _has_reports(conn: sa.Connection, doc_id: str) -> bool:
    return conn.execute(sa.select(reports.c.id).where(reports.c.doc_id == doc_id).limit(1)).first() is not None


def _candidate_conditions(dated: Iterable[tuple[EventReport, str | None]], window_days: int) -> list[Any]:
    """Where-clauses for candidate events: per country (or any), the reports' date windows merged
    into disjoint intervals, so a batch of many reports makes a short query."""
    windows: dict[str | None, list[tuple[dt.date, dt.date]]] = {}
    any_date: set[str] = set()
    span = dt.timedelta(days=window_days)
    for report, published in dated:
        country = report.country.lower() if report.country else None
        day = _parse_date(report.date) or _parse_date(published)
        if day is not None:
            windows.setdefault(country, []).append((day - span, day + span))
        elif country is not None:
            any_date.add(country)
    c = events.c
    conditions: list[Any] = [sa.func.lower(c.country) == country for country in sorted(any_date)]
    for country, intervals in windows.items():
        in_window = sa.or_(c.date.is_(None), *(c.date.between(low.isoformat(), high.isoformat())
                                                for low, high in _merged(intervals)))
        if country is None:
            conditions.append(in_window)
        else:
            conditions.append(sa.and_(sa.or_(sa.func.lower(c.country) == country, c.country.is_(None)), in_window))
    return conditions


def _merged(intervals: list[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    out: list[tuple[dt.date, dt.date]] = []
    for low, high in sorted(intervals):
        if out and low <= out[-1][1] + dt.timedelta(days=1):
            out[-1] = (out[-1][0], max(out[-1][1], high))
        else:
            out.append((low, high))
    return out


def _event_exists(conn: sa.Connection, event_id: str) -> bool:
    return conn.execute(sa.select(events.c.id).where(events.c.id == event_id)).first() is not None


def _search_text(fields: dict[str, Any], members: Iterable[EventReport]) -> str:
    parts = [str(fields[name]) for name in _SEARCH_FIELDS if fields.get(name)]
    parts.extend(report.evidence for report in members if report.evidence)
    return fold(" ".join(parts))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:  # SQLite keeps no zone; everything is written in UTC
            value = value.replace(tzinfo=dt.UTC)
        return value.isoformat()
    return str(value)


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


@functools.lru_cache(maxsize=1)
def _dedupe_module() -> ModuleType | None:
    try:
        import marsad.dedupe as dedupe
    except ImportError:
        return None
    return dedupe


def _compute_signature(text: str) -> tuple[list[int] | None, list[str] | None]:
    dedupe = _dedupe_module()
    if dedupe is None or not hasattr(dedupe, "document_signature"):
        return None, None
    signature = list(dedupe.document_signature(text))
    return signature, list(dedupe.band_keys(signature))


def _similarity_function() -> Callable[[Sequence[int], Sequence[int]], float]:
    dedupe = _dedupe_module()
    if dedupe is not None and hasattr(dedupe, "signature_similarity"):
        return dedupe.signature_similarity
    return _equal_fraction


def _equal_fraction(a: Sequence[int], b: Sequence[int]) -> float:
    """MinHash Jaccard estimate: the share of positions where the two signatures agree."""
    if not a or len(a) != len(b):
        return 0.0
    return sum(1 for x, y in zip(a, b, strict=True) if x == y) / len(a)


def _source_scale(deduper: Any, sources: Sequence[Source], iso: str | None) -> str | None:
    """ACLED source_scale from the deduper's policy, else marsad.dedupe.source_scale."""
    scale = getattr(deduper, "source_scale", None)
    if scale is None:
        dedupe = _dedupe_module()
        scale = getattr(dedupe, "source_scale", None) if dedupe is not None else None
    return scale(sources, country=iso) if scale is not None else None
