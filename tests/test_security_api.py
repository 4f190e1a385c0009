"""API security: authentication, size and rate limits, CORS, injection, traversal, SSRF, and a
bounded schemathesis run with zero 500s. A real uvicorn server on 127.0.0.1 over a real SQLite
store built from our own sample articles (marsad.api.sample)."""

from __future__ import annotations

import socket
import sqlite3

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode

from marsad.api import create_app
from marsad.api.sample import load_samples, load_synthetic
from marsad.api.server import serve_in_background
from marsad.ingest.feeds import WatchSettings
from marsad.ingest.fetch import BlockedAddressError, Fetcher, FetchError, check_public_address

TOKEN = "t0ken-for-security-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
FOREIGN = "https://evil.example"
LEAKS = ("traceback", "sqlite", "operationalerror", "syntax error", "select ", "sqlalchemy", "/work/", "file \"")
SQL_PAYLOADS = [
    "' OR '1'='1", "'; DROP TABLE events; --", "\" OR \"\"=\"", "1; SELECT * FROM documents", "%' --",
    "Mali' UNION SELECT id, text FROM documents --", "\\", "\x00", "' OR 1=1 /*", "*", "NEAR(a b)", "\"unterminated",
    "a\" OR \"b", "title:x", "^x", "AND", "OR NOT", "()", "%%%%", "_", "ـــ", "'\u202e--",
]
FILTERS = ["country", "admin1", "event_type", "sub_event_type", "actor", "q", "bbox", "near", "date_from", "date_to",
           "min_confidence", "review_status", "sort", "limit", "offset"]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    from marsad.dedupe import Deduplicator
    from marsad.store import Store

    path = tmp_path_factory.mktemp("security") / "marsad.sqlite"
    store = Store.open(str(path))
    deduper = Deduplicator()
    load_samples(store, deduper)
    load_synthetic(store, deduper, 40)
    store.close()
    return path


def table_counts(path) -> tuple:
    with sqlite3.connect(path) as conn:
        return tuple(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ("documents", "reports", "events", "event_sources"))


@pytest.fixture(scope="module")
def server(db):
    with serve_in_background(create_app(str(db), token=TOKEN)) as base:
        yield base


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server, timeout=60) as c:
        yield c


@pytest.fixture(scope="module")
def event_id(client) -> str:
    return client.get("/events", params={"limit": 1}).json()["events"][0]["id"]


def assert_no_leak(response: httpx.Response) -> None:
    body = response.text.lower()
    for marker in LEAKS:
        assert marker not in body, f"{marker!r} in {response.request.url}: {response.text[:300]}"


# ---------------------------------------------------------------------- authentication


@pytest.mark.parametrize("headers", [
    {}, {"Authorization": "Bearer"}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Bearer {TOKEN}x"},
    {"Authorization": f"Bearer {TOKEN.upper()}"}, {"Authorization": f"Basic {TOKEN}"}, {"Authorization": TOKEN},
    {"Authorization": f"Bearer {TOKEN[:-1]}"}, {"X-Api-Key": TOKEN}, {"Authorization": "Bearer " + "x" * 5000},
])
def test_writes_without_the_right_token_are_refused_and_change_nothing(client, db, event_id, headers):
    before = table_counts(db)
    post = client.post("/documents", json={"text": "هاجم مسلحون قرية قرب غاو"}, headers=headers)
    patch = client.patch(f"/events/{event_id}", json={"reviewer": "x", "action": "reject"}, headers=headers)
    query_token = client.post("/documents", params={"token": TOKEN}, json={"text": "x"}, headers=headers)
    for response in (post, patch, query_token):
        assert response.status_code in (401, 403), (response.status_code, response.text)
        assert_no_leak(response)
    assert client.get(f"/events/{event_id}").json()["review_status"] != "rejected"
    assert table_counts(db) == before


def test_writes_with_the_token_succeed(client, event_id):
    response = client.patch(f"/events/{event_id}", json={"reviewer": "sec-test", "action": "confirm"}, headers=AUTH)
    assert response.status_code == 200
    assert response.json()["review_status"] == "confirmed"


