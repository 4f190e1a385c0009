"""`marsad watch FEEDS.yaml`: poll news feeds and code new articles as they arrive."""

from __future__ import annotations

import argparse
import datetime as dt
import sys


def register(subparsers) -> None:
    """Add the watch command."""
    from marsad.commands import DEFAULT_DB

    watch = subparsers.add_parser(
        "watch",
        help="poll RSS/Atom feeds and sitemaps, code and store new articles as they arrive",
        description="Poll the feeds listed in FEEDS.yaml on a schedule (conditional GET, robots.txt, "
        "a per-host rate limit, retries), extract each new article, code it and store its events. "
        "See docs/ingest.md for the file format.",
        epilog="examples:\n  marsad watch examples/feeds.yaml --db marsad.sqlite --once\n"
        "  marsad watch feeds.yaml --db postgresql://user@host/marsad --interval 600",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    watch.add_argument("feeds", metavar="FEEDS.yaml", help="the feeds to poll and the polling settings")
    watch.add_argument("--db", default=DEFAULT_DB, help=f"database path or URL (default {DEFAULT_DB})")
    watch.add_argument("--once", action="store_true", help="poll every feed once and exit (for cron)")
    watch.add_argument("--interval", type=float, metavar="SECONDS",
                       help="seconds between polls of a feed (default: the file's settings.interval, "
                            "else 900; a feed's own interval still wins)")
    watch.add_argument("--max-cycles", type=int, metavar="N",
                       help="stop after N cycles (default: run until Ctrl-C)")
    watch.add_argument("--gazetteer", help="gazetteer SQLite file (default: built and cached on first use)")
    watch.set_defaults(func=run_watch)


def run_watch(args) -> int:
    """Load the feed list, the coder and the store once, then cycle."""
    from marsad.commands import error, load_resources, open_store_for
    from marsad.dedupe import Deduplicator
    from marsad.ingest.feeds import ConfigError, load_config
    from marsad.ingest.fetch import Fetcher
    from marsad.ingest.watch import Coder, Watcher, WatchState

    try:
        config = load_config(args.feeds)
    except ConfigError as exc:
        error(str(exc))
        return 2
    if args.interval is not None:
        if args.interval <= 0:
            error("--interval must be positive")
            return 2
        config.settings.interval = args.interval
    max_cycles = 1 if args.once else args.max_cycles
    store = open_store_for(args)
    if store is None:
        return 2
    try:
        coder = Coder(store=store, resources=load_resources(args), deduper=Deduplicator())
        with Fetcher(config.settings) as fetcher:
            watcher = Watcher(config, WatchState(store.engine), fetcher, coder, echo=_log_line)
            reports = watcher.run(max_cycles)
    finally:
        store.close()
    return 1 if any(report.errors for report in reports) else 0


def _log_line(line: str) -> None:
    stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
    print(f"{stamp} {line}", file=sys.stdout, flush=True)
