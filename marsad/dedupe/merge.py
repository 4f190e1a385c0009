"""The merge policy: one canonical EventReport from the reports of one event (docs/dedupe.md)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from dataclasses import replace

from marsad.records import EventReport, Source

from .config import DedupeConfig, default_config
from .features import actor_key, is_generic_actor

MODALITY_RANK = {"asserted": 0, "claimed": 1, "planned": 2, "hypothetical": 3}
PLACE_FIELDS = ("location", "admin1", "admin2", "country", "iso", "latitude", "longitude", "geo_precision")


def _most_supported(reports: Sequence[EventReport], key: Callable[[EventReport], Hashable],
                    tie_break: Callable[[EventReport], Hashable] | None = None) -> EventReport:
    """The report whose `key` value most reports share; ties → smallest tie_break, then first given."""
    votes = Counter(key(r) for r in reports)
    return min(enumerate(reports),
               key=lambda ir: (-votes[key(ir[1])], tie_break(ir[1]) if tie_break else 0, ir[0]))[1]


def merged_place(reports: Sequence[EventReport]) -> EventReport:
    """Most precise place (lowest geo_precision); ties → the place most reports give."""
    best = min((r.geo_precision or 3) for r in reports)
    precise = [r for r in reports if (r.geo_precision or 3) == best and r.location]
    return _most_supported(precise or list(reports), lambda r: tuple(getattr(r, f) for f in PLACE_FIELDS))


def merged_date(reports: Sequence[EventReport], config: DedupeConfig | None = None) -> EventReport:
    """Most precise date (lowest time_precision), a date told with the event before one inferred
    from the paragraph, lede or publication; ties → most reported, then earliest."""
    rules = (config or default_config()).dates
    dated = [r for r in reports if r.date]
    if not dated:
        return reports[0]
    best = min(((r.time_precision or 3), rules.inferred(r)) for r in dated)
    precise = [r for r in dated if ((r.time_precision or 3), rules.inferred(r)) == best]
    return _most_supported(precise, lambda r: r.date, tie_break=lambda r: r.date)


def merged_fatalities(reports: Sequence[EventReport]) -> int:
    """ACLED's conservative rule: the lowest figure reported, among reports that give one.

    Figures asserted as fact are preferred to claimed ones (claims of responsibility
    inflate); denied and hypothetical reports do not count. Reports without a figure (0)
    do not pull the number down: "no figure given" is not "no one died".
    """
    for allowed in (("asserted",), ("claimed", "planned")):
        figures = [r.fatalities for r in reports if r.fatalities > 0 and r.modality in allowed]
        if figures:
            return min(figures)
    return 0


def merged_actor(values: Sequence[str | None], config: DedupeConfig) -> str | None:
    """Majority actor name; a specific actor beats a generic one ("Unidentified Armed Group")."""
    named = [v for v in values if v]
    if not named:
        return None
    specific = [v for v in named if not is_generic_actor(v, config.actors)]
    pool = specific or named
    votes = Counter(actor_key(v) for v in pool)
    return min(enumerate(pool), key=lambda iv: (-votes[actor_key(iv[1])], iv[0]))[1]


def merged_modality(reports: Sequence[EventReport]) -> str:
    """Asserted beats claimed beats planned beats hypothetical; denied only if every report denies."""
    ranked = [r.modality for r in reports if r.modality in MODALITY_RANK]
    if not ranked:
        return "denied" if reports and all(r.modality == "denied" for r in reports) else "asserted"
    return min(ranked, key=MODALITY_RANK.__getitem__)


def _join_distinct(values: Sequence[str | None], separator: str = "; ") -> str | None:
    distinct = list(dict.fromkeys(v.strip() for v in values if v and v.strip()))
    return separator.join(distinct) if distinct else None


def independent_confidence(reports: Sequence[EventReport], sources: Sequence[Source], cap: float) -> float:
    """Noisy-OR of the best confidence per outlet: more independent outlets, more confidence."""
    outlet_of = {s.doc_id: (s.outlet or s.url or s.doc_id) for s in sources}
    best: dict[str, float] = {}
    for r in reports:
        outlet = outlet_of.get(r.doc_id, r.doc_id)
        best[outlet] = max(best.get(outlet, 0.0), r.confidence)
    doubt = 1.0
    for confidence in best.values():
        doubt *= 1.0 - min(max(confidence, 0.0), 1.0)
    return round(min(cap, max(1.0 - doubt, max(best.values(), default=0.0))), 4)


def merge_reports(reports: Sequence[EventReport], sources: Sequence[Source],
                  config: DedupeConfig | None = None) -> EventReport:
    """Apply the merge policy; the result's evidence (and doc_id) is the most confident report's."""
    if not reports:
        raise ValueError("merge needs at least one report")
    config = config or default_config()
    evidence = max(enumerate(reports), key=lambda ir: (ir[1].confidence, -ir[0]))[1]
    kind = _most_supported(reports, lambda r: (r.event_type, r.sub_event_type),
                           tie_break=lambda r: -r.confidence)
    place, when = merged_place(reports), merged_date(reports, config)
    actor1 = merged_actor([r.actor1 for r in reports], config)
    actor2 = merged_actor([r.actor2 for r in reports], config)
    actor1_from = next((r for r in reports if r.actor1 == actor1), evidence)
    actor2_from = next((r for r in reports if r.actor2 == actor2), evidence)
    return replace(
        evidence,
        event_type=kind.event_type, sub_event_type=kind.sub_event_type,
        plover_type=kind.plover_type, plover_mode=kind.plover_mode,
        disorder_type=kind.disorder_type, civilian_targeting=kind.civilian_targeting,
        date=when.date, time_precision=when.time_precision, date_source=when.date_source,
        **{f: getattr(place, f) for f in PLACE_FIELDS},
        actor1=actor1, inter1=actor1_from.inter1 if actor1 else None,
        actor2=actor2, inter2=actor2_from.inter2 if actor2 else None,
        assoc_actor_1=_join_distinct([r.assoc_actor_1 for r in reports]),
        assoc_actor_2=_join_distinct([r.assoc_actor_2 for r in reports]),
        interaction=actor1_from.interaction if actor1_from is actor2_from else kind.interaction,
        fatalities=merged_fatalities(reports),
        modality=merged_modality(reports),
        attribution=_join_distinct([r.attribution for r in reports]),
        confidence=independent_confidence(reports, sources, config.confidence_cap),
        rule=f"merge:{len(reports)}",
        mentions=list(evidence.mentions),
    )
