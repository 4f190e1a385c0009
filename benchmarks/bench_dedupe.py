"""Benchmark: cluster 10,000 synthetic event reports; print median time of 3 runs and peak memory.

    .venv/bin/python benchmarks/bench_dedupe.py [--reports 10000] [--backend auto|ngram] [--noisy]
    .venv/bin/python benchmarks/bench_dedupe.py --noisy --incremental 1500 [--orders 4]

Synthetic ground truth (events reported by 1-3 outlets in ar/fr/en with jittered
coordinates and figures) also gives merge precision/recall and the inflation ratio.

--incremental N feeds the first N reports one document at a time through
Deduplicator.assign, as the store does (candidates: events of the same country within
window_days; a report's Assignment may also merge two events), in --orders document
orders (the generated order and shuffles), and prints precision/recall per order: the
order dependence of incremental clustering, with and without event merges.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import time
import tracemalloc
from dataclasses import replace
from datetime import date, timedelta

from marsad.dedupe import DedupeConfig, Deduplicator, Embedder, pairwise_scores
from marsad.records import Event, EventReport

TOWNS = {  # (iso, country): [(town, admin1, lat, lon)]
    ("ML", "Mali"): [("Boulkessi", "Mopti", 15.03, -1.93), ("Douentza", "Mopti", 15.00, -2.95),
                     ("Gao", "Gao", 16.27, -0.04), ("Menaka", "Menaka", 15.92, 2.40),
                     ("Niono", "Segou", 14.25, -5.99), ("Tessit", "Gao", 15.01, 0.97)],
    ("BF", "Burkina Faso"): [("Djibo", "Sahel", 14.10, -1.63), ("Dori", "Sahel", 14.04, -0.03),
                             ("Kaya", "Centre-Nord", 13.09, -1.08), ("Fada N'Gourma", "Est", 12.06, 0.36)],
    ("NE", "Niger"): [("Tillaberi", "Tillaberi", 14.21, 1.45), ("Diffa", "Diffa", 13.32, 12.61),
                      ("Ayorou", "Tillaberi", 14.73, 0.92), ("Tahoua", "Tahoua", 14.89, 5.26)],
    ("NG", "Nigeria"): [("Maiduguri", "Borno", 11.85, 13.16), ("Bama", "Borno", 11.52, 13.69),
                        ("Damaturu", "Yobe", 11.75, 11.96), ("Gombe", "Gombe", 10.29, 11.17),
                        ("Monguno", "Borno", 12.67, 13.61)],
    ("TD", "Chad"): [("N'Djamena", "N'Djamena", 12.11, 15.04), ("Bol", "Lac", 13.46, 14.71)],
    ("CM", "Cameroon"): [("Maroua", "Extreme-Nord", 10.59, 14.32), ("Kolofata", "Extreme-Nord", 11.17, 14.01)],
}
TYPES = [("Battles", "Armed clash"), ("Violence against civilians", "Attack"),
         ("Explosions/Remote violence", "Suicide bomb"), ("Protests", "Peaceful protest"),
         ("Violence against civilians", "Abduction/forced disappearance")]
ACTORS = ["JNIM: Group for Support of Islam and Muslims", "Islamic State (Sahel)",
          "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad", "Islamic State (West Africa)"]
PLACES = [(key, town) for key, towns in TOWNS.items() for town in towns]
START = date(2023, 1, 1)
TEMPLATES = {
    "ar": "قتل {n} أشخاص في هجوم على {town} يوم {day}، بحسب مصادر محلية",
    "fr": "{n} personnes ont été tuées lors d'une attaque à {town} le {day}, selon des sources locales",
    "en": "{n} people were killed in an attack on {town} on {day}, local sources said",
}


def synthetic_reports(count: int, seed: int = 1) -> tuple[list[EventReport], list[list[int]]]:
    """`count` reports of fewer real events; returns reports and the true clusters."""
    rng = random.Random(seed)
    reports: list[EventReport] = []
    truth: list[list[int]] = []
    while len(reports) < count:
        (iso, country), (town, admin1, lat, lon) = rng.choice(PLACES)
        event_type, sub_type = rng.choice(TYPES)
        day = START + timedelta(days=rng.randrange(365))
        actor = rng.choice(ACTORS)
        killed = rng.randint(0, 40)
        cluster = []
        for _ in range(min(rng.choice((1, 1, 2, 2, 3, 4)), count - len(reports))):
            language = rng.choice(list(TEMPLATES))
            coarse = rng.random() < 0.1
            cluster.append(len(reports))
            reports.append(EventReport(
                doc_id=f"doc-{len(reports)}", event_type=event_type, sub_event_type=sub_type,
                date=day.isoformat(), time_precision=1, country=country, iso=iso, admin1=admin1,
                location=admin1 if coarse else town, latitude=lat + rng.uniform(-0.02, 0.02),
                longitude=lon + rng.uniform(-0.02, 0.02), geo_precision=3 if coarse else 1,
                actor1=actor if rng.random() < 0.8 else f"Unidentified Armed Group ({country})",
                fatalities=max(0, killed + rng.randint(-2, 2)), language=language,
                evidence=TEMPLATES[language].format(n=killed, town=town, day=day.isoformat()),
            ))
        truth.append(cluster)
    return reports, truth


# Coder-like noise for --noisy: how outlets and an automatic coder tell one event differently.
RELATED = {"Suicide bomb": "Remote explosive/landmine/IED", "Armed clash": "Armed clash",
           "Attack": "Attack", "Peaceful protest": "Peaceful protest",
           "Abduction/forced disappearance": "Abduction/forced disappearance"}
NOISY_TEMPLATES = {
    "ar": ["قتل {n} أشخاص في هجوم على {town} يوم {day}، بحسب مصادر محلية",
           "أعلنت السلطات مقتل {n} في {town}، وقالت إن مسلحين نفذوا الهجوم",
           "شهدت منطقة {town} أعمال عنف أسفرت عن سقوط {n} قتلى"],
    "fr": ["{n} personnes ont été tuées lors d'une attaque à {town} le {day}, selon des sources locales",
           "Des hommes armés ont fait {n} morts à {town}, a annoncé le gouvernement",
           "Violences meurtrières à {town} : au moins {n} victimes"],
    "en": ["{n} people were killed in an attack on {town} on {day}, local sources said",
           "Gunmen killed at least {n} in {town}, officials said",
           "Violence in {town} left {n} dead, according to residents"],
}


def _date_source(provenance: random.Random, day_off: bool, precision: int) -> str:
    """Where the coder took the date from: the publication week, else an earlier sentence of the
    paragraph for half the dates a day off and a tenth of the right ones, else the event's clause."""
    if precision == 2:
        return "published"
    return "paragraph" if provenance.random() < (0.5 if day_off else 0.1) else "stated"


