"""Dedupe on the development gold (../shared/eval/dev_ar.gold.jsonl), read at test time only.

Gold events of all articles are turned into EventReports and clustered across
articles. The reference clustering is a hand-free heuristic derivable from the gold
itself: events of different articles with the same country, date, location, event type
and sub-event type are the same real event (the k-th such event of each article joins
the k-th of the others, since one article's events are distinct by construction).
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from marsad.dedupe import Deduplicator, Embedder, pairwise_scores
from marsad.dedupe.normalise import fold
from marsad.records import EventReport

GOLD = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev_ar.gold.jsonl"

pytestmark = pytest.mark.shared


def gold_reports() -> list[EventReport]:
    if not GOLD.exists():
        pytest.skip(f"development gold not found at {GOLD} (../shared is absent)")
    reports = []
    with GOLD.open(encoding="utf-8") as handle:
        for line in handle:
            article = json.loads(line)
            for event in article.get("events", []):
                reports.append(EventReport(
                    doc_id=article["id"], event_type=event["event_type"], sub_event_type=event["sub_event_type"],
                    date=event.get("date"), time_precision=event.get("time_precision") or 1,
                    country=event.get("country"), admin1=event.get("admin1"), location=event.get("location"),
                    geo_precision=event.get("geo_precision") or 1, actor1=event.get("actor1"),
                    actor2=event.get("actor2"), fatalities=int(event.get("fatalities") or 0),
                    modality=event.get("modality") or "asserted", evidence=event.get("evidence") or "",
                    language="ar",
                ))
    return reports


def heuristic_gold_clusters(reports: list[EventReport]) -> list[list[int]]:
    """Same (country, date, location, type, sub-type) across articles = same event."""
    def key(r: EventReport) -> tuple:
        return (r.country, r.date, fold(r.location or "", {}), r.event_type, r.sub_event_type)

    occurrence: dict[tuple, int] = defaultdict(int)
    clusters: dict[tuple, list[int]] = defaultdict(list)
    for i, r in enumerate(reports):
        k = (*key(r), r.doc_id)
        clusters[(key(r), occurrence[k])].append(i)
        occurrence[k] += 1
    return list(clusters.values())


def test_dev_gold_clusters_across_articles():
    reports = gold_reports()
    predicted = Deduplicator(embedder=Embedder()).cluster(reports)
    reference = heuristic_gold_clusters(reports)
    scores = pairwise_scores(predicted, reference)
    print(f"\ndev_ar gold: {len(reports)} reports from {len({r.doc_id for r in reports})} articles -> "
          f"{len(predicted)} clusters; heuristic reference {len(reference)} events; "
          f"inflation {scores['inflation']:.2f}, merge precision {scores['precision']:.2f}, "
          f"recall {scores['recall']:.2f}")
    assert len(predicted) < len(reports)  # multi-outlet events were merged
    assert 0.8 <= scores["inflation"] <= 1.25
