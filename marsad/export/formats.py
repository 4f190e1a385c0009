"""One event → one output record, per export format (pure functions)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from marsad.export.data import country_codes, plover_contexts, region_by_iso
from marsad.records import ACLED_COLUMNS, EXTRACTION_FIELDS, Event, EventReport, Place
from marsad.store.codec import event_to_dict

NOTE_EVIDENCE_CHARS = 200


def acled_row(event: Event) -> list[Any]:
    """The event as ACLED's 31 columns, in ACLED_COLUMNS order."""
    r = event.report
    alpha2, numeric = country_codes(r.iso, r.country)
    values = {
        "event_id_cnty": event.id,
        "event_date": r.date or "",
        "year": r.date[:4] if r.date else "",
        "time_precision": r.time_precision,
        "disorder_type": r.disorder_type,
        "event_type": r.event_type,
        "sub_event_type": r.sub_event_type,
        "actor1": r.actor1,
        "assoc_actor_1": r.assoc_actor_1,
        "inter1": r.inter1,
        "actor2": r.actor2,
        "assoc_actor_2": r.assoc_actor_2,
        "inter2": r.inter2,
        "interaction": r.interaction,
        "civilian_targeting": r.civilian_targeting,
        "iso": numeric,
        "region": region_by_iso().get(alpha2 or ""),
        "country": r.country,
        "admin1": r.admin1,
        "admin2": r.admin2,
        "admin3": None,
        "location": r.location,
        "latitude": _coordinate(r.latitude),
        "longitude": _coordinate(r.longitude),
        "geo_precision": r.geo_precision,
        "source": "; ".join(_outlets(event)),
        "source_scale": event.source_scale,
        "notes": notes(event),
        "fatalities": r.fatalities,
        "tags": "; ".join(tags(r)),
        "timestamp": _timestamp(event),
    }
    return ["" if values[name] is None else values[name] for name in ACLED_COLUMNS]


def notes(event: Event) -> str:
    """A short ACLED-style summary built from the coded fields plus the evidence sentence."""
    r = event.report
    where = ", ".join(p for p in (r.location, r.admin1, r.country) if p) or "an unknown location"
    who = " and ".join(a for a in (r.actor1, r.actor2) if a) or "unidentified actors"
    text = f"On {r.date or 'an unknown date'}, {r.sub_event_type or r.event_type} involving {who} in {where}."
    text += f" Fatalities: {r.fatalities}."
    if r.modality and r.modality != "asserted":
        text += f" Reported as {r.modality}."
    if r.attribution:
        text += f" According to {r.attribution}."
    evidence = _evidence(event)
    if evidence:
        text += f' Evidence: "{evidence}"'
    return text


def tags(report: EventReport) -> list[str]:
    out = []
    if report.modality and report.modality != "asserted":
        out.append(f"modality={report.modality}")
    if report.plover_type:
        out.append(f"plover={report.plover_type}" + (f"/{report.plover_mode}" if report.plover_mode else ""))
    return out


def plover_record(event: Event) -> dict[str, Any]:
    """A PLOVER-style record: type, mode, context, actor/recipient, date, location, citations."""
    r = event.report
    contexts = plover_contexts()
    context = list(dict.fromkeys(
        list(contexts.get("event_type", {}).get(r.event_type, []))
        + list(contexts.get("sub_event_type", {}).get(r.sub_event_type, []))
    ))
    alpha2, _ = country_codes(r.iso, r.country)
    return {
        "id": event.id,
        "event_type": r.plover_type,
        "mode": r.plover_mode,
        "context": context,
        "actor": _actor(r.actor1, r.assoc_actor_1, r.inter1),
        "recipient": _actor(r.actor2, r.assoc_actor_2, r.inter2),
        "date": r.date,
        "date_precision": r.time_precision,
        "fatalities": r.fatalities,
        "modality": r.modality,
        "attribution": r.attribution,
        "confidence": r.confidence,
        "acled": {"event_type": r.event_type, "sub_event_type": r.sub_event_type,
                  "disorder_type": r.disorder_type},
        "location": {
            "name": r.location, "admin1": r.admin1, "admin2": r.admin2, "country": r.country,
            "country_code": alpha2, "lat": r.latitude, "lon": r.longitude,
            "geo_precision": r.geo_precision, "geonameid": _geonameid(event),
        },
        "source_scale": event.source_scale,
        "review_status": event.review_status,
        "citation": _citations(event),
    }


def geojson_feature(event: Event) -> dict[str, Any]:
    """An RFC 7946 Feature ([lon, lat] order; geometry null when the place has no coordinates)."""
    r = event.report
    geometry = None
    if r.latitude is not None and r.longitude is not None:
        geometry = {"type": "Point", "coordinates": [r.longitude, r.latitude]}
    properties = {"id": event.id, **{name: getattr(r, name) for name in EXTRACTION_FIELDS}}
    properties.update({
        "source_scale": event.source_scale,
        "review_status": event.review_status,
        "sources": [dataclasses.asdict(s) for s in event.sources],
    })
    return {"type": "Feature", "id": event.id, "geometry": geometry, "properties": properties}


def canonical_record(event: Event) -> dict[str, Any]:
    """The jsonl record: contract fields, id, derived codes, sources and all reports."""
    return event_to_dict(event, with_reports=True)


def _actor(name: str | None, associated: str | None, inter: int | None) -> list[dict[str, Any]]:
    if not name:
        return []
    out: list[dict[str, Any]] = [{"name": name, "inter": inter, "role": "primary"}]
    out.extend({"name": n.strip(), "inter": None, "role": "associated"}
               for n in (associated or "").split(";") if n.strip())
    return out


def _citations(event: Event) -> list[dict[str, Any]]:
    sources = {s.doc_id: s for s in event.sources}
    out = []
    for report in event.reports or [event.report]:
        source = sources.get(report.doc_id)
        out.append({
            "doc_id": report.doc_id,
            "url": source.url if source else None,
            "outlet": source.outlet if source else None,
            "language": report.language or (source.language if source else None),
            "published": source.published if source else None,
            "start": report.evidence_start,
            "end": report.evidence_end,
            "text": report.evidence,
            "rule": report.rule or None,
        })
    return out


def _geonameid(event: Event) -> int | None:
    """The gazetteer id of the merged place, from a place mention of one of the reports."""
    for report in event.reports:
        for mention in report.mentions:
            place = mention.value
            if mention.kind == "place" and isinstance(place, Place) and place.name == event.report.location:
                return place.geonames_id
    return None


def _outlets(event: Event) -> list[str]:
    names = [s.outlet or s.url or s.doc_id for s in event.sources]
    return list(dict.fromkeys(n for n in names if n))


def _evidence(event: Event) -> str:
    text = " ".join((event.report.evidence or "").split())
    if len(text) > NOTE_EVIDENCE_CHARS:
        text = text[: NOTE_EVIDENCE_CHARS - 1].rstrip() + "…"
    return text


def _coordinate(value: float | None) -> float | None:
    return None if value is None else round(value, 5)


def _timestamp(event: Event) -> int:
    """Unix seconds of the last change (ACLED's `timestamp`); now when unknown."""
    stamp = getattr(event, "updated_at", None)
    if stamp:
        try:
            return int(dt.datetime.fromisoformat(stamp).timestamp())
        except ValueError:
            pass
    return int(dt.datetime.now(dt.UTC).timestamp())
