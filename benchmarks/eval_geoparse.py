"""Toponym recall and resolution accuracy of `marsad geoparse` on a toponym gold file.

    .venv/bin/python benchmarks/eval_geoparse.py [GOLD.jsonl] [--errors]

GOLD.jsonl (default: samples/geoparse/en.gold.jsonl, our own English news sentences about
African places; coordinates from GeoNames) holds one document per line: id, lang, text and
`toponyms`, each with start, end (code-point offsets), text, kind (country, admin1, place or
feature), country (ISO code) and latitude/longitude of the place meant.

Figures, in the style of geoparsing evaluations (Mordecai, GeoWebNews):
- toponym recall: gold toponyms that a resolved mention overlaps;
- toponym precision: resolved mentions that overlap a gold toponym;
- Acc@161 km of found toponyms: the mention's point is within 161 km of the gold point
  (also printed with countries judged by their ISO code, since a country's point is only a
  convention), and the mean error in km.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
from pathlib import Path

from marsad.evaluate.scoring import haversine_km
from marsad.geo.gazetteer import Gazetteer
from marsad.geo.resolver import GeoResolver

DEFAULT_GOLD = Path(__file__).resolve().parents[1] / "samples" / "geoparse" / "en.gold.jsonl"
ACC_KM = 161.0


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def score_document(resolver: GeoResolver, doc: dict) -> list[dict]:
    """One row per gold toponym and per unmatched mention: what was found and how far off."""
    mentions = resolver.resolve_document(doc["text"], doc.get("lang") or "en").mentions
    rows, used = [], set()
    for gold in doc["toponyms"]:
        hits = [k for k, m in enumerate(mentions) if overlaps(gold["start"], gold["end"], m.start, m.end)]
        row = {"doc": doc["id"], "gold": gold, "found": bool(hits)}
        if hits:
            used.update(hits)
            place = mentions[hits[0]].value
            row["place"] = place
            row["km"] = (haversine_km(gold["latitude"], gold["longitude"], place.latitude, place.longitude)
                         if place.latitude is not None else math.inf)
        rows.append(row)
    rows.extend({"doc": doc["id"], "spurious": mentions[k]} for k in range(len(mentions)) if k not in used)
    return rows


def correct(row: dict, countries_by_code: bool) -> bool:
    if countries_by_code and row["gold"]["kind"] == "country":
        return (row["place"].iso or "").upper() == row["gold"]["country"]
    return row["km"] <= ACC_KM


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--errors", action="store_true", help="list misses, far resolutions and spurious mentions")
    args = parser.parse_args()
    if not args.gold.exists():
        print(f"gold file not found: {args.gold}", file=sys.stderr)
        return 2
    docs = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    resolver = GeoResolver(Gazetteer.open())
    rows = [row for doc in docs for row in score_document(resolver, doc)]
    gold = [r for r in rows if "gold" in r]
    found = [r for r in gold if r["found"]]
    spurious = [r for r in rows if "spurious" in r]
    print(f"{args.gold.name}: {len(docs)} documents, {len(gold)} gold toponyms")
    print(f"toponym recall     {len(found) / max(1, len(gold)):.3f}  ({len(found)}/{len(gold)})")
    print(f"toponym precision  {len(found) / max(1, len(found) + len(spurious)):.3f}  ({len(spurious)} spurious)")
    for label, by_code in (("Acc@161km of found", False), ("  countries by ISO code", True)):
        good = sum(correct(r, by_code) for r in found)
        print(f"{label:<22} {good / max(1, len(found)):.3f}  ({good}/{len(found)})")
    finite = [r["km"] for r in found if math.isfinite(r["km"])]
    if finite:
        print(f"median error km    {statistics.median(finite):.1f}")
    if args.errors:
        for r in gold:
            if not r["found"]:
                print(f"  miss   {r['doc']} {r['gold']['text']!r} ({r['gold']['kind']})")
            elif not correct(r, True):
                p = r["place"]
                print(f"  far    {r['doc']} {r['gold']['text']!r} -> {p.name}, {p.country} ({r['km']:.0f} km)")
        for r in spurious:
            m = r["spurious"]
            print(f"  extra  {r['doc']} {m.text!r} -> {m.value.name}, {m.value.country}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
