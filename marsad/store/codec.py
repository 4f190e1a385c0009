"""Conversions between the typed records and JSON-safe dicts / table rows (pure functions)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from marsad.records import Event, EventReport, Mention, Place, Source
from marsad.store.schema import REPORT_FIELD_NAMES

# Mention values that are records.* dataclasses are rebuilt on load; values of other
# modules' types (ActorRef, DateValue, ...) come back as plain dicts tagged with "__type__".
_REBUILDABLE: dict[str, type] = {"Place": Place}


def to_jsonable(value: Any) -> Any:
    """A JSON-serialisable copy of `value` (dataclasses tagged with their type name)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {"__type__": type(value).__name__}
        out.update({f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)})
        return out
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def from_jsonable(value: Any) -> Any:
    """Inverse of to_jsonable for the types records.py defines."""
    if isinstance(value, dict):
        data = {k: from_jsonable(v) for k, v in value.items()}
        cls = _REBUILDABLE.get(data.get("__type__", ""))
        if cls is not None:
            names = {f.name for f in dataclasses.fields(cls)}
            return cls(**{k: v for k, v in data.items() if k in names})
        return data
    if isinstance(value, list):
        return [from_jsonable(v) for v in value]
    return value


def mentions_to_json(mentions: list[Mention]) -> list[dict[str, Any]]:
    return [
        {
            "start": m.start, "end": m.end, "kind": m.kind, "text": m.text,
            "value": to_jsonable(m.value), "rule": m.rule, "data": to_jsonable(m.data),
        }
        for m in mentions
    ]


def mentions_from_json(items: list[dict[str, Any]] | None) -> list[Mention]:
    return [
        Mention(
            start=item["start"], end=item["end"], kind=item["kind"], text=item.get("text", ""),
            value=from_jsonable(item.get("value")), rule=item.get("rule", ""),
            data=from_jsonable(item.get("data") or {}),
        )
        for item in items or []
    ]


def report_fields(report: EventReport) -> dict[str, Any]:
    """The report's scalar fields as column values."""
    return {name: getattr(report, name) for name in REPORT_FIELD_NAMES}


def report_from_row(row: Any, with_mentions: bool = True) -> EventReport:
    """An EventReport from a reports or events row (events rows have no mentions)."""
    mapping = row._mapping if hasattr(row, "_mapping") else row
    values = {name: mapping[name] for name in REPORT_FIELD_NAMES}
    values["fatalities"] = values["fatalities"] or 0
    values["modality"] = values["modality"] or "asserted"
    values["evidence"] = values["evidence"] or ""
    values["evidence_start"] = values["evidence_start"] or 0
    values["evidence_end"] = values["evidence_end"] or 0
    values["confidence"] = values["confidence"] if values["confidence"] is not None else 0.5
    values["rule"] = values["rule"] or ""
    values["event_type"] = values["event_type"] or ""
    values["sub_event_type"] = values["sub_event_type"] or ""
    values["doc_id"] = values["doc_id"] or ""
    mentions = mentions_from_json(mapping.get("mentions")) if with_mentions and "mentions" in mapping else []
    return EventReport(**values, mentions=mentions)


def source_from_row(row: Any) -> Source:
    m = row._mapping
    return Source(doc_id=m["doc_id"], outlet=m["outlet"], url=m["url"], published=m["published"],
                  language=m["language"])


def event_to_dict(event: Event, with_reports: bool = True) -> dict[str, Any]:
    """The canonical JSON view of an event: id, contract fields, derived codes, sources, reports."""
    from marsad.records import EXTRACTION_FIELDS

    merged = event.report
    out: dict[str, Any] = {"id": event.id}
    out.update({name: getattr(merged, name) for name in EXTRACTION_FIELDS})
    out.update({
        "disorder_type": merged.disorder_type,
        "interaction": merged.interaction,
        "civilian_targeting": merged.civilian_targeting,
        "source_scale": event.source_scale,
        "review_status": event.review_status,
        "sources": [dataclasses.asdict(s) for s in event.sources],
    })
    for name in ("created_at", "updated_at"):
        if hasattr(event, name):
            out[name] = getattr(event, name)
    if with_reports:
        out["reports"] = [report_to_dict(r) for r in event.reports]
    return out


def report_to_dict(report: EventReport) -> dict[str, Any]:
    out = report_fields(report)
    out["mentions"] = mentions_to_json(report.mentions)
    return out
