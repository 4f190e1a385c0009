"""Rough geocoding score on the Arabic dev articles (../shared/eval, read at run time, never copied).

For each gold event, find its evidence sentence in the article, ask
resolver.place_for_span for that span, and compare country, admin1 and location with the
gold (location: same name, or within 25 km of a gazetteer place of the gold's name in the
gold's country).

    .venv/bin/python benchmarks/eval_geo_ar.py [--errors N]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from marsad.geo import Gazetteer, GeoResolver
from marsad.geo.build import _strip_accents
from marsad.geo.keys import name_key
from marsad.geo.resolver import haversine_km
from marsad.records import Place

LOCATION_KM = 25.0

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"


def _same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and _strip_accents(a).casefold() == _strip_accents(b).casefold()


def _same_location(place: Place | None, event: dict, gazetteer: Gazetteer) -> bool:
    gold = event.get("location")
    if place is None or not gold:
        return False
    if name_key(_strip_accents(place.name)) == name_key(_strip_accents(gold)):
        return True
    namesakes = [e for e in gazetteer.lookup(gold) if _same(gazetteer.country_name(e.country), event.get("country"))]
    return any(haversine_km(place, e) <= LOCATION_KM for e in namesakes if not e.is_country)


def _read_jsonl(path: Path) -> dict[str, dict]:
    with path.open(encoding="utf-8") as handle:
        return {record["id"]: record for record in map(json.loads, handle) if record.get("id")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--errors", type=int, default=0, help="print this many misses (to the terminal only)")
    args = parser.parse_args(argv)
    articles_path, gold_path = EVAL / "dev_ar.articles.jsonl", EVAL / "dev_ar.gold.jsonl"
    if not articles_path.exists() or not gold_path.exists():
        print(f"eval_geo_ar: {EVAL} lacks dev_ar files", file=sys.stderr)
        return 2
    articles, gold = _read_jsonl(articles_path), _read_jsonl(gold_path)
    gazetteer = Gazetteer.open()
    resolver = GeoResolver(gazetteer)
    totals = {"events": 0, "placed": 0, "country": 0, "admin1": 0, "admin1_gold": 0, "location": 0}
    misses = []
    for doc_id, record in gold.items():
        article = articles.get(doc_id)
        if article is None:
            continue
        text = article["text"]
        doc = resolver.resolve_document(text, "ar")
        for event in record.get("events", []):
            start = text.find(event.get("evidence") or "\0")
            start, end = (start, start + len(event["evidence"])) if start >= 0 else (0, len(text))
            place = resolver.place_for_span(doc, start, end)
            totals["events"] += 1
            totals["placed"] += place is not None
            country_ok = place is not None and _same(place.country, event.get("country"))
            totals["country"] += country_ok
            totals["location"] += _same_location(place, event, gazetteer)
            if event.get("admin1"):
                totals["admin1_gold"] += 1
                admin1_ok = place is not None and _same(place.admin1, event["admin1"])
                totals["admin1"] += admin1_ok
                if not admin1_ok:
                    misses.append((doc_id, event, place))
            elif not country_ok:
                misses.append((doc_id, event, place))
    n = max(totals["events"], 1)
    print(f"events {totals['events']}  placed {totals['placed'] / n:.3f}  country {totals['country'] / n:.3f}  "
          f"admin1 {totals['admin1'] / max(totals['admin1_gold'], 1):.3f} (of {totals['admin1_gold']} with admin1)  "
          f"location {totals['location'] / n:.3f}")
    for doc_id, event, place in misses[: args.errors]:
        got = f"{place.name} / {place.admin1} / {place.country} p{place.geo_precision}" if place else "-"
        print(f"- {doc_id}: gold {event.get('location')} / {event.get('admin1')} / {event.get('country')} | got {got}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