def test_without_a_configured_token_every_write_is_forbidden(db, event_id):
    with serve_in_background(create_app(str(db), token=None)) as base, httpx.Client(base_url=base) as c:
        for headers in ({}, AUTH, {"Authorization": "Bearer"}, {"Authorization": "Bearer None"}):
            assert c.post("/documents", json={"text": "x"}, headers=headers).status_code == 403
            assert c.patch(f"/events/{event_id}", json={"reviewer": "x", "action": "confirm"},
                           headers=headers).status_code == 403


def read_paths(event_id: str) -> list[str]:
    return ["/events", "/events/points", "/events/timeline", "/events/facets", f"/events/{event_id}",
            f"/events/{event_id}/history", "/export.csv", "/export.geojson", "/export.plover.json", "/export.jsonl",
            "/openapi.json"]


def test_private_mode_protects_every_data_read(db, client, event_id):
    with serve_in_background(create_app(str(db), token=TOKEN, private=True)) as base, \
            httpx.Client(base_url=base, timeout=60) as c:
        doc_id = client.get(f"/events/{event_id}").json()["sources"][0]["doc_id"]
        for path in [*read_paths(event_id)[:-1], f"/documents/{doc_id}"]:
            refused = c.get(path)
            assert refused.status_code == 401, path
            assert refused.headers.get("www-authenticate") == "Bearer"
            assert "Gao" not in refused.text and "غاو" not in refused.text
            assert c.get(path, headers={"Authorization": "Bearer nope"}).status_code == 401
            assert c.get(path, headers=AUTH).status_code == 200, path


# ---------------------------------------------------------------------- limits and CORS


def test_request_body_limit_declared_and_streamed(db):
    with serve_in_background(create_app(str(db), token=TOKEN, max_body_bytes=10_000)) as base, \
            httpx.Client(base_url=base, timeout=60) as c:
        big = {"text": "غاو " * 10_000}
        assert c.post("/documents", json=big, headers=AUTH).status_code == 413
        # chunked, no Content-Length: the limit applies to what is actually sent
        def stream():
            yield b'{"text": "'
            for _ in range(20):
                yield b"a" * 4096
            yield b'"}'

        response = c.post("/documents", content=stream(), headers={**AUTH, "Content-Type": "application/json"})
        assert response.status_code == 413
        host, port = base.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            sock.sendall(b"POST /documents HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n"
                         b"Content-Type: application/json\r\nConnection: close\r\n\r\n{}")
            assert sock.recv(4096).split()[1] in (b"400", b"413")
        # and unauthenticated huge bodies are refused before anything else reads them
        assert c.post("/documents", json=big).status_code == 413


def test_rate_limit_answers_429_with_retry_after(db):
    with serve_in_background(create_app(str(db), rate_limit_per_minute=5)) as base, \
            httpx.Client(base_url=base) as c:
        statuses = [c.get("/health").status_code for _ in range(8)]
        assert statuses[:5] == [200] * 5 and statuses[5:] == [429] * 3
        limited = c.get("/events")
        assert limited.status_code == 429 and limited.headers["retry-after"] == "60"


def test_no_rate_limit_by_default(client):
    assert {client.get("/health").status_code for _ in range(60)} == {200}


def test_cors_closed_by_default_for_reads_writes_and_preflight(client, event_id):
    for response in (
        client.get("/events", headers={"Origin": FOREIGN}),
        client.get(f"/events/{event_id}", headers={"Origin": FOREIGN}),
        client.options("/documents", headers={"Origin": FOREIGN, "Access-Control-Request-Method": "POST",
                                              "Access-Control-Request-Headers": "authorization"}),
        client.post("/documents", json={"text": "x"}, headers={"Origin": FOREIGN}),
    ):
        assert "access-control-allow-origin" not in response.headers
        assert "access-control-allow-credentials" not in response.headers


# ---------------------------------------------------------------------- injection


@pytest.mark.parametrize("name", FILTERS)
def test_sql_injection_in_every_filter_is_harmless(client, db, name):
    before = table_counts(db)
    for payload in SQL_PAYLOADS:
        for path in ("/events", "/events/points", "/export.csv"):
            response = client.get(path, params={name: payload})
            assert response.status_code in (200, 422), (path, name, payload, response.status_code, response.text[:300])
            assert_no_leak(response)
            if response.status_code == 200 and path == "/events":
                assert response.json()["total"] <= before[2]
    assert table_counts(db) == before


