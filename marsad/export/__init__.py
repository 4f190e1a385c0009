"""Exports: ACLED CSV, PLOVER JSON, GeoJSON, JSON lines and GeoParquet, all streaming."""

from marsad.export.formats import acled_row, canonical_record, geojson_feature, notes, plover_record
from marsad.export.writers import (
    FORMATS,
    TEXT_FORMATS,
    parquet_schema,
    point_wkb,
    write_events,
    write_parquet,
)

__all__ = [
    "FORMATS", "TEXT_FORMATS", "acled_row", "canonical_record", "geojson_feature", "notes",
    "parquet_schema", "plover_record", "point_wkb", "write_events", "write_parquet",
]
