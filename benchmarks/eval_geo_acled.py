"""Score the geoparser on ../shared/eval/acled_dev.csv (read at run time, never copied).

For each row, geoparse the English `notes` with the row's `source` as the outlet (as
`marsad eval --acled` does; --no-outlet leaves it out), take resolver.place_for_span over
the whole note, and compare with the row's country, admin1 and coordinates.

    .venv/bin/python benchmarks/eval_geo_acled.py [CSV] [--errors N] [--no-outlet]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

from marsad.geo import Gazetteer, GeoResolver
from marsad.geo.build import _strip_accents
from marsad.geo.resolver import haversine_km
from marsad.records import Place

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "acled_dev.csv"


def _same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and _strip_accents(a).casefold() == _strip_accents(b).casefold()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("csv", nargs="?", default=str(DEFAULT))
    parser.add_argument("--errors", type=int, default=0, help="print this many misses (to the terminal only)")
    parser.add_argument("--no-outlet", action="store_true", help="geoparse the notes without the row's source")
    args = parser.parse_args(argv)
    path = Path(args.csv)
    if not path.exists():
        print(f"eval_geo_acled: {path} not found (needs ../shared/eval)", file=sys.stderr)
        return 2
    resolver = GeoResolver(Gazetteer.open())
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    hits = {"country": 0, "admin1": 0, "25km": 0, "161km": 0, "placed": 0}
    misses = []
    started = time.perf_counter()
    for row in rows:
        notes = row["notes"]
        doc = resolver.resolve_document(notes, "en", outlet=None if args.no_outlet else row.get("source") or None)
        place = resolver.place_for_span(doc, 0, len(notes))
        if place is None:
            misses.append((row, None, None))
            continue
        hits["placed"] += 1
        gold = Place(name=row["location"], latitude=float(row["latitude"]), longitude=float(row["longitude"]),
                     country=row["country"])
        distance = haversine_km(place, gold)
        hits["country"] += _same(place.country, row["country"])
        hits["admin1"] += _same(place.admin1, row["admin1"])
        hits["25km"] += distance <= 25
        hits["161km"] += distance <= 161
        if distance > 25:
            misses.append((row, place, distance))
    elapsed = time.perf_counter() - started
    total = len(rows)
    print(f"rows {total}  placed {hits['placed'] / total:.3f}  country {hits['country'] / total:.3f}  "
          f"admin1 {hits['admin1'] / total:.3f}  acc@25km {hits['25km'] / total:.3f}  "
          f"acc@161km {hits['161km'] / total:.3f}  ({total / elapsed:.0f} notes/s)")
    for row, place, distance in misses[: args.errors]:
        got = f"{place.name} {place.admin1} {place.country} p{place.geo_precision} {distance:.0f}km" if place else "-"
        print(f"- gold {row['location']} ({row['admin1']}, {row['country']}) p{row['geo_precision']} | got {got}\n"
              f"    {row['notes'][:220]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
