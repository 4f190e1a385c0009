"""Page load time of the Marsad web page with 10,000 events, in headless Chromium.

Builds a SQLite store of N generated events through the store API (cached between runs
in --db), serves it with uvicorn on 127.0.0.1, loads the page `--runs` times, each from
a freshly started server (cold caches) in a fresh browser context, and prints the median
time until the map, timeline, table and review queue are drawn (body[data-ready] and
all N events on the map).

    .venv/bin/python benchmarks/bench_web.py [--events 10000] [--runs 3] [--db PATH]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

from marsad.api import create_app
from marsad.api.sample import load_synthetic
from marsad.api.server import serve_in_background

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def build_database(path: Path, n_events: int) -> int:
    """Create (or reuse) a store with at least n_events events; returns the event count."""
    from marsad.dedupe import Deduplicator
    from marsad.store import Store

    store = Store.open(str(path))
    try:
        have = store.counts()["events"]
        if have < n_events:
            started = time.perf_counter()
            # Generate in rounds: the deduplicator may merge a few generated reports.
            seed = have + 1
            while (have := store.counts()["events"]) < n_events:
                load_synthetic(store, Deduplicator(), n_events - have, seed=seed)
                seed += 1
            print(f"built {have} events in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        return store.counts()["events"]
    finally:
        store.close()


def load_once(browser, base: str, n_events: int) -> float:
    """Seconds from navigation to a fully drawn page (fresh context: no cache)."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(120_000)
    started = time.perf_counter()
    page.goto(base + "/")
    page.wait_for_selector("body[data-ready='true']")
    page.wait_for_function(f"() => document.querySelector('svg.map-svg').dataset.events === '{n_events}'")
    elapsed = time.perf_counter() - started
    context.close()
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--db", type=Path, default=None, help="store to build/reuse (default: a temp file)")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"bench_web: {CHROMIUM} not found (apt-get install chromium)", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.sqlite"
        n_events = build_database(db, args.events)
        with sync_playwright() as p:
            with serve_in_background(create_app(str(db))) as base:
                for path in ("/events/points", "/events/timeline", "/events/facets", "/events?limit=50"):
                    started = time.perf_counter()
                    size = len(httpx.get(base + path, timeout=120).content)
                    print(f"cold {path}: {time.perf_counter() - started:.3f} s, {size / 1024:.0f} KiB",
                          file=sys.stderr)
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            times = []
            for _ in range(args.runs):  # a fresh server each time: no warm server-side cache
                with serve_in_background(create_app(str(db))) as base:
                    times.append(load_once(browser, base, n_events))
            browser.close()
    print(f"events: {n_events}; loads (s): {', '.join(f'{t:.3f}' for t in times)}")
    print(f"median page load with {n_events} events: {statistics.median(times):.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
