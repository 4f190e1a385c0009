"""`marsad eval`: score the coder against gold articles or against ACLED's own coding of its notes."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from marsad.evaluate import render
from marsad.evaluate.io import EvalInputError, read_acled, read_gold, read_predictions
from marsad.evaluate.scoring import best_report, group_by_doc, score_acled, score_gold
from marsad.records import Document

DESCRIPTION = """\
Score event extraction.

  marsad eval --gold GOLD.jsonl --pred PRED.jsonl      score predictions written by `marsad extract`
  marsad eval --gold GOLD.jsonl --articles DIR|FILE    run the coder on the articles, then score
  marsad eval --acled FILE.csv --limit 500             code each ACLED row's notes, compare to ACLED's coding

  marsad eval --gold samples/gold.jsonl --articles samples/corpus   try it on the bundled samples

Gold files have one article per line: {"id", "article_date", "events": [...]}, each event
with at least event_type and sub_event_type (format: docs/evaluation.md). A predicted event
matches a gold event of the same event_type whose place is compatible (same location or
admin1 name, or within 25 km) and whose date is within 2 days; each gold event matches at
most once. --articles takes gold ids from document ids, else from file names.
"""

MAX_ERRORS_SHOWN = 5


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "eval", help="score extraction against gold events or ACLED coding",
        description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--gold", type=Path, help="gold events, one article per line (docs/evaluation.md)")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--pred", type=Path, help="predicted event reports, extraction-contract JSON lines")
    source.add_argument("--articles", type=Path, help="articles to code (JSONL file, text/HTML file or directory)")
    parser.add_argument("--acled", type=Path, help="ACLED CSV: code each row's notes and compare")
    parser.add_argument("--limit", type=int, help="ACLED mode: score only N rows (default: all; the first N unless --sample-seed)")
    parser.add_argument("--sample-seed", type=int, help="ACLED mode: sample the N rows at random with this seed")
    parser.add_argument("--per-doc", action="store_true", help="gold mode: add a per-article breakdown")
    parser.add_argument("--json", action="store_true", help="print the scores as one JSON object")
    parser.set_defaults(func=run_eval)


def run_eval(args: argparse.Namespace) -> int:
    """Dispatch on the chosen mode; bad inputs print one line and return 2."""
    problem = _usage_problem(args)
    if problem:
        print(f"marsad eval: error: {problem}", file=sys.stderr)
        return 2
    try:
        if args.acled:
            return _run_acled(args)
        return _run_gold(args)
    except EvalInputError as exc:
        print(f"marsad eval: error: {exc}", file=sys.stderr)
        return 2


def _usage_problem(args: argparse.Namespace) -> str | None:
    if args.acled and args.gold:
        return "use either --acled or --gold, not both"
    if args.acled:
        if args.limit is not None and args.limit < 1:
            return "--limit must be a positive number"
        return None
    if not args.gold:
        return "give --gold GOLD.jsonl with --pred or --articles, or --acled FILE.csv"
    if not (args.pred or args.articles):
        return "--gold needs --pred PRED.jsonl or --articles PATH"
    return None


# ----------------------------------------------------------------------------- gold mode

def _run_gold(args: argparse.Namespace) -> int:
    gold = {a.id: a.events for a in read_gold(args.gold)}
    errors: list[str] = []
    if args.pred:
        predictions = group_by_doc(read_predictions(args.pred))
    else:
        predictions, errors = _code_articles(args.articles, set(gold), show_progress=not args.json)
    result = score_gold(gold, predictions)
    if args.json:
        payload = result.to_dict()
        if not args.per_doc:
            payload.pop("per_doc")
        payload["errors"] = errors
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        render.print_gold(result, per_doc=args.per_doc)
        render.print_errors(errors, MAX_ERRORS_SHOWN)
    return 0


def _code_articles(path: Path, gold_ids: set[str], show_progress: bool) -> tuple[dict[str, list[dict]], list[str]]:
    """Read and code the articles with the pipeline; reports keyed by gold id."""
    if not path.exists():
        raise EvalInputError(path, "no such file or directory")
    documents, errors = _read_documents(path)
    pipeline, resources = _load_coder()
    predictions: dict[str, list[dict]] = {}
    for doc in render.progress(documents, "coding articles", enabled=show_progress):
        doc_id = _gold_id(doc, gold_ids)
        reports, error = _extract(pipeline, doc, resources)
        if error:
            errors.append(f"{doc_id}: {error}")
        predictions.setdefault(doc_id, []).extend({**r, "doc_id": doc_id} for r in reports)
    unread = sorted(gold_ids - set(predictions))
    if unread:
        errors.append(f"{len(unread)} gold article(s) have no input document, scored as empty: {', '.join(unread[:5])}")
    return predictions, errors


def _gold_id(doc: Document, gold_ids: set[str]) -> str:
    """The gold id a document stands for: its own id, else its file stem (samples/corpus names)."""
    if doc.id in gold_ids or not doc.origin:
        return doc.id
    stem = Path(doc.origin.split(":")[0]).stem
    return stem if stem in gold_ids else doc.id


def _load_coder() -> tuple[Any, Any]:
    """The pipeline module and its loaded Resources; a missing stage is a one-line error."""
    try:
        from marsad import pipeline

        return pipeline, pipeline.Resources.load()
    except (ImportError, OSError) as exc:
        raise EvalInputError("marsad.pipeline", f"the extraction pipeline is not available ({exc})") from None


def _read_documents(path: Path) -> tuple[list[Document], list[str]]:
    """Documents from a file or directory via marsad.ingest; unreadable inputs become messages."""
    try:
        from marsad.ingest import read_inputs
    except ImportError as exc:
        raise EvalInputError("marsad.ingest", f"the article reader is not available ({exc})") from None
    documents: list[Document] = []
    errors: list[str] = []
    for item in read_inputs([path]):
        if isinstance(item, Document):
            documents.append(item)
        else:
            errors.append(str(item))
    return documents, errors


def _extract(pipeline: Any, doc: Document, resources: Any) -> tuple[list[dict[str, Any]], str | None]:
    """Contract dicts of one document's reports; a pipeline failure is reported, not fatal."""
    try:
        return [r.contract() for r in pipeline.extract_document(doc, resources)], None
    except Exception as exc:  # one bad document must not end a long evaluation
        return [], f"{type(exc).__name__}: {exc}"


