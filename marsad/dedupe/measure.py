"""Measuring a clustering against a reference: pairwise merge precision/recall, inflation."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from itertools import combinations


def _pairs(clusters: Sequence[Sequence[Hashable]]) -> set[frozenset]:
    return {frozenset(p) for cluster in clusters for p in combinations(set(cluster), 2)}


def pairwise_scores(pred_clusters: Sequence[Sequence[Hashable]],
                    gold_clusters: Sequence[Sequence[Hashable]]) -> dict[str, float]:
    """Precision/recall/F1 of merged pairs, and inflation = predicted events / gold events.

    Items are any hashable ids; an item missing from one side counts as a singleton there.
    With no merged pairs on a side, the corresponding ratio is 1.0 (nothing claimed, nothing missed).
    """
    pred, gold = _pairs(pred_clusters), _pairs(gold_clusters)
    agreed = len(pred & gold)
    precision = agreed / len(pred) if pred else 1.0
    recall = agreed / len(gold) if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    items = {x for c in pred_clusters for x in c} | {x for c in gold_clusters for x in c}
    n_pred = _count_events(pred_clusters, items)
    n_gold = _count_events(gold_clusters, items)
    return {
        "precision": precision, "recall": recall, "f1": f1,
        "pred_events": float(n_pred), "gold_events": float(n_gold),
        "inflation": n_pred / n_gold if n_gold else 0.0,
    }


def _count_events(clusters: Sequence[Sequence[Hashable]], items: set) -> int:
    covered = {x for c in clusters for x in c}
    return sum(1 for c in clusters if c) + len(items - covered)
