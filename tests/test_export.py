"""Exports: ACLED CSV, PLOVER JSON, GeoJSON, JSON lines, GeoParquet, and `marsad export`."""

from __future__ import annotations

import csv
import io
import json
import struct
from dataclasses import dataclass, replace

import pyarrow.parquet as pq
import pytest

from marsad.cli import main
from marsad.export import write_events, write_parquet
from marsad.records import (
    ACLED_COLUMNS,
    EXTRACTION_FIELDS,
    Document,
    Event,
    EventReport,
    Mention,
    Place,
    Source,
)
from marsad.store import EventQuery, Store


@dataclass(slots=True)
class _Window:
    window_days: int = 7


class SeparateEvents:
    """Dedupe policy that never merges: each report is its own event."""

    config = _Window()

    def assign(self, reports, candidates):
        @dataclass
        class A:
            report_index: int
            event_id: None = None
            cluster: str = ""
            score: float = 1.0
            reasons: dict | None = None

        return [A(i, None, f"new:{i}") for i in range(len(reports))]

    def merge(self, reports, sources):
        return reports[0]

    def source_scale(self, sources, country=None):
        return "National"


GAO = Place(name="Gao", latitude=16.2666, longitude=-0.04, country="Mali", iso="ML", geonameid=2457163)

STORIES = [
    # (text, outlet, language, report fields)
    ("قالت مصادر محلية إن مسلحين هاجموا موقعا للجيش المالي قرب غاو فجر الثلاثاء، ما أسفر عن مقتل أربعة جنود.",
     "Sahel Info", "ar",
     dict(event_type="Battles", sub_event_type="Armed clash", plover_type="FIGHT", plover_mode="small-arms",
          date="2024-03-05", time_precision=1, country="Mali", iso="ML", admin1="Gao", location="Gao",
          latitude=16.2666, longitude=-0.04, geo_precision=1, actor1="Unidentified Armed Group (Mali)", inter1=3,
          actor2="Military Forces of Mali (2021-)", inter2=1, fatalities=4, disorder_type="Political violence",
          interaction=13, modality="asserted")),
    ("Des centaines de personnes ont manifesté samedi à Niamey pour réclamer la baisse des prix.",
     "Niger Presse", "fr",
     dict(event_type="Protests", sub_event_type="Peaceful protest", plover_type="PROTEST", plover_mode="demonstrate",
          date="2024-02-17", time_precision=1, country="Niger", iso="NE", admin1="Niamey", location="Niamey",
          latitude=13.5128, longitude=2.1128, geo_precision=1, actor1="Protesters (Niger)", inter1=6,
          disorder_type="Demonstrations", interaction=60, civilian_targeting=None)),
    ("Un groupe armé a revendiqué l'enlèvement de deux commerçants dans le sud de l'Algérie.",
     "Alger Actu", "fr",
     dict(event_type="Violence against civilians", sub_event_type="Abduction/forced disappearance",
          date="2024-01-20", time_precision=2, country="Algeria", iso=None, admin1=None, location=None,
          latitude=None, longitude=None, geo_precision=3, actor1="Unidentified Armed Group (Algeria)", inter1=3,
          actor2="Civilians (Algeria)", inter2=7, modality="claimed", attribution="a statement by the group",
          civilian_targeting="Civilian targeting")),
]


def _store_events(store: Store) -> list[str]:
    ids = []
    for text, outlet, language, fields in STORIES:
        doc = Document(id="", text=text, outlet=outlet, language=language, url=f"https://news.example/{len(ids)}")
        doc.id = doc.content_hash
        mentions = [Mention(text.find("غاو"), text.find("غاو") + 3, "place", "غاو", value=GAO)] if "غاو" in text else []
        report = EventReport(doc_id=doc.id, evidence=text[:60], evidence_start=0, evidence_end=60,
                             confidence=0.8, language=language, mentions=mentions, **fields)
        ids += store.add_reports(doc, [report], SeparateEvents())
    return ids


@pytest.fixture
def db(tmp_path) -> str:
    path = tmp_path / "marsad.sqlite"
    with Store.open(str(path)) as store:
        _store_events(store)
    return str(path)


def _events(db: str, **kw) -> list[Event]:
    with Store.open(db) as store:
        return list(store.iter_events(EventQuery(sort="-date", **kw)))


