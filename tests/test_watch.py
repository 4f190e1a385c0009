"""`marsad watch` against a real HTTP server on 127.0.0.1 serving our fixture feeds and pages."""

from __future__ import annotations

import hashlib
import threading
from collections import Counter
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import sqlalchemy as sa

from marsad.ingest.feeds import (
    ALLOW_PRIVATE_ENV,
    ConfigError,
    HostileFeedError,
    WatchSettings,
    detect_kind,
    load_config,
    parse_feed,
)
from marsad.ingest.fetch import BlockedAddressError, Fetcher, FetchError, Validators, check_public_address

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"
ATOM_LAST_MODIFIED = formatdate(1747670400, usegmt=True)  # 2025-05-19


@dataclass
class Site:
    """What the test server serves, and what it was asked."""

    base: str = ""
    sahel_version: int = 1
    requests: Counter = field(default_factory=Counter)
    conditional_hits: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def body(self, name: str) -> bytes:
        return (FIXTURES / name).read_bytes().replace(b"{{BASE}}", self.base.encode())


# path → (fixture file, Content-Type)
ROUTES = {
    "/robots.txt": ("robots.txt", "text/plain"),
    "/feeds/le-sahel.atom": ("le_sahel_atom.xml", "application/atom+xml"),
    "/feeds/borno-sitemap.xml": ("borno_sitemap.xml", "application/xml"),
    "/feeds/bomb.xml": ("entity_bomb.xml", "application/rss+xml"),
    "/feeds/external.xml": ("external_entity.xml", "application/rss+xml"),
    "/ar/gao-clash.html": ("ar_gao_clash.html", "text/html; charset=utf-8"),
    "/ar/niamey-protest.html": ("ar_niamey_protest.cp1256.html", "text/html; charset=windows-1256"),
    "/ar/kidal-ied.html": ("ar_kidal_ied.meta1256.html", "text/html"),
    "/private/internal.html": ("ar_private.html", "text/html; charset=utf-8"),
    "/fr/dori-manifestation.html": ("fr_dori_manifestation.html", "text/html; charset=utf-8"),
    "/fr/fada-enlevement.html": ("fr_fada_enlevement.html", "text/html; charset=utf-8"),
    "/en/maiduguri-attack.html": ("en_maiduguri_attack.html", "text/html; charset=utf-8"),
}
FLAKY_PATH = "/fr/fada-enlevement.html"  # answers 503 the first time


def make_handler(site: Site):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            path = self.path.split("?")[0]
            with site.lock:
                site.requests[path] += 1
                count = site.requests[path]
            if path == FLAKY_PATH and count == 1:
                return self._send(503, b"busy", "text/plain")
            if path == "/feeds/sahel.xml":
                body = site.body(f"sahel_rss.v{site.sahel_version}.xml")
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    site.conditional_hits[path] += 1
                    return self._send(304, b"", None, {"ETag": etag})
                return self._send(200, body, "application/rss+xml", {"ETag": etag})
            if path == "/feeds/le-sahel.atom" and self.headers.get("If-Modified-Since") == ATOM_LAST_MODIFIED:
                site.conditional_hits[path] += 1
                return self._send(304, b"", None)
            if path not in ROUTES:
                return self._send(404, b"not found", "text/plain")
            name, content_type = ROUTES[path]
            extra = {"Last-Modified": ATOM_LAST_MODIFIED} if path == "/feeds/le-sahel.atom" else {}
            return self._send(200, site.body(name), content_type, extra)

        def _send(self, status: int, body: bytes, content_type: str | None, headers: dict | None = None) -> None:
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    return Handler


@pytest.fixture
def site():
    state = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(state))
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def feeds_yaml(tmp_path: Path, site: Site, extra_feeds: str = "", allow_private: bool = True) -> Path:
    path = tmp_path / "feeds.yaml"
    path.write_text(f"""
settings:
  user_agent: "MarsadTest/1.0"
  rate_limit: 500
  timeout: 5
  retries: 2
  backoff: 0.01
  allow_private: {str(allow_private).lower()}
feeds:
  - url: {site.base}/feeds/sahel.xml
    outlet: Sahel Today
    language: ar
  - url: {site.base}/feeds/le-sahel.atom
    outlet: Le Sahel Info
  - url: {site.base}/feeds/borno-sitemap.xml
    kind: sitemap
    outlet: Borno Daily
    language: en
{extra_feeds}""", encoding="utf-8")
    return path


# ---------------------------------------------------------------------- parsing and config


def test_parses_rss_atom_and_sitemap_fixtures() -> None:
    rss = parse_feed((FIXTURES / "sahel_rss.v2.xml").read_bytes())
    assert [item.url.rsplit("/", 1)[-1] for item in rss] == [
        "kidal-ied.html", "gao-clash.html", "niamey-protest.html", "internal.html"]
    assert rss[0].published == "2025-05-20" and "كيدال" in rss[0].title
    atom = (FIXTURES / "le_sahel_atom.xml").read_bytes()
    assert detect_kind(atom) == "atom"
    assert [item.published for item in parse_feed(atom)] == ["2025-05-19", "2025-05-17"]
    sitemap = (FIXTURES / "borno_sitemap.xml").read_bytes()
    assert detect_kind(sitemap) == "sitemap"
    assert [(i.url, i.published) for i in parse_feed(sitemap)] == [
        ("{{BASE}}/en/maiduguri-attack.html", "2025-05-21")]


