"""REST API tests: a real uvicorn server on 127.0.0.1 over a real SQLite store.

The database is built through the store API from our own hand-written Arabic, French
and English sample articles (marsad.api.sample) plus generated one-line reports.
"""

from __future__ import annotations

import csv
import io
import json

import httpx
import pytest

from marsad.api import create_app
from marsad.api.sample import SAMPLES, load_samples, load_synthetic
from marsad.api.server import serve_in_background
from marsad.records import ACLED_COLUMNS

TOKEN = "s3cret-token-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
N_SYNTHETIC = 80


def build_store(path) -> dict[str, str]:
    """A SQLite store with the samples and synthetic reports; sample location → event id."""
    from marsad.dedupe import Deduplicator
    from marsad.store import Store

    store = Store.open(str(path))
    deduper = Deduplicator()
    ids = load_samples(store, deduper)
    load_synthetic(store, deduper, N_SYNTHETIC)
    by_location = {}
    for event_id in ids:
        event = store.get_event(event_id)
        by_location.setdefault(event.report.location, event_id)
    store.close()
    return by_location


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("api") / "marsad.sqlite"
    ids = build_store(path)
    return path, ids


@pytest.fixture(scope="module")
def server(db):
    path, _ = db
    with serve_in_background(create_app(str(path), token=TOKEN)) as base:
        yield base


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server, timeout=30) as c:
        yield c


@pytest.fixture(scope="module")
def ids(db):
    return db[1]


def _all_events(client, **params) -> list[dict]:
    out, offset = [], 0
    while True:
        page = client.get("/events", params={**params, "limit": 25, "offset": offset}).json()
        out.extend(page["events"])
        offset += 25
        if offset >= page["total"]:
            return out


# ---- reading ------------------------------------------------------------------------------


def test_health_reports_counts(client):
    body = client.get("/health").json()
    assert body["status"] == "ok"
    assert body["counts"]["documents"] == len(SAMPLES) + N_SYNTHETIC


def test_events_filtered_by_country_name_and_iso(client):
    by_name = client.get("/events", params={"country": "Mali"})
    assert by_name.status_code == 200
    page = by_name.json()
    assert page["total"] > 0
    assert {e["country"] for e in page["events"]} == {"Mali"}
    by_iso = client.get("/events", params={"country": "ML"}).json()
    assert by_iso["total"] == page["total"]
    everything = client.get("/events").json()["total"]
    assert page["total"] < everything


def test_pages_are_disjoint_and_cover_the_total(client):
    events = _all_events(client, country="Nigeria")
    total = client.get("/events", params={"country": "Nigeria"}).json()["total"]
    assert len(events) == total == len({e["id"] for e in events})


def test_sorting_by_fatalities_descending(client):
    page = client.get("/events", params={"sort": "-fatalities", "limit": 50}).json()
    values = [e["fatalities"] for e in page["events"]]
    assert values == sorted(values, reverse=True) and values[0] > 0


def test_filters_narrow_the_result(client):
    protests = client.get("/events", params={"event_type": "Protests", "limit": 200}).json()
    assert protests["total"] > 0 and {e["event_type"] for e in protests["events"]} == {"Protests"}
    confident = client.get("/events", params={"min_confidence": 0.8, "limit": 200}).json()
    assert all(e["confidence"] >= 0.8 for e in confident["events"])
    in_box = client.get("/events", params={"bbox": "12,30,15,34", "limit": 200}).json()  # around Tripoli
    assert in_box["total"] > 0 and all(e["country"] == "Libya" for e in in_box["events"])
    dated = client.get("/events", params={"date_from": "2024-03-01", "date_to": "2024-03-31", "limit": 200}).json()
    assert dated["total"] > 0 and all("2024-03-01" <= e["date"] <= "2024-03-31" for e in dated["events"])


@pytest.mark.parametrize(("query", "expected_location"), [
    ("مسلحون", "Menaka"),  # Arabic, from the evidence sentence
    ("jihadistes", "Djibo"),  # French
    ("marched peacefully", "Niamey"),  # English, two words
])
def test_text_search_in_each_language(client, query, expected_location):
    page = client.get("/events", params={"q": query}).json()
    assert expected_location in {e["location"] for e in page["events"]}