def test_acled_csv_has_exactly_the_31_columns_and_acled_codes(db):
    out = io.StringIO()
    assert write_events(_events(db), "acled-csv", out) == 3
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == ACLED_COLUMNS and len(rows[0]) == 31
    records = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    gao, niamey, algeria = records
    assert gao["event_id_cnty"].startswith("MRS") and gao["event_date"] == "2024-03-05" and gao["year"] == "2024"
    assert (gao["iso"], gao["region"], gao["country"]) == ("466", "Western Africa", "Mali")
    assert (niamey["iso"], niamey["region"]) == ("562", "Western Africa")
    assert (algeria["iso"], algeria["region"]) == ("12", "Northern Africa")  # iso found from the name
    assert (gao["latitude"], gao["longitude"]) == ("16.2666", "-0.04")
    assert algeria["latitude"] == "" and algeria["admin3"] == ""
    assert gao["source"] == "Sahel Info" and gao["source_scale"] == "National"
    assert gao["fatalities"] == "4" and gao["inter1"] == "3" and gao["interaction"] == "13"
    assert "Armed clash" in gao["notes"] and "غاو" in gao["notes"] and "Fatalities: 4" in gao["notes"]
    assert "modality=claimed" in algeria["tags"] and "claimed" in algeria["notes"]
    assert int(gao["timestamp"]) > 1_700_000_000


def test_acled_source_joins_outlets(db):
    [event] = _events(db, country="Mali")
    event.sources.append(Source(doc_id="x", outlet="Radio Kledu"))
    event.sources.append(Source(doc_id="y", outlet="Sahel Info"))  # repeated outlet listed once
    out = io.StringIO()
    write_events([event], "acled-csv", out)
    row = list(csv.DictReader(io.StringIO(out.getvalue())))[0]
    assert row["source"] == "Sahel Info; Radio Kledu"