@pytest.mark.parametrize("name", ["entity_bomb.xml", "external_entity.xml"])
def test_hostile_xml_is_refused_before_parsing(name: str) -> None:
    with pytest.raises(HostileFeedError, match="refused"):
        parse_feed((FIXTURES / name).read_bytes())
    with pytest.raises(HostileFeedError):
        parse_feed((FIXTURES / name).read_bytes(), kind="sitemap")


def test_malformed_feed_declaring_entities_is_refused() -> None:
    with pytest.raises(HostileFeedError):
        parse_feed(b'<!DOCTYPE x [<!ENTITY a "b">]><rss><channel><item><link>http://a/</link></rss>')


def test_config_errors_are_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "feeds.yaml"
    for text, message in [("feeds: []", "non-empty 'feeds'"), ("feeds:\n  - url: ftp://x/", "http://"),
                          ("feeds:\n  - url: http://x/\n    kind: json", "kind must be"),
                          ("settings:\n  speed: 3\nfeeds:\n  - http://x/", "unknown setting"),
                          ("feeds: [", "not valid YAML")]:
        bad.write_text(text, encoding="utf-8")
        with pytest.raises(ConfigError, match=message) as info:
            load_config(bad)
        assert "\n" not in str(info.value) and str(bad) in str(info.value)
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "missing.yaml")


