"""Polite, bounded HTTP fetching for `marsad watch` (httpx).

- refuses private, loopback, link-local and other non-public addresses unless
  `allow_private` (server-side request forgery: a feed must not make Marsad read
  the intranet or a cloud metadata endpoint); redirects are followed by hand so
  every hop is checked;
- honours robots.txt per host (urllib.robotparser), including Crawl-delay;
- waits between requests to the same host (rate limit);
- retries 5xx, 429 and timeouts with bounded exponential backoff;
- reads at most `max_bytes` of a body;
- sends conditional requests (ETag / Last-Modified) and reports 304s.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from marsad.ingest.feeds import WatchSettings

MAX_REDIRECTS = 5
ROBOTS_TTL_S = 3600.0
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class FetchError(RuntimeError):
    """A URL that could not be fetched; the message says why, in one line."""


class BlockedAddressError(FetchError):
    """The URL resolves to an address Marsad refuses to fetch from."""


class RobotsDisallowedError(FetchError):
    """robots.txt of the host does not let us fetch this URL."""


@dataclass(slots=True)
class Validators:
    """Conditional-GET validators remembered from the last 200 response."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(slots=True)
class FetchResult:
    url: str  # final URL after redirects
    status: int
    content: bytes = b""
    charset: str | None = None  # from the Content-Type header
    content_type: str = ""
    validators: Validators = field(default_factory=Validators)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def check_public_address(url: str, allow_private: bool) -> None:
    """Raise BlockedAddressError unless every address of the URL's host is public."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"{url}: only http(s) URLs can be fetched")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80),
                                   type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"{url}: cannot resolve host {parts.hostname}") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global or address.is_multicast:
            raise BlockedAddressError(
                f"{url}: refused to fetch from non-public address {address} "
                "(set allow_private: true or MARSAD_ALLOW_PRIVATE_FETCH=1 to allow)")


class Fetcher:
    """One HTTP client with per-host politeness state; use as a context manager."""

    def __init__(self, settings: WatchSettings, *, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.settings = settings
        self.sleep = sleep
        self.clock = clock
        self.client = httpx.Client(
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=settings.timeout, follow_redirects=False, trust_env=False)
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, tuple[float, RobotFileParser | None]] = {}
        self.requests = 0

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()

    # ------------------------------------------------------------------ robots.txt

    def allowed(self, url: str) -> bool:
        """Whether robots.txt of the URL's host lets our user agent fetch it."""
        if not self.settings.respect_robots:
            return True
        robots = self._robots_for(url)
        return robots is None or robots.can_fetch(self.settings.user_agent, url)

    def _robots_for(self, url: str) -> RobotFileParser | None:
        origin = _origin(url)
        cached = self._robots.get(origin)
        if cached and self.clock() - cached[0] < ROBOTS_TTL_S:
            return cached[1]
        robots = RobotFileParser(origin + "/robots.txt")
        try:
            result = self._get(origin + "/robots.txt", None, self.settings.max_feed_bytes, check_robots=False)
        except BlockedAddressError:
            raise
        except FetchError as exc:  # not cached: asked again next time
            raise FetchError(f"{url}: cannot read robots.txt ({exc})") from exc
        if result.status in (401, 403):
            robots.disallow_all = True
        elif result.status >= 400:
            robots.allow_all = True
        else:
            robots.parse(result.content.decode("utf-8", errors="replace").splitlines())
        self._robots[origin] = (self.clock(), robots)
        return robots

    def _host_delay(self, url: str) -> float:
        delay = 1.0 / self.settings.rate_limit
        cached = self._robots.get(_origin(url))
        if cached and cached[1] is not None:
            crawl_delay = cached[1].crawl_delay(self.settings.user_agent)
            if crawl_delay:
                delay = max(delay, float(crawl_delay))
        return delay

    # ------------------------------------------------------------------ requests

    def fetch(self, url: str, validators: Validators | None = None, max_bytes: int | None = None) -> FetchResult:
        """GET a URL politely: robots.txt first, conditional, retried, size-bounded."""
        return self._get(url, validators, max_bytes or self.settings.max_article_bytes, check_robots=True)

    def _get(self, url: str, validators: Validators | None, max_bytes: int, check_robots: bool) -> FetchResult:
        for _hop in range(MAX_REDIRECTS + 1):
            check_public_address(url, self.settings.allow_private)
            if check_robots and not self.allowed(url):
                raise RobotsDisallowedError(f"{url}: disallowed by robots.txt")
            result, location = self._get_with_retries(url, validators, max_bytes)
            if location is None:
                return result
            url = urljoin(url, location)
        raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")

    def _get_with_retries(self, url: str, validators: Validators | None, max_bytes: int
                          ) -> tuple[FetchResult, str | None]:
        attempts = self.settings.retries + 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                result, location = self._get_once(url, validators, max_bytes)
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                if last:
                    raise FetchError(f"{url}: {type(exc).__name__} after {attempts} attempts") from exc
            else:
                if result.status not in RETRY_STATUSES:
                    return result, location
                if last:
                    raise FetchError(f"{url}: HTTP {result.status} after {attempts} attempts")
            self.sleep(min(self.settings.backoff * 2 ** attempt, self.settings.max_backoff))
        raise AssertionError("unreachable")

    def _get_once(self, url: str, validators: Validators | None, max_bytes: int) -> tuple[FetchResult, str | None]:
        self._wait_for_host(url)
        headers = {}
        if validators and validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators and validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        self.requests += 1
        with self.client.stream("GET", url, headers=headers) as response:
            if response.is_redirect and response.headers.get("location"):
                return FetchResult(url=url, status=response.status_code), response.headers["location"]
            content = b""
            if response.status_code == 200:
                content = _read_bounded(response, max_bytes, url)
            return FetchResult(
                url=str(response.url), status=response.status_code, content=content,
                charset=response.charset_encoding,
                content_type=response.headers.get("content-type", "").split(";")[0].strip().lower(),
                validators=Validators(response.headers.get("etag"), response.headers.get("last-modified")),
            ), None

    def _wait_for_host(self, url: str) -> None:
        host = _origin(url)
        last = self._last_request.get(host)
        if last is not None:
            remaining = last + self._host_delay(url) - self.clock()
            if remaining > 0:
                self.sleep(remaining)
        self._last_request[host] = self.clock()


def _read_bounded(response: httpx.Response, max_bytes: int, url: str) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"{url}: body too large ({int(declared)} bytes; limit {max_bytes})")
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"{url}: body too large (over {max_bytes} bytes)")
        chunks.append(chunk)
    return b"".join(chunks)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
