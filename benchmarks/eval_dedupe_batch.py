"""Batch dedupe on the development set: all of a run's reports clustered together, order-free.

    .venv/bin/python benchmarks/eval_dedupe_dev.py --show 0 --db /tmp/dedupe4.sqlite   # code dev_ar once
    .venv/bin/python benchmarks/eval_dedupe_batch.py --db /tmp/dedupe4.sqlite [--show N] [--unmatched]

`marsad run` deduplicates the documents of a run together, in one `Deduplicator.assign` call
(canonical order: the result does not depend on the order documents arrive in). This script
takes the reports a coded database holds (re-code it whenever the coder changes), clusters
them all at once with `cluster_reports`, and measures the clustering against the gold's real
events with the rules of eval_dedupe_dev.py (matched reports only; inflation over matched and
all events). It then explains the errors:

- every system event mixing real events: its reports, and the pairs across the real events it
  mixes with their features (what joined them);
- every real event split over several system events: the pairs across the parts, with the veto
  or the score that kept them apart;
- with --unmatched, the system events holding no report matched to a gold event (the coder's
  false positives, which inflate the all-system ratio), with their document's matched reports.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from eval_dedupe_dev import EVAL_DIR, evaluate, read_gold, real_events, stored_inputs

from marsad.dedupe import Deduplicator, cluster_reports, default_config
from marsad.dedupe.cluster import PairScorer
from marsad.dedupe.features import PairScore
from marsad.evaluate.scoring import match_events
from marsad.records import EventReport


def batch_labels(reports: Sequence[EventReport]) -> list[str]:
    """System event label per report: the batch clustering of all reports at once."""
    labels = [""] * len(reports)
    for number, members in enumerate(cluster_reports(reports)):
        for i in members:
            labels[i] = f"e{number}"
    return labels


def gold_of_reports(gold, reports: Sequence[EventReport]) -> dict[int, tuple[str, int]]:
    """(article, gold index) of each report matched to a gold event of its own article."""
    gold_by_article: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(gold):
        gold_by_article[g.article].append(i)
    by_doc: dict[str, list[int]] = defaultdict(list)
    for k, r in enumerate(reports):
        by_doc[r.doc_id].append(k)
    out: dict[int, tuple[str, int]] = {}
    for article, gold_ids in gold_by_article.items():
        ids = by_doc.get(article, [])
        for gi, pi in match_events([gold[i].fields for i in gold_ids], [reports[k].contract() for k in ids]):
            out[ids[pi]] = (article, gold_ids[gi])
    return out


def describe(r: EventReport) -> str:
    return (f"{r.doc_id[-6:]} {r.sub_event_type} | {r.location}/{r.admin1} p{r.geo_precision} | "
            f"{r.date} t{r.time_precision} {r.date_source} | {r.actor1} ~ {r.actor2} | f{r.fatalities}")


def pair_text(result: PairScore) -> str:
    if result is None:
        return "not compared (another block or date range)"
    feats = " ".join(f"{k}={v:.2f}" for k, v in result.features.items())
    return f"veto={result.veto} {feats}" if result.veto else f"score={result.score:.3f} {feats}"


def explain_pairs(reports: Sequence[EventReport], pairs: list[tuple[int, int]]) -> dict:
    """Every feature of the given pairs (text included), as assign() would explain them."""
    deduper = Deduplicator()
    scorer = PairScorer(reports, deduper.config, lambda: deduper.embedder, explain=True)
    return scorer.score_all(sorted({(min(p), max(p)) for p in pairs}))


def print_errors(reports: Sequence[EventReport], labels: list[str], real_of: dict[int, int],
                 show: int) -> None:
    by_event: dict[str, list[int]] = defaultdict(list)
    by_real: dict[int, list[int]] = defaultdict(list)
    for k, real in real_of.items():
        by_event[labels[k]].append(k)
        by_real[real].append(k)
    wrong = [m for m in by_event.values() if len({real_of[k] for k in m}) > 1]
    splits = [m for m in by_real.values() if len({labels[k] for k in m}) > 1]
    wanted = [(x, y) for m in wrong for x in m for y in m if x < y and real_of[x] != real_of[y]]
    wanted += [(x, y) for m in splits for x in m for y in m if x < y and labels[x] != labels[y]]
    scored = explain_pairs(reports, wanted)
    print(f"\nsystem events mixing real events: {len(wrong)}")
    for m in wrong[:show]:
        print(f"- event {labels[m[0]]}: {len(m)} matched reports")
        for k in sorted(m, key=lambda k: real_of[k]):
            print(f"    real {real_of[k]:>3} #{k:<3} {describe(reports[k])}")
        for x, y in sorted((x, y) for x in m for y in m if x < y and real_of[x] != real_of[y]):
            print(f"    #{x}-#{y}: {pair_text(scored.get((x, y)))}")
    print(f"\nreal events split over several system events: {len(splits)}")
    for m in sorted(splits, key=len, reverse=True)[:show]:
        print(f"- real {real_of[m[0]]}: {len(m)} reports in {len({labels[k] for k in m})} events")
        for k in sorted(m, key=lambda k: labels[k]):
            print(f"    {labels[k]:>5} #{k:<3} {describe(reports[k])}")
        for x, y in sorted((x, y) for x in m for y in m if x < y and labels[x] != labels[y])[:12]:
            print(f"    #{x}-#{y}: {pair_text(scored.get((x, y)))}")


def print_unmatched(reports: Sequence[EventReport], labels: list[str], matched: set[int]) -> None:
    """System events without any matched report, with the matched reports of the same documents."""
    by_event: dict[str, list[int]] = defaultdict(list)
    for k, label in enumerate(labels):
        by_event[label].append(k)
    lonely = [m for m in by_event.values() if not matched & set(m)]
    print(f"\nsystem events with no matched report: {len(lonely)}")
    for m in lonely:
        for k in m:
            r = reports[k]
            print(f"  {labels[k]:>5} #{k:<3} {describe(r)}")
            print(f"          {r.evidence[:160]!r}")
            for j, other in enumerate(reports):
                if other.doc_id == r.doc_id and j in matched:
                    print(f"          same doc, matched: #{j} {labels[j]} {describe(other)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="a database coded by eval_dedupe_dev.py --db")
    parser.add_argument("--gold", type=Path, default=EVAL_DIR / "dev_ar.gold.jsonl")
    parser.add_argument("--show", type=int, default=20, help="list this many wrong merges and splits")
    parser.add_argument("--unmatched", action="store_true", help="list events holding no matched report")
    args = parser.parse_args()
    for path in (args.db, args.gold):
        if not path.exists():
            print(f"eval_dedupe_batch: {path}: not found", file=sys.stderr)
            return 2
    gold = read_gold(args.gold)
    reports = [r for _, rs in stored_inputs(args.db) for r in rs]
    labels = batch_labels(reports)
    result = evaluate(gold, [(labels[i], r.contract()) for i, r in enumerate(reports)])
    print(f"batch clustering of {len(reports)} reports (threshold {default_config().merge_threshold}):")
    for key in ("matched_reports", "system_events", "real_events", "merge_precision", "merge_recall",
                "merge_f1", "inflation_matched", "inflation_all_real", "inflation_all_system"):
        value = result[key]
        print(f"  {key:<22} {value:.3f}" if isinstance(value, float) else f"  {key:<22} {value}")
    if args.show or args.unmatched:
        real = real_events(gold)
        real_of = {k: real[gi] for k, (_, gi) in gold_of_reports(gold, reports).items()}
        if args.show:
            print_errors(reports, labels, real_of, args.show)
        if args.unmatched:
            print_unmatched(reports, labels, set(real_of))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
