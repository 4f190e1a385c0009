"""`marsad watch`: poll feeds on a schedule, code new articles as they arrive.

The poller's own state (conditional-GET validators per feed, article URLs
already handled) lives in two small tables in the same database as the events,
so a restarted watcher neither refetches unchanged feeds nor recodes articles.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa

from marsad.ingest.decode import UndecodableError, decode_bytes
from marsad.ingest.feeds import (
    FeedItem,
    FeedSpec,
    HostileFeedError,
    WatchConfig,
    is_sitemap_index,
    parse_feed,
)
from marsad.ingest.fetch import Fetcher, FetchError, RobotsDisallowedError, Validators
from marsad.records import Document

log = logging.getLogger("marsad.watch")
MAX_CHILD_SITEMAPS = 20
HTML_TYPES = ("text/html", "application/xhtml+xml", "")

state_metadata = sa.MetaData()
feed_state = sa.Table(
    "watch_feeds", state_metadata,
    sa.Column("url", sa.Text(), primary_key=True),
    sa.Column("etag", sa.Text()),
    sa.Column("last_modified", sa.Text()),
    sa.Column("polled_at", sa.DateTime(timezone=True)),
)
seen_articles = sa.Table(
    "watch_articles", state_metadata,
    sa.Column("url", sa.Text(), primary_key=True),
    sa.Column("feed_url", sa.Text()),
    sa.Column("content_hash", sa.Text()),  # None when the page held no article
    sa.Column("seen_at", sa.DateTime(timezone=True)),
)


class WatchState:
    """Validators and seen article URLs, in the store's database."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        state_metadata.create_all(engine, checkfirst=True)

    def validators(self, feed_url: str) -> Validators | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(feed_state.c.etag, feed_state.c.last_modified)
                               .where(feed_state.c.url == feed_url)).first()
        return Validators(row.etag, row.last_modified) if row else None

    def save_validators(self, feed_url: str, validators: Validators) -> None:
        values = {"etag": validators.etag, "last_modified": validators.last_modified, "polled_at": _now()}
        with self.engine.begin() as conn:
            updated = conn.execute(sa.update(feed_state).where(feed_state.c.url == feed_url).values(**values))
            if not updated.rowcount:
                conn.execute(sa.insert(feed_state).values(url=feed_url, **values))

    def seen(self, url: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(seen_articles.c.url).where(seen_articles.c.url == url)).first() is not None

    def mark_seen(self, url: str, feed_url: str, content_hash: str | None) -> None:
        with self.engine.begin() as conn:
            if conn.execute(sa.select(seen_articles.c.url).where(seen_articles.c.url == url)).first() is None:
                conn.execute(sa.insert(seen_articles).values(url=url, feed_url=feed_url, content_hash=content_hash,
                                                             seen_at=_now()))


@dataclass(slots=True)
class CycleReport:
    """What one polling cycle did, for the log line."""

    number: int
    feeds: int = 0
    new_articles: int = 0
    not_modified: int = 0
    errors: int = 0
    events: set[str] = field(default_factory=set)
    reports: int = 0
    skipped: int = 0

    def line(self) -> str:
        return (f"cycle {self.number}: {self.feeds} feeds, {self.new_articles} new articles, "
                f"{self.not_modified} not modified, {self.errors} errors, {len(self.events)} events")


@dataclass(slots=True)
class Coder:
    """Codes and stores documents: the store, the coder's Resources and a Deduplicator, loaded once."""

    store: object
    resources: object
    deduper: object


