"""Deduplicator: assigns new event reports to existing events or new clusters, and merges them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from marsad.records import Event, EventReport, Source

from .cluster import (
    Clustering,
    PairScorer,
    agglomerate,
    candidate_pairs,
    canonical_order,
    mark_ambiguous_undated,
)
from .config import DedupeConfig, default_config
from .embedder import Embedder
from .merge import merge_reports


@dataclass(slots=True)
class Assignment:
    """Where one new report goes: an existing event (event_id) or a new cluster ("new:<k>")."""

    report_index: int
    event_id: str | None
    cluster: str
    score: float
    reasons: dict[str, object] = field(default_factory=dict)
    absorbs: list[str] = field(default_factory=list)  # existing events merged into event_id


class Deduplicator:
    """Storage-free deduplication: the store passes candidates in and persists what comes out."""

    def __init__(self, config: DedupeConfig | None = None, embedder: Embedder | None = None) -> None:
        self.config = config or default_config()
        self._embedder = embedder

    @property
    def embedder(self) -> Embedder:
        """The text embedder, loaded on first use (structural vetoes often make it unnecessary)."""
        if self._embedder is None:
            self._embedder = Embedder(config=self.config)
        return self._embedder

    def _cluster(self, items: Sequence[EventReport], event_of: Sequence[str | None],
                 new_count: int, explain: bool = True) -> Clustering:
        pairs = [p for p in candidate_pairs(items, self.config) if p[0] < new_count]
        scorer = PairScorer(items, self.config, lambda: self.embedder, explain)
        scores = mark_ambiguous_undated(items, scorer.score_all(pairs), self.config)
        return agglomerate(items, event_of, scores, self.config, scorer.score_all)

    def assign(self, reports: Sequence[EventReport], candidates: Sequence[Event]) -> list[Assignment]:
        """One Assignment per report, in input order. Two candidates are merged only when a new
        report links both (event_merge_threshold) and nothing vetoes them: the report's
        Assignment then names the event kept (event_id) and the ones it absorbs."""
        items: list[EventReport] = list(reports)
        event_of: list[str | None] = [None] * len(reports)
        for event in candidates:
            members = event.reports or [event.report]
            items.extend(members)
            event_of.extend([event.id] * len(members))
        clustering = self._cluster(items, event_of, len(reports))
        root_event = {root: found[0] for root, found in clustering.events.items()}
        labels = _new_labels(reports, clustering.root, root_event)
        out = []
        for i in range(len(reports)):
            root = clustering.root[i]
            event_id = root_event.get(root)
            link = clustering.best_link.get(i)
            out.append(Assignment(
                report_index=i, event_id=event_id, cluster=event_id or labels[root],
                score=round(link[0], 4) if link else 0.0,
                reasons=_reasons(i, link, clustering.nearest.get(i), items, event_of, len(reports)),
                absorbs=clustering.events.get(root, [])[1:],
            ))
        return out

    def cluster(self, reports: Sequence[EventReport]) -> list[list[int]]:
        """Batch clustering: lists of report indices, each an event, in canonical order.

        Unlike assign(), the text feature is only computed where it can change a decision."""
        clustering = self._cluster(list(reports), [None] * len(reports), len(reports), explain=False)
        groups: dict[int, list[int]] = {}
        for i in canonical_order(reports):
            groups.setdefault(clustering.root[i], []).append(i)
        return [sorted(g) for g in groups.values()]

    def merge(self, reports: Sequence[EventReport], sources: Sequence[Source]) -> EventReport:
        """The canonical report of an event (policy in docs/dedupe.md)."""
        return merge_reports(reports, sources, self.config)


def _new_labels(reports: Sequence[EventReport], root: Sequence[int], root_event: dict) -> dict[int, str]:
    """"new:<k>" numbered by each new cluster's first report in content order."""
    labels: dict[int, str] = {}
    for i in canonical_order(reports):
        r = root[i]
        if r not in root_event and r not in labels:
            labels[r] = f"new:{len(labels)}"
    return labels


def _partner(j: int, items: Sequence[EventReport], event_of: Sequence[str | None], new_count: int) -> str:
    """The report a link went to: a new report by its document (a batch holds several), or an event."""
    return f"document:{items[j].doc_id}" if j < new_count else f"event:{event_of[j]}"


def _reasons(i: int, link, nearest, items: Sequence[EventReport], event_of: Sequence[str | None],
             new_count: int) -> dict[str, object]:
    """Per-feature scores of the link that placed the report, or of its nearest rejected match."""
    if link:
        return {"decision": "joined", "partner": _partner(link[1], items, event_of, new_count), **link[2].reasons()}
    if nearest:
        score, j, result = nearest
        return {"decision": "new", "nearest": _partner(j, items, event_of, new_count),
                "nearest_score": round(score, 4), **result.reasons()}
    return {"decision": "new", "nearest": None}


def cluster_reports(reports: Sequence[EventReport], config: DedupeConfig | None = None,
                    embedder: Embedder | None = None) -> list[list[int]]:
    """Cluster many reports at once (blocked; used by the Dask engine and the benchmark)."""
    return Deduplicator(config, embedder).cluster(reports)