def test_cli_reports_bad_feed_file_in_one_line(tmp_path: Path, capsys) -> None:
    from marsad.cli import main

    assert main(["watch", str(tmp_path / "nope.yaml"), "--db", str(tmp_path / "x.sqlite"), "--once"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("marsad: error:") and "nope.yaml" in err and "\n" not in err


# ---------------------------------------------------------------------- fetching


def test_private_addresses_are_refused_by_default(site: Site, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv(ALLOW_PRIVATE_ENV, raising=False)
    config = load_config(feeds_yaml(tmp_path, site, allow_private=False))
    assert config.settings.allow_private is False
    with Fetcher(config.settings) as fetcher, pytest.raises(BlockedAddressError, match="non-public"):
        fetcher.fetch(f"{site.base}/ar/gao-clash.html")
    assert sum(site.requests.values()) == 0  # refused before connecting
    for url in ("http://169.254.169.254/latest/meta-data/", "http://10.1.2.3/", "http://[::1]:8080/",
                "http://localhost/"):
        with pytest.raises(BlockedAddressError):
            check_public_address(url, allow_private=False)
    check_public_address("http://10.1.2.3/", allow_private=True)
    monkeypatch.setenv(ALLOW_PRIVATE_ENV, "1")
    assert load_config(feeds_yaml(tmp_path, site, allow_private=False)).settings.allow_private is True


def test_fetcher_retries_honours_robots_and_sends_validators(site: Site) -> None:
    settings = WatchSettings(rate_limit=500, retries=2, backoff=0.01, allow_private=True, timeout=5)
    waits: list[float] = []
    with Fetcher(settings, sleep=waits.append) as fetcher:
        flaky = fetcher.fetch(site.base + FLAKY_PATH)
        assert flaky.status == 200 and site.requests[FLAKY_PATH] == 2
        assert 0.01 in waits  # backed off once before the retry
        with pytest.raises(FetchError, match="robots.txt"):
            fetcher.fetch(site.base + "/private/internal.html")
        assert site.requests["/private/internal.html"] == 0 and site.requests["/robots.txt"] == 1
        first = fetcher.fetch(site.base + "/feeds/sahel.xml")
        assert first.status == 200 and first.validators.etag
        again = fetcher.fetch(site.base + "/feeds/sahel.xml", first.validators)
        assert again.not_modified and site.conditional_hits["/feeds/sahel.xml"] == 1
        page = fetcher.fetch(site.base + "/ar/niamey-protest.html")
        assert page.charset == "windows-1256"
        missing = fetcher.fetch(site.base + "/nowhere")
        assert missing.status == 404


def test_fetcher_gives_up_after_bounded_retries() -> None:
    settings = WatchSettings(rate_limit=500, retries=1, backoff=0.01, allow_private=True, timeout=5)
    # Two attempts allowed, and every one fails: nothing listens on the discard port.
    with Fetcher(settings, sleep=lambda _s: None) as fetcher, pytest.raises(FetchError, match="after 2 attempts"):
        fetcher.fetch("http://127.0.0.1:9/unreachable", Validators())


def test_body_size_is_bounded(site: Site) -> None:
    settings = WatchSettings(rate_limit=500, allow_private=True, timeout=5)
    with Fetcher(settings) as fetcher, pytest.raises(FetchError, match="too large"):
        fetcher.fetch(site.base + "/ar/gao-clash.html", max_bytes=100)


# ---------------------------------------------------------------------- the watcher, end to end


@pytest.fixture(scope="module")
def resources():
    from marsad.pipeline import Resources

    return Resources.load()


def make_watcher(config_path: Path, db: Path, resources, lines: list[str], warnings: list[str]):
    from marsad.dedupe import Deduplicator
    from marsad.ingest.watch import Coder, Watcher, WatchState
    from marsad.store import Store

    config = load_config(config_path)
    store = Store.open(str(db))
    fetcher = Fetcher(config.settings)
    coder = Coder(store=store, resources=resources, deduper=Deduplicator())
    watcher = Watcher(config, WatchState(store.engine), fetcher, coder, echo=lines.append, warn=warnings.append)
    return watcher, store, fetcher


def stored_documents(store) -> dict[str, str]:
    """url → text of every stored document."""
    with store.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT url, text FROM documents")).all()
    return {url.split("/", 3)[-1]: text for url, text in rows}


def events_of(store, fragment: str) -> list:
    from marsad.store import EventQuery

    return [event for event in store.iter_events(EventQuery())
            if any(fragment in (source.url or "") for source in event.sources)]


def test_watch_polls_codes_and_respects_the_web(site: Site, tmp_path: Path, resources) -> None:
    config = feeds_yaml(tmp_path, site, extra_feeds=f"  - url: {site.base}/feeds/bomb.xml\n")
    lines: list[str] = []
    warnings: list[str] = []
    watcher, store, fetcher = make_watcher(config, tmp_path / "marsad.sqlite", resources, lines, warnings)
    try:
        # Cycle 1: every feed is new; the bomb feed is one error and the others go on.
        first = watcher.run(max_cycles=1)[0]
        assert first.feeds == 4 and first.errors == 1 and first.not_modified == 0
        assert first.new_articles == 5  # gao, niamey, fada (after a 503), dori, maiduguri
        assert lines == [first.line()] and first.line().startswith("cycle 1: 4 feeds, 5 new articles")
        assert any("bomb.xml" in w and "refused" in w for w in warnings)
        assert any("robots.txt" in w for w in warnings)
        assert site.requests["/private/internal.html"] == 0
        assert site.requests[FLAKY_PATH] == 2 and site.requests["/robots.txt"] == 1

        docs = stored_documents(store)
        niamey = docs["ar/niamey-protest.html"]  # served as windows-1256
        assert "تظاهر آلاف الأشخاص" in niamey and "نيامي" in niamey
        assert "Plusieurs centaines de personnes ont manifesté" in docs["fr/dori-manifestation.html"]
        assert "quatre agents" in docs["fr/fada-enlevement.html"].lower()
        protests = events_of(store, "niamey-protest")
        assert protests and protests[0].report.event_type == "Protests"
        assert protests[0].report.country == "Niger"
        assert first.events and len(first.events) >= 4

        # Cycle 2: the Arabic feed gained an item; the Atom feed and sitemap are unchanged (304).
        site.sahel_version = 2
        watcher._next_poll.clear()
        second = watcher.cycle()
        assert (second.feeds, second.new_articles, second.not_modified, second.errors) == (4, 1, 1, 1)
        assert site.conditional_hits["/feeds/le-sahel.atom"] == 1
        assert site.conditional_hits["/feeds/borno-sitemap.xml"] == 0  # no validators offered: refetched
        kidal = stored_documents(store)["ar/kidal-ied.html"]  # <meta charset> only
        assert "عبوة ناسفة" in kidal and "كيدال" in kidal
        assert events_of(store, "kidal-ied")[0].report.event_type == "Explosions/Remote violence"
        for path in ("/ar/gao-clash.html", "/ar/niamey-protest.html", "/en/maiduguri-attack.html"):
            assert site.requests[path] == 1  # already seen: not fetched again

        # Not due yet: nothing is polled until the interval has passed.
        assert watcher.cycle().feeds == 0
    finally:
        fetcher.close()
        store.close()


def test_watch_command_persists_validators_across_runs(site: Site, tmp_path: Path, capsys) -> None:
    from marsad.cli import main

    config = feeds_yaml(tmp_path, site)
    db = tmp_path / "watch.sqlite"
    assert main(["watch", str(config), "--db", str(db), "--once"]) == 0
    out = capsys.readouterr().out
    assert "cycle 1: 3 feeds, 5 new articles, 0 not modified, 0 errors" in out
    # A restarted watcher sends the stored validators and recodes nothing.
    assert main(["watch", str(config), "--db", str(db), "--once"]) == 0
    out = capsys.readouterr().out
    assert "cycle 1: 3 feeds, 0 new articles, 2 not modified, 0 errors, 0 events" in out
    assert site.conditional_hits["/feeds/sahel.xml"] == 1
    assert site.requests["/ar/gao-clash.html"] == 1
    with sa.create_engine(f"sqlite:///{db}").connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM watch_articles")).scalar() == 6  # incl. robots-refused
        assert conn.execute(sa.text("SELECT count(*) FROM documents")).scalar() == 5
