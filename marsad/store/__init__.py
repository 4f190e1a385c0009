"""Persistent store for documents, reports and canonical events (SQLite or PostgreSQL+PostGIS).

Names are loaded on first use, so that `marsad --help` and `marsad extract` start
without SQLAlchemy and Alembic.
"""

from importlib import import_module

_LAZY = {
    "EventQuery": "query", "EDITABLE_FIELDS": "review", "Store": "store", "StoredEvent": "store",
    "database_url": "store", "new_event_id": "store",
}

__all__ = list(_LAZY)


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(f"marsad.store.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'marsad.store' has no attribute {name!r}")
