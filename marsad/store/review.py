"""Validation of reviewer edits: which event fields may change, and to what (pure functions)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from marsad.records import MODALITIES

REVIEW_ACTIONS: dict[str, str] = {"confirm": "confirmed", "edit": "edited", "reject": "rejected"}

_TEXT_FIELDS = (
    "event_type", "sub_event_type", "plover_type", "plover_mode", "date", "country", "iso",
    "admin1", "admin2", "location", "actor1", "assoc_actor_1", "actor2", "assoc_actor_2",
    "modality", "attribution", "disorder_type", "civilian_targeting",
)
_INT_FIELDS = ("time_precision", "geo_precision", "inter1", "inter2", "fatalities", "interaction")
_FLOAT_FIELDS = ("latitude", "longitude")
EDITABLE_FIELDS: tuple[str, ...] = _TEXT_FIELDS + _INT_FIELDS + _FLOAT_FIELDS
_REQUIRED = {"event_type", "sub_event_type", "fatalities", "modality"}


def clean_changes(changes: dict[str, Any]) -> dict[str, Any]:
    """Coerce and check an edit; ValueError names the first bad field."""
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise ValueError(f"field(s) not editable: {', '.join(unknown)}; editable: {', '.join(EDITABLE_FIELDS)}")
    return {name: _clean(name, value) for name, value in changes.items()}


def _clean(name: str, value: Any) -> Any:
    if value is None or value == "":
        if name in _REQUIRED:
            raise ValueError(f"{name} cannot be empty")
        return None
    try:
        if name in _INT_FIELDS:
            coerced: Any = int(value)
        elif name in _FLOAT_FIELDS:
            coerced = float(value)
        else:
            coerced = str(value).strip()
    except (TypeError, ValueError):
        raise ValueError(f"{name}: not a valid value: {value!r}") from None
    _check_range(name, coerced)
    return coerced


def _check_range(name: str, value: Any) -> None:
    if name == "date":
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"date must be YYYY-MM-DD, got {value!r}") from None
    elif name == "latitude" and not -90 <= value <= 90:
        raise ValueError("latitude must be between -90 and 90")
    elif name == "longitude" and not -180 <= value <= 180:
        raise ValueError("longitude must be between -180 and 180")
    elif name in ("time_precision", "geo_precision") and value not in (1, 2, 3):
        raise ValueError(f"{name} must be 1, 2 or 3")
    elif name == "fatalities" and value < 0:
        raise ValueError("fatalities must be >= 0")
    elif name == "modality" and value not in MODALITIES:
        raise ValueError(f"modality must be one of {', '.join(MODALITIES)}")