# ----------------------------------------------------------------------------- ACLED mode

def _run_acled(args: argparse.Namespace) -> int:
    rows = read_acled(args.acled, args.limit, args.sample_seed)
    if not rows:
        raise EvalInputError(args.acled, "no rows to score")
    pipeline, resources = _load_coder()
    started = time.perf_counter()
    chosen, errors = _choose_reports(rows, lambda doc: _extract(pipeline, doc, resources), not args.json)
    seconds = time.perf_counter() - started
    result = score_acled(rows, chosen)
    if args.json:
        payload = result.to_dict()
        payload.update(seconds=round(seconds, 2), rows_per_second=round(len(rows) / seconds, 2) if seconds else None,
                       errors=errors)
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        render.print_acled(result, seconds)
        render.print_errors(errors, MAX_ERRORS_SHOWN)
    return 0


def acled_document(row: dict[str, str]) -> Document:
    """An ACLED row's notes as an English document dated on the event date. Its outlet is the
    row's `source` (outlets separated by ";"), as an article's outlet is known in production."""
    return Document(
        id=row["event_id_cnty"], text=row.get("notes") or "", language="en",
        published=row.get("event_date") or None, outlet=row.get("source") or None,
    )


def _choose_reports(
    rows: Sequence[dict[str, str]],
    extract: Callable[[Document], tuple[list[dict[str, Any]], str | None]],
    show_progress: bool,
) -> tuple[list[dict[str, Any] | None], list[str]]:
    chosen: list[dict[str, Any] | None] = []
    errors: list[str] = []
    for row in render.progress(rows, "coding ACLED notes", enabled=show_progress):
        reports, error = extract(acled_document(row))
        if error:
            errors.append(f"{row['event_id_cnty']}: {error}")
        chosen.append(best_report(row, reports))
    return chosen, errors


def main(argv: Iterable[str] | None = None) -> int:
    """Run `eval` on its own (used by tests and `python -m marsad.evaluate.cli`)."""
    parser = argparse.ArgumentParser(prog="marsad")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["eval", *(argv or [])])
    return run_eval(args)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
