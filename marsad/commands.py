"""`marsad extract` and `marsad run`: the main jobs."""

from __future__ import annotations

import argparse
import gc
import json
import signal
import sqlite3
import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from marsad.ingest import ReadError, read_inputs
from marsad.ingest.readers import SUPPORTED_SUFFIXES
from marsad.records import Document, EventReport

DEFAULT_DB = "marsad.sqlite"
# Seconds one document may take to code before it is given up (a pathological input must
# not stall a batch); a news article takes well under a second.
DOCUMENT_TIME_LIMIT_S = 120.0


def register(subparsers) -> None:
    """Add the extract and run commands."""
    extract = subparsers.add_parser(
        "extract",
        help="code articles and write one JSON object per event report",
        description="Code news articles (.txt, .html, .jsonl or directories of them) and write one "
        "JSON object per event report, per document, with no merging across documents.",
        epilog="examples:\n"
               "  marsad extract samples/corpus -o reports.jsonl\n"
               "  marsad extract article.txt | jq .event_type\n\n"
               "A .txt file's stem is its document id; an optional first line 'date YYYY-MM-DD Outlet'\n"
               "gives the publication date. A progress line is shown when stderr is a terminal.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    extract.add_argument("inputs", nargs="+", metavar="INPUT", help="files or directories to read")
    extract.add_argument("-o", "--output", default="-", help="output JSON Lines file ('-' = stdout, the default)")
    _common_options(extract)
    extract.set_defaults(func=run_extract)

    run = subparsers.add_parser(
        "run",
        help="ingest, code, deduplicate and store articles in a database",
        description="Ingest articles, code them, merge reports of the same event across sources, and "
        "store everything. Re-running on the same input adds nothing.",
        epilog="examples:\n"
               "  marsad run samples/corpus --db marsad.sqlite\n"
               "  marsad run news/ --db postgresql://user@host/marsad --quiet\n"
               "  marsad run news/ --engine dask --workers 4",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument("inputs", nargs="+", metavar="INPUT", help="files or directories to read")
    run.add_argument("--db", default=DEFAULT_DB, help=f"database path or URL (default {DEFAULT_DB}; "
                     "postgresql://... for PostgreSQL)")
    run.add_argument("--engine", choices=("local", "dask"), default="local",
                     help="run per-document stages in this process (default) or on a Dask cluster")
    run.add_argument("--scheduler", help="Dask scheduler address (default: a local cluster)")
    run.add_argument("--workers", type=int, default=2, help="workers of the local Dask cluster (default 2)")
    run.add_argument("--parquet", help="also write the canonical events to this (Geo)Parquet file")
    run.add_argument("--batch-size", type=positive_int, default=None, metavar="N",
                     help="store and deduplicate the coded documents together, N at a time (default 500): "
                          "within a batch the events do not depend on the order of the input files")
    run.add_argument("--quiet", action="store_true",
                     help="do not print the table of the latest 50 events (the summary line stays)")
    _common_options(run)
    run.set_defaults(func=run_run)


def _common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--gazetteer", help="gazetteer SQLite file (default: built and cached on first use)")
    parser.add_argument("--no-progress", action="store_true", help="do not show the progress line (shown only when stderr is a terminal)")
    parser.add_argument("--time-limit", type=float, default=DOCUMENT_TIME_LIMIT_S, metavar="SECONDS",
                        help=f"give up a document that takes longer than this to code (default "
                             f"{DOCUMENT_TIME_LIMIT_S:g}; 0 = no limit)")


def positive_int(text: str) -> int:
    """argparse type: a whole number >= 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}")
    return value


def error(message: str) -> None:
    """One line on stderr, never a traceback."""
    print(f"marsad: error: {message}", file=sys.stderr)


def one_line(exc: BaseException) -> str:
    """The first line of an exception's message (a driver's own message rather than SQLAlchemy's wrapper)."""
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def gazetteer_problem(path: str | None) -> str | None:
    """Why `path` must not be used as a gazetteer, or None.

    The gazetteer is (re)built over a file that is missing or out of date, so a mistyped
    --gazetteer (an article, the events database) would be overwritten: refuse instead.
    """
    if not path:
        return None
    target = Path(path)
    if target.is_dir():
        return f"{path}: is a directory, not a gazetteer file"
    if not target.is_file() or target.stat().st_size == 0:
        return None
    with target.open("rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            return f"{path}: not a gazetteer (not an SQLite file); refusing to overwrite it"
    try:
        with closing(sqlite3.connect(f"{target.resolve().as_uri()}?mode=ro", uri=True)) as con:
            tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.Error as exc:
        return f"{path}: unreadable SQLite file ({exc})"
    if tables and "places" not in tables:
        return f"{path}: not a gazetteer (an SQLite file with other tables); refusing to overwrite it"
    return None


@dataclass(slots=True)
class Tally:
    """What a batch did, for the summary and the exit status."""

    documents: int = 0
    failed: int = 0
    skipped: int = 0
    near_duplicates: int = 0
    reports: int = 0
    events: set[str] = field(default_factory=set)

    @property
    def status(self) -> int:
        return 1 if self.failed else 0


# Young objects the cyclic garbage collector lets pile up before it runs (Python's default is 700).
GC_YOUNG_THRESHOLD = 10_000


def load_resources(args):
    """The coder's resources; call gazetteer_problem(args.gazetteer) first.

    A batch then allocates many short-lived objects around a large, long-lived set of
    dictionaries and caches: with Python's default collector settings, scanning them took
    a fifth of the coding time. The loaded objects are frozen out of the collector's scans
    and young objects are collected less often (reference counting frees almost everything)."""
    from marsad.pipeline import Resources

    resources = Resources.load(args.gazetteer)
    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
    return resources


@contextmanager
def output_stream(path: str) -> Iterator[TextIO]:
    """A text stream for `-o`: stdout for '-', else a UTF-8 file."""
    if path == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    with open(path, "w", encoding="utf-8") as handle:
        yield handle


def documents(inputs: Iterable[str], tally: Tally) -> Iterator[Document]:
    """Documents of the inputs; read errors are reported and counted, not raised.

    A directory holding no readable article is an error too, so that a wrong path is
    not mistaken for a quiet day.
    """
    for path in inputs:
        found = False
        for item in read_inputs([path]):
            found = True
            if isinstance(item, ReadError):
                error(str(item))
                tally.failed += 1
            else:
                yield item
        if not found:
            error(f"{path}: no articles found (looked for {', '.join(SUPPORTED_SUFFIXES)} files)")
            tally.failed += 1


class DocumentTimeout(Exception):
    """Coding one document took longer than its time limit."""


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise DocumentTimeout in the block after `seconds` (SIGALRM; main thread on POSIX only).

    A no-op without a limit, off the main thread, or when another alarm is already armed
    (e.g. a test runner's timeout), which is left alone.
    """
    usable = (seconds and seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread()
              and signal.getitimer(signal.ITIMER_REAL)[0] == 0)
    if not usable:
        yield
        return

    def expire(_signum, _frame) -> None:
        raise DocumentTimeout(f"gave up after {seconds:g} s (--time-limit)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def safe_extract(doc: Document, resources, tally: Tally,
                 limit: float | None = DOCUMENT_TIME_LIMIT_S) -> list[EventReport] | None:
    """Code one document within `limit` seconds; a failure is one error line naming it, and
    the batch goes on."""
    from marsad.pipeline import extract_document

    try:
        with time_limit(limit):
            return extract_document(doc, resources)
    except DocumentTimeout as exc:
        error(f"{doc.origin or doc.id}: could not code this document: {exc}")
        tally.failed += 1
        return None
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop a batch
        error(f"{doc.origin or doc.id}: could not code this document ({type(exc).__name__}: {exc})")
        tally.failed += 1
        return None


def progress(items: Iterable, enabled: bool, label: str) -> Iterator:
    """Wrap an iterable in a progress display on stderr when it is a terminal."""
    if not enabled or not sys.stderr.isatty():
        yield from items
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("[bold]{task.description}"), TextColumn("{task.completed} documents"),
               TimeElapsedColumn())
    from rich.console import Console

    # On stderr: the bar must show when stdout is redirected (`-o - > reports.jsonl`).
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label)
        for item in items:
            yield item
            bar.advance(task)


def run_extract(args) -> int:
    """Write the extraction contract, one JSON object per event report."""
    tally = Tally()
    problem = gazetteer_problem(args.gazetteer)
    if problem:
        error(problem)
        return 2
    resources = load_resources(args)
    try:
        with output_stream(args.output) as out:
            for doc in progress(documents(args.inputs, tally), not args.no_progress, "coding"):
                tally.documents += 1
                reports = safe_extract(doc, resources, tally, getattr(args, "time_limit", DOCUMENT_TIME_LIMIT_S))
                for report in reports or []:
                    out.write(json.dumps(report.contract(), ensure_ascii=False) + "\n")
                    tally.reports += 1
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        error(f"cannot write {args.output}: {exc.strerror or exc}")
        return 2
    print(f"marsad: {tally.documents} documents, {tally.reports} event reports, {tally.failed} failed",
          file=sys.stderr)
    return tally.status


def open_store_for(args):
    """The database of `--db`, after checking `--gazetteer`; None (and one error line) if unusable."""
    from marsad.store import Store

    problem = gazetteer_problem(args.gazetteer)
    if problem:
        error(problem)
        return None
    try:
        return Store.open(args.db)
    except Exception as exc:  # noqa: BLE001 - a bad URL or unreachable server is one line
        error(f"cannot open database {args.db}: {one_line(exc)}")
        return None


def run_run(args) -> int:
    """Ingest, code, deduplicate and store; print a summary."""
    store = open_store_for(args)
    if store is None:
        return 2
    tally = Tally()
    try:
        if args.engine == "dask":
            from marsad.scale import run_on_dask

            run_on_dask(args, store, tally)
        else:
            store_documents(documents(args.inputs, tally), load_resources(args), store, tally,
                            show_progress=not args.no_progress,
                            limit=getattr(args, "time_limit", DOCUMENT_TIME_LIMIT_S), batch_size=args.batch_size)
        if args.parquet:
            from marsad.export import write_parquet
            from marsad.store import EventQuery

            write_parquet(store.iter_events(EventQuery()), args.parquet)
        _print_summary(store, tally, quiet=args.quiet)
    finally:
        store.close()
    return tally.status


def store_documents(docs: Iterable[Document], resources, store, tally: Tally, show_progress: bool = True,
                    limit: float | None = DOCUMENT_TIME_LIMIT_S, batch_size: int | None = None) -> None:
    """The in-process engine: code each new document; store and deduplicate them in batches."""
    from marsad.dedupe import Deduplicator
    from marsad.store.batch import DEFAULT_BATCH_DOCUMENTS, DocumentBatch

    batch = DocumentBatch(store, Deduplicator(), batch_size or DEFAULT_BATCH_DOCUMENTS)
    try:
        for doc in progress(docs, show_progress, "coding"):
            tally.documents += 1
            store_one(doc, lambda d: safe_extract(d, resources, tally, limit), batch, tally)
    except KeyboardInterrupt:
        batch.flush()  # keep what was coded before the interruption
        raise
    else:
        batch.flush()
    finally:
        tally.events.update(batch.touched)


def store_one(doc: Document, extract, batch, tally: Tally) -> None:
    """Code one document into `batch` (a DocumentBatch) unless it is already stored or a reprint."""
    from marsad.dedupe import band_keys, document_signature

    if batch.has_document(doc):
        tally.skipped += 1
        return
    signature = document_signature(doc.text)
    keys = band_keys(signature)
    original = batch.original_of(signature, keys)
    if original is not None:
        batch.add_reprint(doc, original, signature, keys)
        tally.near_duplicates += 1
        return
    reports = extract(doc)
    if reports is None:
        return
    batch.add(doc, reports, signature, keys)
    tally.reports += len(reports)


def _print_summary(store, tally: Tally, quiet: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(stderr=False, width=None if sys.stdout.isatty() else 160)
    if not quiet:
        from marsad.store import EventQuery

        events, total = store.query_events(EventQuery(limit=50, sort="-date"))
        table = Table(title=f"Events in the database ({total}; latest 50)", show_lines=False)
        for column in ("date", "type", "sub-event", "actor 1", "actor 2", "location", "country", "deaths", "src"):
            table.add_column(column, overflow="fold")
        for event in events:
            r = event.report
            table.add_row(r.date or "", r.event_type, r.sub_event_type, r.actor1 or "", r.actor2 or "",
                          r.location or "", r.country or "", str(r.fatalities), str(len(event.sources)))
        console.print(table)
    console.print(
        f"{tally.documents} documents read: {tally.documents - tally.skipped - tally.near_duplicates - tally.failed} "
        f"coded, {tally.skipped} already stored, {tally.near_duplicates} reprints linked, {tally.failed} failed; "
        f"{tally.reports} event reports → {len(tally.events)} events touched"
    )