def test_geojson_is_a_feature_collection_in_lon_lat_order(db):
    out = io.StringIO()
    write_events(_events(db), "geojson", out)
    collection = json.loads(out.getvalue())
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == 3
    gao, niamey, algeria = collection["features"]
    assert gao["type"] == "Feature"
    assert gao["geometry"] == {"type": "Point", "coordinates": [-0.04, 16.2666]}
    assert niamey["geometry"]["coordinates"] == [2.1128, 13.5128]
    assert algeria["geometry"] is None
    for feature in collection["features"]:
        lon, lat = (feature["geometry"] or {"coordinates": [0, 0]})["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert set(EXTRACTION_FIELDS) | {"id", "sources"} <= set(feature["properties"])
    assert gao["properties"]["sources"][0]["outlet"] == "Sahel Info"
    assert gao["properties"]["id"] == gao["id"]


def test_plover_json_shape(db):
    out = io.StringIO()
    write_events(_events(db), "plover-json", out)
    records = json.loads(out.getvalue())
    assert isinstance(records, list) and len(records) == 3
    gao = records[0]
    assert (gao["event_type"], gao["mode"]) == ("FIGHT", "small-arms")
    assert gao["context"] == ["military"]
    assert gao["actor"][0]["name"] == "Unidentified Armed Group (Mali)"
    assert gao["recipient"][0]["name"] == "Military Forces of Mali (2021-)"
    assert gao["date"] == "2024-03-05"
    assert gao["location"]["country_code"] == "ML" and gao["location"]["geonameid"] == 2457163
    [citation] = gao["citation"]
    text = STORIES[0][0]
    assert citation["text"] == text[citation["start"]:citation["end"]]
    assert citation["url"].startswith("https://") and citation["doc_id"]
    assert records[2]["context"] == ["human_rights"] and records[2]["recipient"][0]["name"] == "Civilians (Algeria)"


def test_jsonl_has_contract_fields_sources_and_reports(db):
    out = io.StringIO()
    assert write_events(_events(db), "jsonl", out) == 3
    lines = out.getvalue().splitlines()
    assert len(lines) == 3
    record = json.loads(lines[0])
    assert list(record)[: 1 + len(EXTRACTION_FIELDS)] == ["id", *EXTRACTION_FIELDS]
    assert record["sources"][0]["url"] == "https://news.example/0"
    assert record["reports"][0]["mentions"][0]["value"]["geonameid"] == 2457163


def test_parquet_round_trips_with_geoparquet_metadata(db, tmp_path):
    path = tmp_path / "events.parquet"
    assert write_parquet(_events(db), path) == 3
    table = pq.read_table(path)
    geo = json.loads(table.schema.metadata[b"geo"])
    assert geo["primary_column"] == "geometry" and geo["columns"]["geometry"]["encoding"] == "WKB"
    rows = table.to_pylist()
    assert [r["location"] for r in rows] == ["Gao", "Niamey", None]
    order, kind, lon, lat = struct.unpack("<BIdd", rows[0]["geometry"])
    assert (order, kind, lon, lat) == (1, 1, -0.04, 16.2666)
    assert rows[2]["geometry"] is None
    assert rows[0]["fatalities"] == 4 and rows[0]["source_outlets"] == ["Sahel Info"]
    assert write_parquet([], tmp_path / "empty.parquet") == 0
    assert pq.read_table(tmp_path / "empty.parquet").num_rows == 0


class _RecordingStream(io.StringIO):
    pass


@pytest.mark.parametrize("fmt", ["acled-csv", "plover-json", "geojson", "jsonl"])
def test_writers_stream_one_event_at_a_time(db, fmt):
    events = _events(db)
    stream = _RecordingStream()

    def generate():
        for i, event in enumerate(events * 4):
            # Before handing over the next event, the previous one must already be written.
            assert stream.getvalue().count(events[(i - 1) % 3].id) >= (i + 2) // 3 if i else True
            yield replace(event)

    assert write_events(generate(), fmt, stream) == 12


def test_unknown_format_is_rejected(db):
    with pytest.raises(ValueError, match="unknown export format"):
        write_events([], "xml", io.StringIO())


# ---------------------------------------------------------------- command line


def test_cli_exports_each_format_to_a_file(db, tmp_path, capsys):
    for fmt, name in [("acled-csv", "e.csv"), ("geojson", "e.geojson"), ("plover-json", "e.json"),
                      ("jsonl", "e.jsonl"), ("parquet", "e.parquet")]:
        out = tmp_path / name
        assert main(["export", "--db", db, "--format", fmt, "-o", str(out)]) == 0
        assert out.stat().st_size > 0
    assert "wrote 3 events" in capsys.readouterr().err
    assert pq.read_table(tmp_path / "e.parquet").num_rows == 3


def test_cli_filters_and_stdout(db, capsys):
    assert main(["export", "--db", db, "--format", "acled-csv", "-o", "-", "--country", "NE"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["location"] for r in rows] == ["Niamey"]
    assert main(["export", "--db", db, "--format", "jsonl", "--date-from", "2024-02-01",
                 "--date-to", "2024-03-31", "--event-type", "Battles"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["location"] for line in lines] == ["Gao"]


def test_cli_leaves_out_rejected_events_unless_asked(db, capsys):
    with Store.open(db) as store:
        [event] = store.query_events(EventQuery(country="Niger"))[0]
        store.review_event(event.id, "amina", "reject")
    main(["export", "--db", db, "--format", "jsonl"])
    assert len(capsys.readouterr().out.splitlines()) == 2
    main(["export", "--db", db, "--format", "jsonl", "--include-rejected"])
    assert len(capsys.readouterr().out.splitlines()) == 3


def test_cli_errors_are_one_line_and_create_nothing(tmp_path, db, capsys):
    missing = tmp_path / "nope.sqlite"
    assert main(["export", "--db", str(missing), "--format", "acled-csv", "-o", str(tmp_path / "x.csv")]) == 2
    err = capsys.readouterr().err
    assert err.strip() == f"marsad export: database file not found: {missing}"
    assert not missing.exists() and not (tmp_path / "x.csv").exists()
    assert main(["export", "--db", db, "--format", "parquet", "-o", "-"]) == 2
    assert "parquet is binary" in capsys.readouterr().err
    assert main(["export", "--db", db, "--format", "geojson", "-o", str(tmp_path / "no" / "dir.json")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot write" in err and "dir.json" in err
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_text("this is not a database")
    assert main(["export", "--db", str(garbage), "--format", "jsonl"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot open database" in err
    with pytest.raises(SystemExit):
        main(["export", "--db", db, "--format", "jsonl", "--date-from", "March"])


def test_cli_exports_from_both_backends(store_url, tmp_path, capsys):
    with Store.open(store_url) as store:
        _store_events(store)
    assert main(["export", "--db", store_url, "--format", "geojson", "-o", "-"]) == 0
    collection = json.loads(capsys.readouterr().out)
    assert [f["properties"]["location"] for f in collection["features"]] == [None, "Niamey", "Gao"]  # by date
