"""Undoing a merge, and event histories as readable rows.

`undo_merge` detaches one document's reports from a canonical event: the event keeps its
id and is re-merged from the reports that remain; the detached reports form the events
they would form alone (the deduplicator's clustering over just them); both sides are
recomputed with the deduplicator's merge policy, and the history of each records who did
it and when. Reviewer edits (overrides) on the remaining event still win.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from marsad.records import EventReport
from marsad.store import codec
from marsad.store.schema import event_sources, events, reports

UNMERGE_ACTION = "unmerge"
# Changed fields not worth a reader's attention in the history table (still stored).
_BOOKKEEPING = frozenset({"evidence_start", "evidence_end", "rule", "doc_id"})


@dataclass(slots=True)
class UnmergeResult:
    """What undo_merge did: the event kept, the document detached, the events it now forms."""

    event_id: str
    doc_id: str
    new_event_ids: list[str]
    report_indices: list[int]
    changed: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(slots=True)
class HistoryRow:
    """One line of `marsad events history`."""

    at: str
    who: str
    action: str
    document: str
    reports: str
    score: str
    detail: str


def detached_event_id(doc_id: str, report_index: int, taken: set[str]) -> str:
    """Id for an event split off by an unmerge: the id the report would have had alone
    (as Store.new_event_id) unless taken, else a deterministic variant."""
    attempt = 0
    while True:
        salt = f"{doc_id}:{report_index}" + (f":unmerge:{attempt}" if attempt else "")
        candidate = "MRS" + hashlib.sha256(salt.encode()).hexdigest()[:10]
        if candidate not in taken:
            return candidate
        attempt += 1


def group_detached(members: Sequence[EventReport], deduper: Any) -> list[list[int]]:
    """Indices of `members` grouped as the deduplicator would cluster them on their own."""
    cluster = getattr(deduper, "cluster", None)
    if cluster is None:
        return [[i] for i in range(len(members))]
    return [sorted(group) for group in cluster(list(members))]


def undo_merge(store: Any, event_id: str, doc_id: str, *, who: str, deduper: Any) -> UnmergeResult:
    """Detach `doc_id`'s reports from `event_id` (see the module docstring).

    KeyError: unknown event. ValueError: the document has no report in the event, or it is
    the event's only document (nothing would remain to keep the id).
    """
    if not who or not who.strip():
        raise ValueError("a name is required (who undoes the merge)")
    with store._write() as conn:
        if conn.execute(sa.select(events.c.id).where(events.c.id == event_id)).first() is None:
            raise KeyError(f"no such event: {event_id}")
        rows = conn.execute(
            sa.select(reports).where(reports.c.event_id == event_id).order_by(reports.c.id)
        ).all()
        detached = [r for r in rows if r._mapping["doc_id"] == doc_id]
        if not detached:
            raise ValueError(f"document {doc_id} has no report in event {event_id}")
        if len(detached) == len(rows):
            raise ValueError(f"document {doc_id} is the only source of event {event_id}: nothing to undo")
        now = dt.datetime.now(dt.UTC)
        source = conn.execute(sa.select(event_sources).where(
            event_sources.c.event_id == event_id, event_sources.c.doc_id == doc_id)).first()
        conn.execute(sa.delete(event_sources).where(
            event_sources.c.event_id == event_id, event_sources.c.doc_id == doc_id))
        members = [codec.report_from_row(r, with_mentions=False) for r in detached]
        taken = set(conn.scalars(sa.select(events.c.id)))
        new_ids: list[str] = []
        for group in group_detached(members, deduper):
            first = detached[group[0]]._mapping
            new_id = detached_event_id(doc_id, first["report_index"], taken)
            taken.add(new_id)
            new_ids.append(new_id)
            _move(conn, new_id, [detached[i] for i in group], members[group[0]], source, now)
        changed = store._recompute(conn, event_id, deduper, now)
        indices = [r._mapping["report_index"] for r in detached]
        store._record(conn, event_id, now, who, UNMERGE_ACTION, {
            "doc_id": doc_id, "reports": [{"report_index": i} for i in indices],
            "new_events": new_ids, "changed": changed,
        })
        for new_id in new_ids:
            store._recompute(conn, new_id, deduper, now)
            moved = conn.scalars(sa.select(reports.c.report_index).where(reports.c.event_id == new_id)).all()
            store._record(conn, new_id, now, who, "create", {
                "doc_id": doc_id, "reports": [{"report_index": i} for i in sorted(moved)],
                "unmerged_from": event_id,
            })
    return UnmergeResult(event_id, doc_id, new_ids, indices, changed)


def _move(conn: sa.Connection, new_id: str, rows: Sequence[sa.Row], first: EventReport,
          source: sa.Row | None, now: dt.datetime) -> None:
    """Create event `new_id` from `first` and move the report rows and the source to it."""
    conn.execute(events.insert().values(
        id=new_id, **codec.report_fields(first), review_status="unreviewed", n_sources=0,
        created_at=now, updated_at=now,
    ))
    conn.execute(reports.update().where(reports.c.id.in_([r._mapping["id"] for r in rows])).values(
        event_id=new_id))
    if source is not None:
        conn.execute(event_sources.insert().values({**source._mapping, "event_id": new_id, "added_at": now}))


# ---------------------------------------------------------------------- readable history


def history_rows(history: Sequence[dict[str, Any]]) -> list[HistoryRow]:
    """Store.event_history entries as table rows: what happened, to which document, and why."""
    return [_row(entry) for entry in history]


def _row(entry: dict[str, Any]) -> HistoryRow:
    details = entry.get("details") or {}
    action = entry.get("action", "")
    items = details.get("reports") or []
    indices = ",".join(str(item.get("report_index")) for item in items if isinstance(item, dict))
    scores = [item.get("score") for item in items if isinstance(item, dict) and item.get("score") is not None]
    return HistoryRow(
        at=(entry.get("at") or "")[:19].replace("T", " "),
        who=entry.get("who") or "",
        action=action,
        document=details.get("doc_id") or "",
        reports=indices,
        score=", ".join(f"{s:.2f}" for s in scores) if action == "merge" else "",
        detail=_detail(action, details, items),
    )


def _detail(action: str, details: dict[str, Any], items: Sequence[Any]) -> str:
    parts: list[str] = []
    if action == "merge":
        parts.extend(_reasons(item.get("reasons")) for item in items if isinstance(item, dict))
    if details.get("unmerged_from"):
        parts.append(f"split off from {details['unmerged_from']}")
    if details.get("absorbed"):
        parts.append(f"absorbed event {details['absorbed']}")
    if details.get("into"):
        parts.append(f"merged into {details['into']}")
    if details.get("restored") and details["restored"] is not True:
        parts.append(f"restored event {details['restored']}")
    if details.get("new_events"):
        parts.append("detached into " + ", ".join(details["new_events"]))
    if "status_before" in details:
        parts.append(f"status {details['status_before']} → {details['status_after']}")
    parts.extend(_changes(details.get("changed") or details.get("changes") or {}))
    return "; ".join(p for p in parts if p)


def _reasons(reasons: Any) -> str:
    """'partner event:MRS…; type 1.00 place 0.80 …' from a merge's reasons."""
    if not isinstance(reasons, dict):
        return ""
    features = [f"{k} {v:.2f}" for k, v in reasons.items()
                if isinstance(v, int | float) and not isinstance(v, bool) and k not in ("text_cosine", "wire")]
    partner = reasons.get("partner")
    return " ".join(([f"with {partner}:"] if partner else []) + features)


def _changes(changed: dict[str, Any]) -> list[str]:
    out = []
    for name, change in changed.items():
        if name in _BOOKKEEPING:
            continue
        if isinstance(change, dict) and "after" in change:
            out.append(f"{name}: {_short(change.get('before'))} → {_short(change.get('after'))}")
    return out


def _short(value: Any, limit: int = 40) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"
