"""Persistent store for documents, reports and canonical events (SQLite or PostgreSQL+PostGIS)."""

from marsad.store.query import EventQuery
from marsad.store.review import EDITABLE_FIELDS
from marsad.store.store import Store, StoredEvent, database_url, new_event_id

__all__ = ["EDITABLE_FIELDS", "EventQuery", "Store", "StoredEvent", "database_url", "new_event_id"]
