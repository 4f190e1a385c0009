"""Within one document, several sentences often tell one event: fold them together.

ACLED atomicity: one event type, one day, one place, one dyad. Reports of one
document that agree on these (or leave them open) become one report.
"""

from __future__ import annotations

from marsad.records import EventReport


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _same_event(first: EventReport, second: EventReport) -> bool:
    if first.event_type != second.event_type or first.modality != second.modality:
        return False
    if first.event_type == "Strategic developments" and first.plover_type != second.plover_type:
        return False
    same_place = first.location == second.location or (
        (first.geo_precision or 3) == 3 or (second.geo_precision or 3) == 3
    ) and first.country == second.country
    return (
        same_place
        and _compatible(first.date, second.date)
        and _compatible(first.actor1, second.actor1)
        and _compatible(first.actor2, second.actor2)
    )


def _absorb(kept: EventReport, other: EventReport, rank) -> None:
    """Fill kept's gaps from other; keep the more specific sub-event and place."""
    if rank(other.sub_event_type) < rank(kept.sub_event_type):
        kept.sub_event_type = other.sub_event_type
    for name in ("actor1", "inter1", "actor2", "inter2", "assoc_actor_1", "assoc_actor_2",
                 "date", "time_precision", "attribution", "plover_type", "plover_mode"):
        if getattr(kept, name) is None and getattr(other, name) is not None:
            setattr(kept, name, getattr(other, name))
    if (other.geo_precision or 4) < (kept.geo_precision or 4):
        for name in ("country", "iso", "admin1", "admin2", "location", "latitude", "longitude", "geo_precision"):
            setattr(kept, name, getattr(other, name))
    kept.fatalities = max(kept.fatalities, other.fatalities)
    kept.confidence = round(min(1.0, max(kept.confidence, other.confidence) + 0.05), 3)
    kept.mentions.extend(other.mentions)


def coalesce(reports: list[EventReport], rank) -> list[EventReport]:
    """Fold reports of one document that describe the same event; order is kept."""
    kept: list[EventReport] = []
    for report in reports:
        target = next((k for k in kept if _same_event(k, report)), None)
        if target is None:
            kept.append(report)
        else:
            _absorb(target, report, rank)
    return kept
