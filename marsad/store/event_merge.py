"""Merging two existing events into one, and undoing it.

When a new report links two stored events strongly and nothing vetoes them (see
docs/dedupe.md), the deduplicator's Assignment names the event kept and the ones it
absorbs. `absorb_event` moves the absorbed event's reports and sources to the kept event,
deletes the absorbed row and records, on the kept event, everything needed to restore it
(its id, review status, overrides, creation time, report rows and sources).
`undo_event_merge` restores the absorbed event with its id and moves its reports back;
both sides are re-merged with the merge policy. Events a person has split (an unmerge of
either kind) are never merged again automatically, nor are reviewed events absorbed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from marsad.store import codec
from marsad.store.schema import event_history, event_sources, events, reports

MERGE_EVENT_ACTION = "merge_event"
ABSORBED_ACTION = "absorbed"
UNMERGE_EVENT_ACTION = "unmerge_event"
_SPLIT_ACTIONS = ("unmerge", UNMERGE_EVENT_ACTION, "create")
_SOURCE_FIELDS = ("doc_id", "outlet", "url", "published", "language", "added_at")


@dataclass(slots=True)
class EventUnmergeResult:
    """What undo_event_merge did: the event kept, the event restored, the reports moved back."""

    event_id: str
    restored_id: str
    report_ids: list[int]
    changed: dict[str, dict[str, Any]] = field(default_factory=dict)


def kept_apart(conn: sa.Connection, a: str, b: str) -> bool:
    """Has a person split `a` and `b` (an unmerge that created one from the other)?"""
    rows = conn.execute(sa.select(event_history.c.event_id, event_history.c.details)
                        .where(event_history.c.event_id.in_([a, b]),
                               event_history.c.action.in_(_SPLIT_ACTIONS))).all()
    for event_id, details in rows:
        other = b if event_id == a else a
        details = details or {}
        if (other in (details.get("new_events") or []) or details.get("restored") == other
                or details.get("unmerged_from") == other):
            return True
    return False


def may_absorb(conn: sa.Connection, kept: str, absorbed: str) -> bool:
    """Both events exist, the absorbed one is unreviewed, and no person kept them apart."""
    statuses = dict(conn.execute(sa.select(events.c.id, events.c.review_status)
                                 .where(events.c.id.in_([kept, absorbed]))).all())
    return (kept != absorbed and statuses.get(absorbed) == "unreviewed" and kept in statuses
            and not kept_apart(conn, kept, absorbed))


def absorb_event(store: Any, conn: sa.Connection, kept: str, absorbed: str, doc_id: str,
                 deduper: Any, now: dt.datetime, actor: str) -> dict[str, Any]:
    """Move `absorbed`'s reports and sources into `kept`, delete it, and record how to undo it.
    Returns the fields of `kept` that changed."""
    row = conn.execute(sa.select(events).where(events.c.id == absorbed)).one()._mapping
    moved = conn.execute(sa.select(reports.c.id, reports.c.doc_id, reports.c.report_index)
                         .where(reports.c.event_id == absorbed).order_by(reports.c.id)).all()
    sources = [dict(r._mapping) for r in conn.execute(
        sa.select(event_sources).where(event_sources.c.event_id == absorbed))]
    conn.execute(reports.update().where(reports.c.event_id == absorbed).values(event_id=kept))
    for source in sources:
        conn.execute(store._insert_ignore(event_sources).values({**source, "event_id": kept}))
    conn.execute(sa.delete(events).where(events.c.id == absorbed))  # its sources and reviews cascade
    store._drop_fts(conn, absorbed)
    changed = store._recompute(conn, kept, deduper, now)
    store._record(conn, kept, now, actor, MERGE_EVENT_ACTION, {
        "doc_id": doc_id, "absorbed": absorbed,
        "absorbed_reports": [{"id": r.id, "doc_id": r.doc_id, "report_index": r.report_index} for r in moved],
        "absorbed_sources": [{k: s[k] for k in _SOURCE_FIELDS} for s in sources],
        "absorbed_event": {"review_status": row["review_status"], "overrides": row["overrides"],
                           "created_at": row["created_at"]},
        "changed": changed,
    })
    store._record(conn, absorbed, now, actor, ABSORBED_ACTION, {"doc_id": doc_id, "into": kept})
    return changed


def undo_event_merge(store: Any, event_id: str, absorbed: str, *, who: str, deduper: Any) -> EventUnmergeResult:
    """Restore `absorbed` (merged into `event_id` automatically) with its id, reports and sources.

    KeyError: unknown event. ValueError: `absorbed` was not merged into `event_id`, has been
    restored already, or none of its reports is still in the event.
    """
    if not who or not who.strip():
        raise ValueError("a name is required (who undoes the merge)")
    with store._write() as conn:
        if conn.execute(sa.select(events.c.id).where(events.c.id == event_id)).first() is None:
            raise KeyError(f"no such event: {event_id}")
        if conn.execute(sa.select(events.c.id).where(events.c.id == absorbed)).first() is not None:
            raise ValueError(f"event {absorbed} exists: it is not merged into {event_id}")
        record = _last_absorb(conn, event_id, absorbed)
        ids = [r["id"] for r in record["absorbed_reports"]]
        still = conn.scalars(sa.select(reports.c.id).where(reports.c.id.in_(ids), reports.c.event_id == event_id)).all()
        if not still:
            raise ValueError(f"no report of {absorbed} is left in {event_id}")
        now = dt.datetime.now(dt.UTC)
        snapshot = record["absorbed_event"]
        first = codec.report_fields(codec.report_from_row(
            conn.execute(sa.select(reports).where(reports.c.id == still[0])).one(), with_mentions=False))
        conn.execute(events.insert().values(
            id=absorbed, **first, review_status=snapshot.get("review_status") or "unreviewed",
            overrides=snapshot.get("overrides"), n_sources=0,
            created_at=_datetime(snapshot.get("created_at")) or now, updated_at=now,
        ))
        conn.execute(reports.update().where(reports.c.id.in_(still)).values(event_id=absorbed))
        for source in record["absorbed_sources"]:
            conn.execute(store._insert_ignore(event_sources).values(
                {**source, "event_id": absorbed, "added_at": _datetime(source.get("added_at")) or now}))
            _drop_source_without_reports(conn, event_id, source["doc_id"])
        changed = store._recompute(conn, event_id, deduper, now)
        store._recompute(conn, absorbed, deduper, now)
        store._record(conn, event_id, now, who, UNMERGE_EVENT_ACTION,
                      {"restored": absorbed, "reports": [{"id": i} for i in still], "changed": changed})
        store._record(conn, absorbed, now, who, "create", {"unmerged_from": event_id, "restored": True})
    return EventUnmergeResult(event_id, absorbed, list(still), changed)


def _last_absorb(conn: sa.Connection, event_id: str, absorbed: str) -> dict[str, Any]:
    rows = conn.execute(sa.select(event_history.c.details).where(
        event_history.c.event_id == event_id, event_history.c.action == MERGE_EVENT_ACTION,
    ).order_by(event_history.c.at.desc(), event_history.c.id.desc())).scalars().all()
    for details in rows:
        if (details or {}).get("absorbed") == absorbed:
            return details
    raise ValueError(f"event {absorbed} was never merged into {event_id}")


def _drop_source_without_reports(conn: sa.Connection, event_id: str, doc_id: str) -> None:
    """A document stays a source of the kept event only while one of its reports is there."""
    left = conn.execute(sa.select(reports.c.id).where(
        reports.c.event_id == event_id, reports.c.doc_id == doc_id).limit(1)).first()
    if left is None:
        conn.execute(sa.delete(event_sources).where(
            event_sources.c.event_id == event_id, event_sources.c.doc_id == doc_id))


def _datetime(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(value) if value else None
