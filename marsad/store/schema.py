"""Table definitions (SQLAlchemy Core) shared by the store and its migrations' checks.

The schema itself is created and upgraded by the Alembic migrations in
`marsad/store/migrations`; these Table objects describe it for queries. PostgreSQL
additionally has a generated PostGIS column `events.geom` (geometry(Point, 4326)) and
SQLite an FTS5 table `events_fts`; both are backend-specific, so they are not listed here.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

# Every EventReport field except `mentions` (kept as JSON), with its column type.
REPORT_COLUMNS: tuple[tuple[str, sa.types.TypeEngine], ...] = (
    ("doc_id", sa.Text()),
    ("event_type", sa.Text()),
    ("sub_event_type", sa.Text()),
    ("plover_type", sa.Text()),
    ("plover_mode", sa.Text()),
    ("date", sa.String(10)),
    ("time_precision", sa.Integer()),
    ("country", sa.Text()),
    ("iso", sa.String(3)),
    ("admin1", sa.Text()),
    ("admin2", sa.Text()),
    ("location", sa.Text()),
    ("latitude", sa.Float()),
    ("longitude", sa.Float()),
    ("geo_precision", sa.Integer()),
    ("actor1", sa.Text()),
    ("assoc_actor_1", sa.Text()),
    ("inter1", sa.Integer()),
    ("actor2", sa.Text()),
    ("assoc_actor_2", sa.Text()),
    ("inter2", sa.Integer()),
    ("fatalities", sa.Integer()),
    ("modality", sa.Text()),
    ("attribution", sa.Text()),
    ("evidence", sa.Text()),
    ("evidence_start", sa.Integer()),
    ("evidence_end", sa.Integer()),
    ("confidence", sa.Float()),
    ("disorder_type", sa.Text()),
    ("interaction", sa.Integer()),
    ("civilian_targeting", sa.Text()),
    ("rule", sa.Text()),
    ("language", sa.Text()),
    ("date_source", sa.Text()),  # added by migration 0002
)
REPORT_FIELD_NAMES: tuple[str, ...] = tuple(name for name, _ in REPORT_COLUMNS)


def _report_columns() -> list[sa.Column]:
    # Type instances are stateless, so the events and reports tables can share them.
    return [sa.Column(name, type_) for name, type_ in REPORT_COLUMNS]


documents = sa.Table(
    "documents",
    metadata,
    sa.Column("id", sa.Text(), primary_key=True),
    sa.Column("content_hash", sa.Text(), nullable=False),
    sa.Column("url", sa.Text()),
    sa.Column("outlet", sa.Text()),
    sa.Column("language", sa.Text()),
    sa.Column("published", sa.String(10)),
    sa.Column("title", sa.Text()),
    sa.Column("text", sa.Text(), nullable=False),
    sa.Column("origin", sa.Text()),
    sa.Column("near_duplicate_of", sa.Text()),
    sa.Column("signature", sa.JSON()),
    sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("content_hash", name="uq_documents_content_hash"),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.Text(), primary_key=True),
    *_report_columns(),
    sa.Column("source_scale", sa.Text()),
    sa.Column("review_status", sa.Text(), nullable=False, server_default="unreviewed"),
    sa.Column("overrides", sa.JSON()),  # reviewer edits, re-applied after every merge
    sa.Column("n_sources", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("search_text", sa.Text()),  # normalised text behind the `q` filter
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_events_country_date", "country", "date"),
    sa.Index("ix_events_date", "date"),
    sa.Index("ix_events_event_type", "event_type"),
    sa.Index("ix_events_review_status", "review_status"),
    sa.Index("ix_events_lat_lon", "latitude", "longitude"),
)

reports = sa.Table(
    "reports",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.Text(), sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    sa.Column("report_index", sa.Integer(), nullable=False),
    *_report_columns(),
    sa.Column("mentions", sa.JSON()),
    sa.ForeignKeyConstraint(["doc_id"], ["documents.id"]),
    sa.UniqueConstraint("doc_id", "report_index", name="uq_reports_doc_index"),
    sa.Index("ix_reports_event_id", "event_id"),
)

event_sources = sa.Table(
    "event_sources",
    metadata,
    sa.Column("event_id", sa.Text(), sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("doc_id", sa.Text(), sa.ForeignKey("documents.id"), primary_key=True),
    sa.Column("outlet", sa.Text()),
    sa.Column("url", sa.Text()),
    sa.Column("published", sa.String(10)),
    sa.Column("language", sa.Text()),
    sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_event_sources_doc_id", "doc_id"),
)

event_history = sa.Table(
    "event_history",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.Text(), nullable=False),  # no FK: history outlives a deleted event
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("who", sa.Text(), nullable=False),
    sa.Column("action", sa.Text(), nullable=False),
    sa.Column("details", sa.JSON()),
    sa.Index("ix_event_history_event_id", "event_id"),
)

reviews = sa.Table(
    "reviews",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.Text(), sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    sa.Column("reviewer", sa.Text(), nullable=False),
    sa.Column("action", sa.Text(), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("changes", sa.JSON()),  # {field: {"before": .., "after": ..}}
    sa.Index("ix_reviews_event_id", "event_id"),
)

doc_bands = sa.Table(
    "doc_bands",
    metadata,
    sa.Column("band_key", sa.Text(), primary_key=True),
    sa.Column("doc_id", sa.Text(), sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    sa.Index("ix_doc_bands_doc_id", "doc_id"),
)