@pytest.mark.parametrize(("params", "names"), [
    ({"date_from": "2024-13-01"}, "date_from"),
    ({"date_to": "yesterday"}, "date_to"),
    ({"date_from": "2024-05-01", "date_to": "2024-01-01"}, "date_from"),
    ({"bbox": "1,2,3"}, "bbox"),
    ({"bbox": "a,b,c,d"}, "bbox"),
    ({"bbox": "10,10,0,0"}, "bbox"),
    ({"bbox": "0,0,200,10"}, "bbox"),
    ({"near": "12,1"}, "near"),
    ({"sort": "price"}, "sort"),
    ({"limit": "0"}, "limit"),
    ({"limit": "100000"}, "limit"),
    ({"limit": "ten"}, "limit"),
    ({"offset": "-1"}, "offset"),
    ({"min_confidence": "1.5"}, "min_confidence"),
    ({"min_confidence": "nan"}, "min_confidence"),
    ({"review_status": "approved"}, "review_status"),
    ({"country": "x" * 500}, "country"),
    ({"contry": "Mali"}, "contry"),  # a misspelt filter is refused, not silently ignored
])
def test_bad_parameters_get_422_naming_the_parameter(client, params, names):
    response = client.get("/events", params=params)
    assert response.status_code == 422, response.text
    body = response.json()
    assert names in body["message"]
    if not {"sort", "limit", "offset"} & set(params):  # the filters are shared by every list
        for path in ("/events/points", "/events/timeline", "/export.geojson"):
            assert client.get(path, params=params).status_code == 422


def test_hostile_strings_never_cause_500(client):
    for value in ("'; DROP TABLE events; --", "\"*", "ميناكا\u202e", "%", "_", "\x00", "NEAR(a b)", "a OR b"):
        for name in ("q", "country", "actor", "admin1", "event_type"):
            response = client.get("/events", params={name: value})
            assert response.status_code in (200, 422), (name, value, response.text)
    assert client.get("/health").status_code == 200  # the tables are still there


def test_event_detail_has_reports_sources_and_exact_evidence_offsets(client, ids):
    for location in ("Menaka", "Tripoli", "Djibo"):  # Tripoli's article starts with an emoji
        event = client.get(f"/events/{ids[location]}").json()
        assert event["sources"] and event["reports"]
        for report in event["reports"]:
            doc = client.get(f"/documents/{report['doc_id']}").json()
            assert doc["text"][report["evidence_start"]:report["evidence_end"]] == report["evidence"]


def test_unknown_and_malformed_ids(client):
    missing = client.get("/events/MRS0000000000")
    assert missing.status_code == 404 and "MRS0000000000" in missing.json()["message"]
    assert client.get("/documents/0000000000000000").status_code == 404
    assert client.get("/events/bad id!").status_code == 422
    assert client.get("/events/MRS0000000000/history").status_code == 404


def test_points_timeline_and_facets_agree_with_events(client):
    total = client.get("/events", params={"country": "Niger"}).json()["total"]
    points = client.get("/events/points", params={"country": "Niger"}).json()
    assert points["total"] == total == len(points["rows"])
    event_id, lon, lat, type_index, fatalities = points["rows"][0]
    assert -180 <= lon <= 180 and -90 <= lat <= 90 and points["types"][type_index]
    timeline = client.get("/events/timeline", params={"country": "Niger"}).json()
    assert sum(b["count"] for b in timeline["bins"]) == total
    starts = [b["start"] for b in timeline["bins"]]
    assert starts == sorted(starts) and all(b["end"] > b["start"] for b in timeline["bins"])
    facets = client.get("/events/facets").json()
    assert {"value": "Niger", "count": total} in facets["countries"]
    assert facets["date_min"] <= facets["date_max"]


def test_openapi_spec_lists_the_endpoints(client):
    spec = client.get("/openapi.json").json()
    for path in ("/events", "/events/{event_id}", "/documents/{doc_id}", "/documents", "/export.csv",
                 "/export.geojson", "/export.plover.json", "/events/{event_id}/history", "/health"):
        assert path in spec["paths"], path
    assert "patch" in spec["paths"]["/events/{event_id}"]


def test_page_is_served_with_a_strict_content_security_policy(client):
    page = client.get("/")
    assert page.status_code == 200 and 'id="map"' in page.text
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "http" not in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    script = client.get("/static/app.js")
    assert script.status_code == 200 and len(script.content) > 10_000
    assert "https://" not in client.get("/static/index.html").text  # nothing fetched from a CDN


