"""Exports: ACLED CSV, PLOVER JSON, GeoJSON, JSON lines and GeoParquet, all streaming.

Attributes are loaded on first use, so that importing `marsad.export.names` (as the
command line does at start-up) does not load pyarrow.
"""

from importlib import import_module

from marsad.export.names import FORMATS, TEXT_FORMATS

_LAZY = {
    "acled_row": "formats", "canonical_record": "formats", "geojson_feature": "formats", "notes": "formats",
    "plover_record": "formats", "parquet_schema": "writers", "point_wkb": "writers",
    "write_events": "writers", "write_parquet": "writers",
}

__all__ = ["FORMATS", "TEXT_FORMATS", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(f"marsad.export.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'marsad.export' has no attribute {name!r}")
