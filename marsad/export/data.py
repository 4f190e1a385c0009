"""Read-only reference data for the exports (loaded once)."""

from __future__ import annotations

import functools
from pathlib import Path

import pycountry

from marsad.datafiles import load_yaml

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "export"


def _load(name: str) -> dict:
    return load_yaml((DATA_DIR / name).read_text(encoding="utf-8")) or {}


@functools.lru_cache(maxsize=1)
def region_by_iso() -> dict[str, str]:
    """ISO alpha-2 → ACLED region name (marsad/data/export/regions.yaml)."""
    return {code: region for region, codes in _load("regions.yaml").items() for code in codes}


@functools.lru_cache(maxsize=1)
def plover_contexts() -> dict[str, dict[str, list[str]]]:
    """ACLED event type / sub-event type → PLOVER context tags (marsad/data/export/plover.yaml)."""
    return _load("plover.yaml")


@functools.lru_cache(maxsize=512)
def country_codes(iso: str | None, name: str | None) -> tuple[str | None, int | None]:
    """(alpha-2, ISO numeric) from an alpha-2/alpha-3 code or, failing that, a country name."""
    for key in (iso, name):
        if not key:
            continue
        try:
            country = pycountry.countries.lookup(key.strip())
        except LookupError:
            continue
        return country.alpha_2, int(country.numeric)
    return None, None