def test_cors_is_closed_by_default(client):
    response = client.get("/events", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in response.headers
    preflight = client.options("/events/x", headers={"Origin": "https://evil.example",
                                                     "Access-Control-Request-Method": "PATCH"})
    assert "access-control-allow-origin" not in preflight.headers


# ---- exports ------------------------------------------------------------------------------


def test_csv_export_has_acled_columns_and_honours_filters(client):
    response = client.get("/export.csv", params={"country": "Mali"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert tuple(rows[0]) == ACLED_COLUMNS
    total = client.get("/events", params={"country": "Mali"}).json()["total"]
    assert len(rows) - 1 == total
    country = rows[0].index("country")
    assert {r[country] for r in rows[1:]} == {"Mali"}


def test_geojson_and_plover_exports(client):
    total = client.get("/events", params={"event_type": "Battles"}).json()["total"]
    geo = client.get("/export.geojson", params={"event_type": "Battles"}).json()
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == total
    plover = client.get("/export.plover.json", params={"event_type": "Battles"})
    assert plover.status_code == 200
    body = plover.json()
    items = body if isinstance(body, list) else body.get("events", body.get("data", []))
    assert len(items) == total


# ---- writes: review -------------------------------------------------------------------------


def test_writes_need_the_token(client, ids):
    event_id = ids["Abeche"]
    body = {"action": "confirm", "reviewer": "amina"}
    assert client.patch(f"/events/{event_id}", json=body).status_code == 401
    wrong = client.patch(f"/events/{event_id}", json=body, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
    assert client.post("/documents", json={"text": "x"}).status_code == 401
    assert client.get(f"/events/{event_id}").json()["review_status"] == "unreviewed"


def test_confirm_edit_reject_are_stored_with_who_when_what(client, ids):
    event_id = ids["Menaka"]
    confirmed = client.patch(f"/events/{event_id}", json={"action": "confirm", "reviewer": "amina"}, headers=AUTH)
    assert confirmed.status_code == 200 and confirmed.json()["review_status"] == "confirmed"

    edit = {"action": "edit", "reviewer": "Jean Dupont", "changes": {"fatalities": 14, "admin1": "Ménaka"}}
    edited = client.patch(f"/events/{event_id}", json=edit, headers=AUTH).json()
    assert edited["review_status"] == "edited" and edited["fatalities"] == 14 and edited["admin1"] == "Ménaka"
    assert client.get(f"/events/{event_id}").json()["fatalities"] == 14

    history = client.get(f"/events/{event_id}/history").json()
    reviews = [h for h in history if h["action"].startswith("review:")]
    assert [h["who"] for h in reviews] == ["amina", "Jean Dupont"]
    assert all(h["at"] for h in reviews)
    assert reviews[-1]["details"]["changes"]["fatalities"] == {"before": 12, "after": 14}


def test_rejected_events_leave_lists_and_exports(client, ids):
    event_id = ids["Bamako"]
    before = client.get("/events", params={"country": "Mali"}).json()["total"]
    rejected = client.patch(f"/events/{event_id}", json={"action": "reject", "reviewer": "amina"}, headers=AUTH)
    assert rejected.status_code == 200 and rejected.json()["review_status"] == "rejected"
    after = client.get("/events", params={"country": "Mali"}).json()
    assert after["total"] == before - 1 and event_id not in {e["id"] for e in after["events"]}
    listed = client.get("/events", params={"review_status": "rejected"}).json()
    assert event_id in {e["id"] for e in listed["events"]}
    points = client.get("/events/points", params={"country": "Mali"}).json()
    assert event_id not in {row[0] for row in points["rows"]}


@pytest.mark.parametrize("body", [
    {"action": "approve", "reviewer": "amina"},
    {"action": "confirm"},
    {"action": "confirm", "reviewer": ""},
    {"action": "edit", "reviewer": "amina"},
    {"action": "edit", "reviewer": "amina", "changes": {"id": "other"}},
    {"action": "edit", "reviewer": "amina", "changes": {"fatalities": -3}},
    {"action": "edit", "reviewer": "amina", "changes": {"date": "2024-02-30"}},
    {"action": "edit", "reviewer": "amina", "changes": {"event_type": None}},
    {"action": "reject", "reviewer": "amina", "changes": {"fatalities": 1}},
    {"action": "confirm", "reviewer": "amina", "extra": 1},
])
def test_bad_reviews_get_422_and_change_nothing(client, ids, body):
    event_id = ids["Maiduguri"]
    response = client.patch(f"/events/{event_id}", json=body, headers=AUTH)
    assert response.status_code == 422, response.text
    assert response.json()["message"]
    assert client.get(f"/events/{event_id}").json()["review_status"] == "unreviewed"


def test_malformed_json_body_is_422(client, ids):
    response = client.patch(f"/events/{ids['Maiduguri']}", content=b"{not json", headers={
        **AUTH, "Content-Type": "application/json"})
    assert response.status_code == 422


def test_review_of_unknown_event_is_404(client):
    response = client.patch("/events/MRS0000000000", json={"action": "confirm", "reviewer": "a"}, headers=AUTH)
    assert response.status_code == 404


# ---- writes: documents ------------------------------------------------------------------------


@pytest.mark.parametrize("body", [
    {"text": ""},
    {"text": "   \n "},
    {"text": "ok", "published": "2024-02-30"},
    {"text": "ok", "language": "arabic!"},
    {"text": "ok", "unexpected": True},
    {"url": "https://example.org"},
])
def test_bad_documents_get_422(client, body):
    response = client.post("/documents", json=body, headers=AUTH)
    assert response.status_code == 422, response.text


def test_post_document_codes_and_stores_it(client):
    text = ("قتل خمسة جنود على الأقل يوم الثلاثاء في هجوم شنه مسلحون على موقع عسكري قرب مدينة "
            "تيلابيري غربي النيجر، حسبما أفاد مصدر أمني.")
    created = client.post("/documents", json={"text": text, "language": "ar", "published": "2024-05-08",
                                              "outlet": "مرصد الساحل"}, headers=AUTH)
    assert created.status_code == 201, created.text
    doc_id = created.json()["doc_id"]
    assert client.get(f"/documents/{doc_id}").json()["text"] == text
    for event_id in created.json()["event_ids"]:  # whatever the coder found is stored and traceable
        event = client.get(f"/events/{event_id}").json()
        assert doc_id in {r["doc_id"] for r in event["reports"]}
    again = client.post("/documents", json={"text": text}, headers=AUTH)
    assert again.status_code == 200 and again.json() == {"doc_id": doc_id, "created": False, "event_ids": []}


# ---- server options ---------------------------------------------------------------------------


def test_private_mode_needs_the_token_for_reads(db):
    path, ids = db
    with serve_in_background(create_app(str(path), token=TOKEN, private=True)) as base:
        assert httpx.get(f"{base}/events").status_code == 401
        assert httpx.get(f"{base}/events/{ids['Niamey']}").status_code == 401
        assert httpx.get(f"{base}/export.csv").status_code == 401
        assert httpx.get(f"{base}/events", headers=AUTH).status_code == 200
        assert httpx.get(f"{base}/health").status_code == 200
        assert httpx.get(f"{base}/").status_code == 200  # the page itself holds no data


def test_private_mode_without_token_is_refused(db):
    with pytest.raises(ValueError, match="token"):
        create_app(str(db[0]), private=True)


def test_no_token_means_read_only(db):
    path, ids = db
    with serve_in_background(create_app(str(path), token=None)) as base:
        response = httpx.patch(f"{base}/events/{ids['Niamey']}", json={"action": "confirm", "reviewer": "a"},
                               headers={"Authorization": "Bearer anything"})
        assert response.status_code == 403 and "MARSAD_API_TOKEN" in response.json()["message"]
        assert httpx.get(f"{base}/events").status_code == 200


def test_request_body_size_limit(db):
    with serve_in_background(create_app(str(db[0]), token=TOKEN, max_body_bytes=2_000)) as base:
        big = json.dumps({"text": "ب" * 5_000})
        response = httpx.post(f"{base}/documents", content=big, headers={**AUTH, "Content-Type": "application/json"})
        assert response.status_code == 413

        def chunks():  # no Content-Length: the limit must still hold
            for _ in range(10):
                yield b" " * 1_000

        streamed = httpx.post(f"{base}/documents", content=chunks(), headers={**AUTH, "Content-Type": "application/json"})
        assert streamed.status_code == 413


def test_rate_limit(db):
    with serve_in_background(create_app(str(db[0]), token=TOKEN, rate_limit_per_minute=5)) as base:
        statuses = [httpx.get(f"{base}/health").status_code for _ in range(7)]
        assert statuses[:5] == [200] * 5 and statuses[5:] == [429, 429]


def test_cors_opens_only_for_configured_origins(db):
    app = create_app(str(db[0]), cors_origins=("https://analyst.example",))
    with serve_in_background(app) as base:
        allowed = httpx.get(f"{base}/events", headers={"Origin": "https://analyst.example"})
        assert allowed.headers["access-control-allow-origin"] == "https://analyst.example"
        other = httpx.get(f"{base}/events", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


# ---- command line -----------------------------------------------------------------------------


def test_serve_command_errors_are_one_line(tmp_path, capsys, monkeypatch):
    from marsad.cli import main

    monkeypatch.delenv("MARSAD_API_TOKEN", raising=False)
    assert main(["serve", "--db", str(tmp_path / "missing.sqlite")]) == 1
    err = capsys.readouterr().err.strip()
    assert "missing.sqlite" in err and "\n" not in err
    assert main(["serve", "--db", str(tmp_path / "missing.sqlite"), "--private"]) == 2
    assert "--private needs a token" in capsys.readouterr().err


def test_compact_scan_matches_the_full_event_path(db):
    from marsad.api.app import _compact, compact_scan
    from marsad.store import EventQuery, Store

    store = Store.open(str(db[0]))
    for query in (EventQuery(), EventQuery(country="Mali"), EventQuery(q="مسلحون"),
                  EventQuery(bbox=(0.0, 10.0, 15.0, 20.0)), EventQuery(review_status="rejected")):
        assert compact_scan(store, query) == [_compact(e) for e in store.iter_events(query)]
    store.close()
