"""Dedupe on the development set, end to end: the real pipeline vs the gold's real events.

    .venv/bin/python benchmarks/eval_dedupe_dev.py [--articles A.jsonl] [--gold G.jsonl] [--db PATH] [--show N]
                                                   [--orders 8]

1. `marsad run` codes ../shared/eval/dev_ar.articles.jsonl into a temporary SQLite
   database (read at run time only; nothing is copied into the project).
2. Reference ("real events"): the gold events of all articles clustered across articles.
   Two gold events are the same real event when they have the same country, the same
   sub_event_type, the same location (normalised: case, accents, spaces, hyphens and
   apostrophes ignored) and dates at most 1 day apart (publication lag and "yesterday"
   resolution). Links are taken closest dates first and transitively, but two events of
   one article never join (the annotation makes them distinct by construction).
   Gold events without a date never link.
3. Each system report is mapped to a gold event of its own article with
   marsad.evaluate.scoring.match_events (the detection rule of `marsad eval`); a matched
   report stands for that gold event's real event.
4. Figures:
   - inflation (matched): system events holding >= 1 matched report / real events with
     >= 1 matched report (what dedupe alone controls);
   - inflation (all real): the same system events / all real events (detection misses lower it);
   - inflation (all system): every system event / all real events (spurious reports raise it);
   - pairwise merge precision / recall over matched reports: a pair in the same system
     event vs a pair in the same real event.
5. --orders N: incremental clustering depends on the order documents arrive in. The coded
   reports are stored again into fresh stores in N orders (the file's and N-1 seeded
   shuffles; no re-coding), in batches of --batch-size documents (default: as `marsad run`;
   1 = one document at a time, as `marsad watch`), and the mean and lowest figures are printed.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from marsad.cli import main as marsad_main
from marsad.dedupe import Deduplicator, document_signature, pairwise_scores
from marsad.evaluate.scoring import match_events, normalise_name, parse_iso_date
from marsad.store import Store
from marsad.store.batch import DEFAULT_BATCH_DOCUMENTS, DocumentBatch

EVAL_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval"
DATE_SLACK_DAYS = 1


@dataclass(slots=True)
class GoldEvent:
    article: str
    index: int
    fields: dict

    @property
    def key(self) -> tuple:
        f = self.fields
        return (f.get("country"), f.get("sub_event_type"), normalise_name(f.get("location")))

    @property
    def day(self) -> date | None:
        return parse_iso_date(self.fields.get("date"))


def read_gold(path: Path) -> list[GoldEvent]:
    out: list[GoldEvent] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                article = json.loads(line)
                out.extend(GoldEvent(article["id"], i, e) for i, e in enumerate(article.get("events", [])))
    return out


def real_events(gold: list[GoldEvent]) -> list[int]:
    """Real-event label per gold event (see the module docstring for the rule)."""
    parent = list(range(len(gold)))
    articles = {i: {g.article} for i, g in enumerate(gold)}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    by_key: dict[tuple, list[int]] = defaultdict(list)
    for i, g in enumerate(gold):
        if g.day is not None and all(g.key):
            by_key[g.key].append(i)
    links = []
    for members in by_key.values():
        for a_pos, i in enumerate(members):
            for j in members[a_pos + 1:]:
                gap = abs((gold[i].day - gold[j].day).days)  # type: ignore[operator]
                if gap <= DATE_SLACK_DAYS and gold[i].article != gold[j].article:
                    links.append((gap, i, j))
    for _, i, j in sorted(links):
        ri, rj = find(i), find(j)
        if ri != rj and not (articles[ri] & articles[rj]):
            parent[rj] = ri
            articles[ri] |= articles.pop(rj)
    return [find(i) for i in range(len(gold))]


def run_pipeline(articles: Path, db: Path) -> float:
    began = time.perf_counter()
    status = marsad_main(["run", str(articles), "--db", str(db), "--quiet", "--no-progress"])
    if status != 0:
        print(f"warning: marsad run exited with status {status}", file=sys.stderr)
    return time.perf_counter() - began


def system_reports(db: Path) -> list[tuple[str, dict]]:
    """(event_id, contract dict) of every stored report."""
    with Store.open(str(db), create=False) as store:
        return [(event.id, r.contract()) for event in store.iter_events() for r in event.reports]


def evaluate(gold: list[GoldEvent], reports: list[tuple[str, dict]]) -> dict:
    real = real_events(gold)
    gold_by_article: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(gold):
        gold_by_article[g.article].append(i)
    reports_by_article: dict[str, list[int]] = defaultdict(list)
    for k, (_, r) in enumerate(reports):
        reports_by_article[r["doc_id"]].append(k)
    real_of_report: dict[int, int] = {}
    for article, gold_ids in gold_by_article.items():
        report_ids = reports_by_article.get(article, [])
        pairs = match_events([gold[i].fields for i in gold_ids], [reports[k][1] for k in report_ids])
        for gi, pi in pairs:
            real_of_report[report_ids[pi]] = real[gold_ids[gi]]
    system_clusters: dict[str, list[int]] = defaultdict(list)
    real_clusters: dict[int, list[int]] = defaultdict(list)
    for k, label in real_of_report.items():
        system_clusters[reports[k][0]].append(k)
        real_clusters[label].append(k)
    scores = pairwise_scores(list(system_clusters.values()), list(real_clusters.values()))
    n_real = len(set(real))
    return {
        "articles": len(gold_by_article), "gold_events": len(gold), "real_events": n_real,
        "multi_article_real_events": sum(
            1 for label in set(real) if len({gold[i].article for i, r in enumerate(real) if r == label}) > 1),
        "system_reports": len(reports), "matched_reports": len(real_of_report),
        "system_events": len({e for e, _ in reports}),
        "system_events_matched": len(system_clusters), "real_events_matched": len(real_clusters),
        "inflation_matched": len(system_clusters) / max(1, len(real_clusters)),
        "inflation_all_real": len(system_clusters) / max(1, n_real),
        "inflation_all_system": len({e for e, _ in reports}) / max(1, n_real),
        "merge_precision": scores["precision"], "merge_recall": scores["recall"], "merge_f1": scores["f1"],
        "split": _splits(real_clusters, reports), "wrong_merges": _wrong_merges(system_clusters, real_of_report),
    }


def _splits(real_clusters: dict[int, list[int]], reports: list[tuple[str, dict]]) -> list[dict]:
    """Real events whose matched reports landed in more than one system event."""
    out = []
    for members in real_clusters.values():
        events = {reports[k][0] for k in members}
        if len(events) > 1:
            first = reports[members[0]][1]
            out.append({"events": len(events), "reports": len(members), "sub_event_type": first["sub_event_type"],
                        "location": first["location"], "date": first["date"],
                        "report_places": sorted({f"{reports[k][1]['location']}/{reports[k][1]['date']}"
                                                 f"/{reports[k][1]['geo_precision']}" for k in members}),
                        "report_actors": sorted({f"{reports[k][1]['actor1']} | {reports[k][1]['actor2']}"
                                                 for k in members})})
    return sorted(out, key=lambda s: -s["reports"])


def _wrong_merges(system_clusters: dict[str, list[int]], real_of_report: dict[int, int]) -> list[dict]:
    return [{"event_id": e, "reports": len(m), "real_events": len({real_of_report[k] for k in m})}
            for e, m in system_clusters.items() if len({real_of_report[k] for k in m}) > 1]


def stored_inputs(db: Path) -> list[tuple]:
    """(document, its reports in report order) for every stored document, in ingestion order."""
    from marsad.store import codec
    from marsad.store.schema import documents, reports

    with Store.open(str(db), create=False) as store, store.engine.connect() as conn:
        by_doc: dict[str, list] = defaultdict(list)
        for row in conn.execute(reports.select().order_by(reports.c.doc_id, reports.c.report_index)):
            by_doc[row._mapping["doc_id"]].append(codec.report_from_row(row))
        ids = conn.scalars(sa.select(documents.c.id).order_by(documents.c.ingested_at, documents.c.id)).all()
        return [(store.get_document(doc_id), by_doc.get(doc_id, [])) for doc_id in ids]


def order_figures(gold: list[GoldEvent], inputs: list[tuple], orders: int, tmp: Path,
                  batch_size: int) -> list[dict]:
    """evaluate() after storing the same coded reports in `orders` document orders, in batches of
    `batch_size` documents as `marsad run --batch-size` does (1: one document at a time, as
    `marsad watch` does)."""
    deduper = Deduplicator()
    results = []
    for seed in range(orders):
        docs = list(inputs)
        if seed:
            random.Random(seed).shuffle(docs)
        db = tmp / f"order{seed}.sqlite"
        with Store.open(str(db)) as store:
            batch = DocumentBatch(store, deduper, batch_size)
            for doc, reports in docs:
                batch.add(doc, reports, document_signature(doc.text), [])
            batch.flush()
        results.append(evaluate(gold, system_reports(db)))
    return results


def print_orders(results: list[dict]) -> None:
    print(f"over {len(results)} document orders (file order first): mean (lowest)")
    for key in ("merge_precision", "merge_recall", "inflation_matched", "inflation_all_system"):
        values = [r[key] for r in results]
        print(f"  {key:<22} {statistics.mean(values):.3f} ({min(values):.3f})  "
              + " ".join(f"{v:.2f}" for v in values))


def print_table(result: dict, seconds: float, show: int) -> None:
    rows = [
        ("articles", result["articles"]),
        ("gold events (per article)", result["gold_events"]),
        ("real events (gold clustered across articles)", result["real_events"]),
        ("  of which told by >= 2 articles", result["multi_article_real_events"]),
        ("system reports", result["system_reports"]),
        ("system reports matched to a gold event", result["matched_reports"]),
        ("system canonical events (all)", result["system_events"]),
        ("system events with >= 1 matched report", result["system_events_matched"]),
        ("real events with >= 1 matched report", result["real_events_matched"]),
        ("inflation, matched (sys matched / real matched)", f"{result['inflation_matched']:.3f}"),
        ("inflation, sys matched / all real events", f"{result['inflation_all_real']:.3f}"),
        ("inflation, all sys events / all real events", f"{result['inflation_all_system']:.3f}"),
        ("pairwise merge precision (matched reports)", f"{result['merge_precision']:.3f}"),
        ("pairwise merge recall (matched reports)", f"{result['merge_recall']:.3f}"),
        ("pairwise merge F1", f"{result['merge_f1']:.3f}"),
        ("pipeline run time (s)", f"{seconds:.1f}"),
    ]
    width = max(len(name) for name, _ in rows)
    print("Dedupe on dev_ar: system canonical events vs gold real events")
    print("-" * (width + 12))
    for name, value in rows:
        print(f"{name:<{width}}  {value:>8}")
    print("-" * (width + 12))
    print(f"real events split over several system events: {len(result['split'])}; "
          f"system events mixing real events: {len(result['wrong_merges'])}")
    for split in result["split"][:show]:
        print(f"  split x{split['events']} ({split['reports']} reports) {split['sub_event_type']} "
              f"{split['location']} {split['date']}: {split['report_places']} {split['report_actors']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=Path, default=EVAL_DIR / "dev_ar.articles.jsonl")
    parser.add_argument("--gold", type=Path, default=EVAL_DIR / "dev_ar.gold.jsonl")
    parser.add_argument("--db", type=Path, help="keep the database here; an existing one is reused as is")
    parser.add_argument("--show", type=int, default=10, help="list this many split real events")
    parser.add_argument("--orders", type=int, default=0, help="also replay the reports in this many document orders")
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_DOCUMENTS,
                        help="documents deduplicated together in the replays (1 = one at a time)")
    args = parser.parse_args()
    for path in (args.articles, args.gold):
        if not path.exists():
            print(f"eval_dedupe_dev: {path}: not found (../shared/eval is absent)", file=sys.stderr)
            return 2
    seconds = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "dev.sqlite"
        if not db.exists():
            seconds = run_pipeline(args.articles, db)
        gold = read_gold(args.gold)
        result = evaluate(gold, system_reports(db))
        print_table(result, seconds, args.show)
        if args.orders:
            print_orders(order_figures(gold, stored_inputs(db), args.orders, Path(tmp), args.batch_size))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