def test_text_search_operators_are_literal(client):
    """FTS5 syntax in q is quoted, so it never errors and never widens the match."""
    everything = client.get("/events", params={"limit": 1}).json()["total"]
    for q in ['" OR "', "* OR *", "NEAR(غاو مالي)", "Mali OR Niger", "-Mali", "غاو*"]:
        response = client.get("/events", params={"q": q})
        assert response.status_code == 200, q
        assert response.json()["total"] < everything, q


@pytest.mark.parametrize("bad_id", ["1' OR '1'='1", "x; DROP TABLE events", "../../etc/passwd", "%00", "a" * 200])
def test_injection_in_path_ids(client, bad_id):
    for path in (f"/events/{bad_id}", f"/events/{bad_id}/history", f"/documents/{bad_id}"):
        response = client.get(path)
        assert response.status_code in (404, 422), (path, response.status_code)
        assert_no_leak(response)


# ---------------------------------------------------------------------- static files


def raw_get(base: str, target: str) -> tuple[int, bytes]:
    """Send the request target exactly as written (httpx would normalise ../)."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode("latin-1"))
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


@pytest.mark.parametrize("target", [
    "/static/../../../../etc/passwd", "/static/..%2f..%2f..%2f..%2fetc%2fpasswd", "/static/%2e%2e/%2e%2e/app.py",
    "/static/../app.py", "/static/..\\..\\app.py", "/static//etc/passwd", "/static/%2e%2e%2f%2e%2e%2fpyproject.toml",
    "/static/....//....//etc/passwd", "/static/index.html%00.txt", "/static/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
    "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
])
def test_static_path_traversal_is_refused(server, target):
    status, body = raw_get(server, target)
    assert status in (400, 404, 405), (target, status)
    assert b"root:" not in body and b"create_app" not in body and b"[project]" not in body


# ---------------------------------------------------------------------- server-side fetching


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/", "http://localhost:8000/", "http://10.0.0.1/", "http://172.16.5.4/", "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://[fe80::1]/", "http://0.0.0.0/",
    "http://100.64.0.1/", "http://[::ffff:127.0.0.1]/", "http://2130706433/", "http://0x7f.1/", "http://224.0.0.1/",
    "http://[fd00::1]/", "https://127.0.0.1:443/",
])
def test_fetching_refuses_non_public_addresses(url):
    with pytest.raises(BlockedAddressError):
        check_public_address(url, allow_private=False)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "gopher://127.0.0.1/", "ftp://example.org/", "http:///x",
                                 "javascript:alert(1)"])
def test_fetching_refuses_other_schemes(url):
    with pytest.raises(FetchError):
        check_public_address(url, allow_private=True)


def test_fetcher_refuses_loopback_before_connecting(server):
    with Fetcher(WatchSettings(allow_private=False, respect_robots=False, retries=0)) as fetcher, \
            pytest.raises(BlockedAddressError):
        fetcher.fetch(f"{server}/health")
    with Fetcher(WatchSettings(allow_private=True, respect_robots=False, retries=0)) as fetcher:
        assert fetcher.fetch(f"{server}/health").status == 200


# ---------------------------------------------------------------------- schemathesis


def test_schemathesis_finds_no_server_errors(db):
    """Every operation of the OpenAPI spec, valid and invalid requests, with and without the
    token: 25 examples per operation and mode, no 500 and no traceback."""
    from hypothesis import given
    from hypothesis import strategies as st

    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(str(db), token=TOKEN))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 14
    failures: list[str] = []
    calls = 0
    for operation in operations:
        cases = st.one_of(operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE))

        @given(case=cases, auth=st.booleans())
        @settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def exercise(case, auth):
            nonlocal calls
            calls += 1
            response = case.call(headers=AUTH if auth else None)
            if response.status_code >= 500 or "traceback" in response.text.lower():
                failures.append(f"{case.method} {case.formatted_path} {case.query} {case.body!r:.200} -> "
                                f"{response.status_code} {response.text[:200]}")

        exercise()
    assert not failures, "\n".join(failures[:20])
    print(f"schemathesis: {len(operations)} operations, {calls} requests, 0 server errors")