def _noisy_report(rng: random.Random, doc: str, event: dict, provenance: random.Random) -> EventReport:
    """One outlet's report of `event`, with the errors an automatic coder makes. `provenance`
    draws the date source apart from `rng`, so the reports are otherwise those of older versions."""
    (iso, country), (town, admin1, lat, lon) = event["where"]
    day, precision = event["day"], 1
    roll = rng.random()
    if roll < 0.1:
        day += timedelta(days=rng.choice((-1, 1)))  # "yesterday" told from another publication day
    elif roll < 0.2:
        precision = 2  # no date in the text: the publication week
    place = rng.random()
    location, precision_geo = ((town, 1) if place < 0.75 else (admin1, 3) if place < 0.9 else (country, 3))
    actor = rng.random()
    actor1 = (event["actor"] if actor < 0.6 else f"Unidentified Armed Group ({country})" if actor < 0.85
              else rng.choice(ACTORS) if actor < 0.95 else None)
    targets = [f"Civilians ({country})", f"Military Forces of {country}"]
    actor2 = event["target"] if rng.random() < 0.7 else rng.choice(targets)
    sub_type = event["sub_type"] if rng.random() < 0.85 else RELATED[event["sub_type"]]
    killed = 0 if rng.random() < 0.2 else max(1, round(event["killed"] * rng.uniform(0.4, 1.0)))
    language = rng.choice(list(NOISY_TEMPLATES))
    evidence = rng.choice(NOISY_TEMPLATES[language]).format(n=killed or "", town=location, day=day.isoformat())
    jitter = 0.02 if precision_geo == 1 else 0.0
    return EventReport(
        doc_id=doc, event_type=event["type"], sub_event_type=sub_type, date=day.isoformat(),
        time_precision=precision, country=country, iso=iso, admin1=admin1, location=location,
        latitude=lat + rng.uniform(-jitter, jitter), longitude=lon + rng.uniform(-jitter, jitter),
        geo_precision=precision_geo, actor1=actor1, actor2=actor2, fatalities=killed,
        language=language, evidence=evidence,
        date_source=_date_source(provenance, day != event["day"], precision))