class Watcher:
    """Polls the feeds of a WatchConfig; `cycle()` runs one round, `run()` loops."""

    def __init__(self, config: WatchConfig, state: WatchState, fetcher: Fetcher, coder: Coder,
                 *, clock: Callable[[], float] = time.monotonic, echo: Callable[[str], None] = print,
                 warn: Callable[[str], None] | None = None) -> None:
        self.config = config
        self.state = state
        self.fetcher = fetcher
        self.coder = coder
        self.clock = clock
        self.echo = echo
        self.warn = warn or _stderr
        self._next_poll: dict[str, float] = {}
        self.cycles = 0

    def due_feeds(self) -> list[FeedSpec]:
        now = self.clock()
        return [feed for feed in self.config.feeds if self._next_poll.get(feed.url, 0.0) <= now]

    def cycle(self) -> CycleReport:
        """Poll every due feed once; code and store the new articles."""
        self.cycles += 1
        report = CycleReport(self.cycles)
        for feed in self.due_feeds():
            report.feeds += 1
            self._next_poll[feed.url] = self.clock() + (feed.interval or self.config.settings.interval)
            self._poll(feed, report)
        return report

    def run(self, max_cycles: int | None = None, sleep: Callable[[float], None] = time.sleep) -> list[CycleReport]:
        """Cycle until `max_cycles` (forever when None), sleeping until the next feed is due."""
        reports = []
        while max_cycles is None or len(reports) < max_cycles:
            report = self.cycle()
            reports.append(report)
            self.echo(report.line())
            if max_cycles is not None and len(reports) >= max_cycles:
                break
            wait = min(self._next_poll.values(), default=self.clock()) - self.clock()
            if wait > 0:
                sleep(wait)
        return reports

    # ------------------------------------------------------------------ one feed

    def _poll(self, feed: FeedSpec, report: CycleReport) -> None:
        settings = self.config.settings
        try:
            result = self.fetcher.fetch(feed.url, self.state.validators(feed.url), settings.max_feed_bytes)
            if result.not_modified:
                report.not_modified += 1
                return
            if result.status != 200:
                raise FetchError(f"{feed.url}: HTTP {result.status}")
            items = self._items(feed, result.content)
        except (FetchError, HostileFeedError) as exc:
            report.errors += 1
            self._error(f"feed {feed.url}: {exc}")
            return
        for item in items:
            if not self.state.seen(item.url):
                self._article(feed, item, report)
        # Validators are saved only after the items are handled, so a crash refetches the feed.
        self.state.save_validators(feed.url, result.validators)

    def _items(self, feed: FeedSpec, content: bytes) -> list[FeedItem]:
        limit = self.config.settings.max_items_per_feed
        kind = feed.kind
        if kind in (None, "sitemap") and is_sitemap_index(content):
            items: list[FeedItem] = []
            for child in parse_feed(content, "sitemap", MAX_CHILD_SITEMAPS):
                fetched = self.fetcher.fetch(child.url, None, self.config.settings.max_feed_bytes)
                if fetched.status == 200:
                    items.extend(parse_feed(fetched.content, "sitemap", limit))
            return items[:limit]
        return parse_feed(content, kind, limit)

    def _article(self, feed: FeedSpec, item: FeedItem, report: CycleReport) -> None:
        try:
            doc = self._fetch_document(feed, item)
        except RobotsDisallowedError as exc:
            report.skipped += 1
            self._error(f"article {exc}; skipped")
            self.state.mark_seen(item.url, feed.url, None)  # do not ask again every cycle
            return
        except FetchError as exc:  # not marked seen: tried again next cycle
            report.errors += 1
            self._error(f"article {item.url}: {exc}")
            return
        if doc is None:
            self.state.mark_seen(item.url, feed.url, None)
            return
        report.new_articles += 1
        self._store(doc, report)
        self.state.mark_seen(item.url, feed.url, doc.content_hash)

    def _fetch_document(self, feed: FeedSpec, item: FeedItem) -> Document | None:
        from marsad.ingest.html import html_to_document

        result = self.fetcher.fetch(item.url, None, self.config.settings.max_article_bytes)
        if result.status != 200:
            raise FetchError(f"HTTP {result.status}")
        if result.content_type not in HTML_TYPES and not result.content_type.startswith("text/"):
            self._error(f"article {item.url}: not a web page ({result.content_type}); skipped")
            return None
        try:
            html, _encoding = decode_bytes(result.content, declared=result.charset)
        except UndecodableError as exc:
            self._error(f"article {item.url}: {exc}")
            return None
        doc = html_to_document(html, doc_id="", origin=item.url, url=result.url)
        if doc is None:
            self._error(f"article {item.url}: no article text found; skipped")
            return None
        doc.id = doc.content_hash
        doc.outlet = feed.outlet or doc.outlet
        doc.language = feed.language or doc.language
        doc.published = doc.published or item.published
        doc.title = doc.title or item.title
        return doc

    def _store(self, doc: Document, report: CycleReport) -> None:
        from marsad.commands import Tally, safe_extract, store_one
        from marsad.store.batch import DocumentBatch

        tally = Tally()
        resources = self.coder.resources
        # A batch of one: the feed state marks the article seen right after, so it must be stored now.
        batch = DocumentBatch(self.coder.store, self.coder.deduper, size=1)
        store_one(doc, lambda d: safe_extract(d, resources, tally), batch, tally)
        report.events.update(batch.touched)
        report.reports += tally.reports
        report.skipped += tally.skipped + tally.near_duplicates
        report.errors += tally.failed

    def _error(self, message: str) -> None:
        log.info(message)
        self.warn(f"marsad watch: {message}")


def _stderr(message: str) -> None:
    import sys

    print(message, file=sys.stderr, flush=True)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
