"""Feed lists (FEEDS.yaml) and feed parsing: RSS/Atom via feedparser, sitemaps via defusedxml.

Every feed body goes through defusedxml before any parser sees it, so entity
bombs ("billion laughs"), external entities and DTD tricks are refused: a
hostile feed costs one log line, never memory or a file read.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

import yaml
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from marsad.datafiles import load_yaml

FEED_KINDS = ("rss", "atom", "sitemap")
ALLOW_PRIVATE_ENV = "MARSAD_ALLOW_PRIVATE_FETCH"
DEFAULT_USER_AGENT = "Marsad/0.1 (+https://example.org/marsad; news event coder)"
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
_SITEMAP_NS = re.compile(r"^\{[^}]*\}")


class ConfigError(ValueError):
    """FEEDS.yaml is missing, unreadable or wrong; the message names the problem."""


class HostileFeedError(ValueError):
    """A feed body that uses XML entities, DTDs or external references: refused."""


@dataclass(slots=True)
class FeedSpec:
    """One feed to poll."""

    url: str
    kind: str | None = None  # rss | atom | sitemap; None = detect from the body
    outlet: str | None = None
    language: str | None = None
    interval: float | None = None  # seconds between polls of this feed (default: the global one)


@dataclass(slots=True)
class WatchSettings:
    """Global politeness and safety settings of `marsad watch`."""

    user_agent: str = DEFAULT_USER_AGENT
    interval: float = 900.0  # seconds between cycles
    rate_limit: float = 1.0  # requests per second per host
    timeout: float = 20.0  # seconds per request
    max_article_bytes: int = 5_000_000
    max_feed_bytes: int = 10_000_000
    retries: int = 3  # extra attempts on 5xx, 429 and timeouts
    backoff: float = 1.0  # first retry delay; doubles each attempt
    max_backoff: float = 60.0
    max_items_per_feed: int = 200
    respect_robots: bool = True
    allow_private: bool = False  # fetch from private, loopback and link-local addresses


@dataclass(slots=True)
class WatchConfig:
    settings: WatchSettings
    feeds: list[FeedSpec] = field(default_factory=list)


@dataclass(slots=True)
class FeedItem:
    """An article link found in a feed."""

    url: str
    title: str | None = None
    published: str | None = None  # ISO date YYYY-MM-DD


def env_allows_private() -> bool:
    return os.environ.get(ALLOW_PRIVATE_ENV, "").strip().lower() in ("1", "true", "yes")


def load_config(path: str | Path) -> WatchConfig:
    """Read FEEDS.yaml; raises ConfigError with a one-line message."""
    path = Path(path)
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid YAML ({str(exc).splitlines()[0]})") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("feeds"), list) or not raw["feeds"]:
        raise ConfigError(f"{path}: expected a mapping with a non-empty 'feeds' list")
    settings = _settings(raw.get("settings") or {}, path)
    feeds = [_feed(entry, index, path) for index, entry in enumerate(raw["feeds"], 1)]
    return WatchConfig(settings=settings, feeds=feeds)


def _settings(raw: Any, path: Path) -> WatchSettings:
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: 'settings' must be a mapping")
    settings = WatchSettings()
    for key, value in raw.items():
        if key not in WatchSettings.__dataclass_fields__:
            known = ", ".join(WatchSettings.__dataclass_fields__)
            raise ConfigError(f"{path}: unknown setting '{key}' (known: {known})")
        default = getattr(settings, key)
        try:
            value = _coerce(value, type(default))
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"{path}: setting '{key}' must be a {type(default).__name__}") from exc
        setattr(settings, key, value)
    if settings.rate_limit <= 0 or settings.timeout <= 0 or settings.interval <= 0:
        raise ConfigError(f"{path}: rate_limit, timeout and interval must be positive")
    settings.allow_private = settings.allow_private or env_allows_private()
    return settings


def _coerce(value: Any, kind: type) -> Any:
    if kind is bool:
        if isinstance(value, bool):
            return value
        raise TypeError(value)
    if kind is str:
        if not isinstance(value, str):
            raise TypeError(value)
        return value
    if isinstance(value, bool):
        raise TypeError(value)
    return kind(value)


def _feed(entry: Any, index: int, path: Path) -> FeedSpec:
    where = f"{path}: feed {index}"
    if isinstance(entry, str):
        entry = {"url": entry}
    if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
        raise ConfigError(f"{where}: needs a 'url'")
    url = entry["url"].strip()
    if not re.match(r"^https?://[^/\s]+", url):
        raise ConfigError(f"{where}: url must start with http:// or https:// ({url})")
    kind = entry.get("kind")
    if kind is not None and kind not in FEED_KINDS:
        raise ConfigError(f"{where}: kind must be one of {', '.join(FEED_KINDS)} (got {kind!r})")
    unknown = set(entry) - {"url", "kind", "outlet", "language", "interval"}
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    interval = entry.get("interval")
    try:
        interval = float(interval) if interval is not None else None
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{where}: interval must be a number of seconds") from exc
    return FeedSpec(url=url, kind=kind, outlet=entry.get("outlet"), language=entry.get("language"),
                    interval=interval)


# ---------------------------------------------------------------------- parsing


def check_safe_xml(data: bytes) -> None:
    """Raise HostileFeedError if the XML declares entities, a DTD with externals, or external references."""
    try:
        SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise HostileFeedError(f"refused hostile XML ({type(exc).__name__})") from exc
    except ParseError:
        # Malformed feeds are common and feedparser reads them leniently, but only
        # after we are sure nothing in them declares an entity.
        if _ENTITY_DECLARATION.search(data):
            raise HostileFeedError("refused malformed XML that declares entities") from None


def detect_kind(data: bytes) -> str:
    """rss, atom or sitemap, from the root element of the body."""
    head = data[:4096].lower()
    for marker, kind in ((b"<urlset", "sitemap"), (b"<sitemapindex", "sitemap"), (b"<feed", "atom"),
                         (b"<rss", "rss"), (b"<rdf:rdf", "rss")):
        if marker in head:
            return kind
    return "rss"


def parse_feed(data: bytes, kind: str | None = None, limit: int = 200) -> list[FeedItem]:
    """Article links of a feed body, newest first as the feed lists them. Raises HostileFeedError."""
    check_safe_xml(data)
    kind = kind or detect_kind(data)
    items = _parse_sitemap(data) if kind == "sitemap" else _parse_syndication(data)
    return items[:limit]


def _parse_syndication(data: bytes) -> list[FeedItem]:
    import feedparser

    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    items = []
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            continue
        items.append(FeedItem(url=link.strip(), title=entry.get("title"), published=_entry_date(entry)))
    return items


def _entry_date(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"


def _parse_sitemap(data: bytes) -> list[FeedItem]:
    """<url> entries of a urlset (a sitemap index yields its child sitemaps' URLs)."""
    try:
        root = SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise HostileFeedError(f"refused hostile XML ({type(exc).__name__})") from exc
    except ParseError as exc:
        raise HostileFeedError(f"malformed sitemap ({exc})") from exc
    items = []
    for node in root:
        if _local(node.tag) not in ("url", "sitemap"):
            continue
        fields = {_local(child.tag): (child.text or "").strip() for child in node}
        if fields.get("loc"):
            lastmod = fields.get("lastmod") or fields.get("publication_date")
            items.append(FeedItem(url=fields["loc"], published=lastmod[:10] if lastmod else None))
    return items


def is_sitemap_index(data: bytes) -> bool:
    return b"<sitemapindex" in data[:4096].lower()


def _local(tag: str) -> str:
    return _SITEMAP_NS.sub("", tag) if isinstance(tag, str) else ""