def noisy_reports(count: int, seed: int = 1) -> tuple[list[EventReport], list[list[int]]]:
    """Like synthetic_reports, with coder-like noise (a day off, coarse places, generic or wrong
    actors, related sub-types, partial tolls) and hard negatives: a fifth of the events have a
    sibling event in the same town, of the same type, on the next day. A date a day off was more
    often inferred (from the paragraph) than told with the event."""
    rng, provenance = random.Random(seed), random.Random(seed + 1)
    reports: list[EventReport] = []
    truth: list[list[int]] = []
    while len(reports) < count:
        where = rng.choice(PLACES)
        event_type, sub_type = rng.choice(TYPES)
        first = {"where": where, "type": event_type, "sub_type": sub_type, "actor": rng.choice(ACTORS),
                 "target": rng.choice([f"Civilians ({where[0][1]})", f"Military Forces of {where[0][1]}"]),
                 "day": START + timedelta(days=rng.randrange(365)), "killed": rng.randint(1, 40)}
        events = [first]
        if rng.random() < 0.2:
            events.append({**first, "day": first["day"] + timedelta(days=1), "killed": rng.randint(1, 40),
                           "actor": rng.choice(ACTORS)})
        for event in events:
            cluster = []
            for _ in range(min(rng.choice((1, 2, 2, 3, 4, 5)), count - len(reports))):
                cluster.append(len(reports))
                reports.append(_noisy_report(rng, f"doc-{len(reports)}", event, provenance))
            if cluster:
                truth.append(cluster)
    return reports, truth


def incremental_clusters(reports: list[EventReport], deduper: Deduplicator) -> list[list[int]]:
    """Clusters from feeding `reports` one document at a time, as the store does (in memory)."""
    members: dict[str, list[int]] = {}
    by_country: dict[str, dict[str, None]] = {}
    window = deduper.config.window_days
    for i, report in enumerate(reports):
        day = date.fromisoformat(report.date).toordinal()
        near = [e for e in by_country.get(report.iso or "", ()) if e in members and any(
            abs(date.fromisoformat(reports[k].date).toordinal() - day) <= window for k in members[e])]
        candidates = [Event(id=e, report=reports[members[e][0]], reports=[reports[k] for k in members[e]])
                      for e in near]
        [assignment] = deduper.assign([report], candidates)
        target = assignment.event_id or f"e{i}"
        for absorbed in assignment.absorbs:
            members[target].extend(members.pop(absorbed))
        members.setdefault(target, []).append(i)
        by_country.setdefault(report.iso or "", {})[target] = None
    return list(members.values())


def incremental(reports: list[EventReport], truth: list[list[int]], config: DedupeConfig,
                backend: str, orders: int) -> None:
    """Precision/recall of incremental clustering over several document orders."""
    embedder = Embedder(backend=backend, config=config)
    for name, variant in (("event merge", config), ("no event merge", replace(config, event_merge_threshold=None))):
        runs = []
        for seed in range(orders):
            order = list(range(len(reports)))
            if seed:
                random.Random(seed).shuffle(order)
            clusters = incremental_clusters([reports[k] for k in order], Deduplicator(variant, embedder))
            runs.append(pairwise_scores([[order[k] for k in c] for c in clusters], truth))
        print(f"{name:>15}: " + "  ".join(f"P {r['precision']:.3f} R {r['recall']:.3f} infl {r['inflation']:.2f}"
                                          for r in runs))
        print(f"{'':>15}  mean P {statistics.mean(r['precision'] for r in runs):.3f} "
              f"R {statistics.mean(r['recall'] for r in runs):.3f} "
              f"inflation {statistics.mean(r['inflation'] for r in runs):.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--backend", default="auto", choices=["auto", "embedding", "ngram"])
    parser.add_argument("--noisy", action="store_true", help="coder-like noise and hard negatives (noisy_reports)")
    parser.add_argument("--incremental", type=int, metavar="N", help="feed N reports one at a time instead")
    parser.add_argument("--orders", type=int, default=4, help="document orders for --incremental")
    args = parser.parse_args()
    reports, truth = (noisy_reports if args.noisy else synthetic_reports)(args.incremental or args.reports)
    config = DedupeConfig.load()
    if args.incremental:
        incremental(reports, truth, config, args.backend, args.orders)
        return
    timings, cpu_times, clusters = [], [], []
    tracemalloc.start()
    for _ in range(3):
        embedder = Embedder(backend=args.backend, config=config)  # fresh cache each run; model load excluded
        began, cpu_began = time.perf_counter(), time.process_time()
        clusters = Deduplicator(config, embedder).cluster(reports)
        timings.append(time.perf_counter() - began)
        cpu_times.append(time.process_time() - cpu_began)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    scores = pairwise_scores(clusters, truth)
    print(f"reports: {len(reports)}  true events: {len(truth)}  clusters: {len(clusters)}  "
          f"text backend: {embedder.kind}")
    print(f"clustering time: median {statistics.median(timings):.2f} s of 3 runs "
          f"({', '.join(f'{t:.2f}' for t in timings)}); CPU time median {statistics.median(cpu_times):.2f} s; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"peak traced memory: {peak / 2**20:.1f} MiB; max RSS: "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    print(f"merge precision {scores['precision']:.3f}  recall {scores['recall']:.3f}  "
          f"inflation {scores['inflation']:.3f}")


if __name__ == "__main__":
    main()
