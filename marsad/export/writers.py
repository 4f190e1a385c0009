"""Streaming writers: events go out one at a time, never all held in memory."""

from __future__ import annotations

import csv
import json
import struct
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

import pyarrow as pa
import pyarrow.parquet as pq

from marsad.export.formats import acled_row, canonical_record, geojson_feature, plover_record
from marsad.export.names import FORMATS, TEXT_FORMATS  # noqa: E402, F401  (re-exported)
from marsad.records import ACLED_COLUMNS, EXTRACTION_FIELDS, Event, EventReport

PARQUET_BATCH = 1000


def write_events(events: Iterable[Event], fmt: str, stream: TextIO) -> int:
    """Write `events` to a text stream in `fmt` (acled-csv, plover-json, geojson, jsonl); count."""
    if fmt == "acled-csv":
        return _write_csv(events, stream)
    if fmt == "plover-json":
        return _write_json_array(map(plover_record, events), stream, "[\n", "\n]\n")
    if fmt == "geojson":
        head = '{"type": "FeatureCollection", "features": [\n'
        return _write_json_array(map(geojson_feature, events), stream, head, "\n]}\n")
    if fmt == "jsonl":
        count = 0
        for record in map(canonical_record, events):
            stream.write(_dumps(record) + "\n")
            count += 1
        return count
    if fmt == "parquet":
        raise ValueError("parquet is binary: use write_parquet(events, path)")
    raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _write_csv(events: Iterable[Event], stream: TextIO) -> int:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(ACLED_COLUMNS)
    count = 0
    for event in events:
        writer.writerow(acled_row(event))
        count += 1
    return count


def _write_json_array(records: Iterator[dict[str, Any]], stream: TextIO, head: str, tail: str) -> int:
    stream.write(head)
    count = 0
    for record in records:
        stream.write((",\n" if count else "") + _dumps(record))
        count += 1
    stream.write(tail)
    return count


def _dumps(record: dict[str, Any]) -> str:
    # allow_nan=False: NaN is not JSON (RFC 8259), fail loudly rather than write invalid files.
    return json.dumps(record, ensure_ascii=False, allow_nan=False)


# ---------------------------------------------------------------------- GeoParquet

_INT_FIELDS = {"time_precision", "geo_precision", "inter1", "inter2", "fatalities", "evidence_start",
               "evidence_end", "interaction"}
_FLOAT_FIELDS = {"latitude", "longitude", "confidence"}
_EXTRA_FIELDS = ("disorder_type", "interaction", "civilian_targeting")
GEO_METADATA = {
    "version": "1.0.0",
    "primary_column": "geometry",
    # No "crs" member: GeoParquet then means OGC:CRS84, i.e. WGS 84 in lon/lat order.
    "columns": {"geometry": {"encoding": "WKB", "geometry_types": ["Point"]}},
}


def _arrow_type(name: str) -> pa.DataType:
    if name in _INT_FIELDS:
        return pa.int64()
    if name in _FLOAT_FIELDS:
        return pa.float64()
    return pa.string()


def parquet_schema() -> pa.Schema:
    fields = [pa.field("id", pa.string(), nullable=False)]
    fields += [pa.field(name, _arrow_type(name)) for name in (*EXTRACTION_FIELDS, *_EXTRA_FIELDS)]
    fields += [
        pa.field("source_scale", pa.string()),
        pa.field("review_status", pa.string()),
        pa.field("source_doc_ids", pa.list_(pa.string())),
        pa.field("source_outlets", pa.list_(pa.string())),
        pa.field("source_urls", pa.list_(pa.string())),
        pa.field("geometry", pa.binary()),
    ]
    return pa.schema(fields, metadata={"geo": json.dumps(GEO_METADATA)})


def point_wkb(longitude: float | None, latitude: float | None) -> bytes | None:
    """Little-endian ISO WKB for a 2D point, or None without coordinates."""
    if longitude is None or latitude is None:
        return None
    return struct.pack("<BIdd", 1, 1, longitude, latitude)


def _parquet_row(event: Event) -> dict[str, Any]:
    r: EventReport = event.report
    row: dict[str, Any] = {"id": event.id}
    row.update({name: getattr(r, name) for name in (*EXTRACTION_FIELDS, *_EXTRA_FIELDS)})
    row.update({
        "source_scale": event.source_scale,
        "review_status": event.review_status,
        "source_doc_ids": [s.doc_id for s in event.sources],
        "source_outlets": [s.outlet for s in event.sources],
        "source_urls": [s.url for s in event.sources],
        "geometry": point_wkb(r.longitude, r.latitude),
    })
    return row


def write_parquet(events: Iterable[Event], path: str | Path) -> int:
    """Write GeoParquet (WKB point column `geometry` + "geo" metadata) in batches; count."""
    schema = parquet_schema()
    count = 0
    batch: list[dict[str, Any]] = []
    with pq.ParquetWriter(str(path), schema) as writer:
        for event in events:
            batch.append(_parquet_row(event))
            count += 1
            if len(batch) >= PARQUET_BATCH:
                writer.write_batch(pa.RecordBatch.from_pylist(batch, schema=schema))
                batch = []
        if batch or count == 0:
            writer.write_batch(pa.RecordBatch.from_pylist(batch, schema=schema))
    return count
