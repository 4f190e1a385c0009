"""Initial schema: documents, reports, events (+ PostGIS geometry / SQLite FTS5), sources,
history, reviews and near-duplicate band keys.

Revision ID: 0001
Revises:
Create Date: 2024-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Frozen copy of the EventReport columns at this revision (later revisions add their own).
REPORT_COLUMNS = (
    ("doc_id", sa.Text), ("event_type", sa.Text), ("sub_event_type", sa.Text),
    ("plover_type", sa.Text), ("plover_mode", sa.Text), ("date", lambda: sa.String(10)),
    ("time_precision", sa.Integer), ("country", sa.Text), ("iso", lambda: sa.String(3)),
    ("admin1", sa.Text), ("admin2", sa.Text), ("location", sa.Text), ("latitude", sa.Float),
    ("longitude", sa.Float), ("geo_precision", sa.Integer), ("actor1", sa.Text),
    ("assoc_actor_1", sa.Text), ("inter1", sa.Integer), ("actor2", sa.Text),
    ("assoc_actor_2", sa.Text), ("inter2", sa.Integer), ("fatalities", sa.Integer),
    ("modality", sa.Text), ("attribution", sa.Text), ("evidence", sa.Text),
    ("evidence_start", sa.Integer), ("evidence_end", sa.Integer), ("confidence", sa.Float),
    ("disorder_type", sa.Text), ("interaction", sa.Integer), ("civilian_targeting", sa.Text),
    ("rule", sa.Text), ("language", sa.Text),
)


def report_columns() -> list[sa.Column]:
    return [sa.Column(name, make()) for name, make in REPORT_COLUMNS]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        _try_pg_extension("pg_trgm")
    tz = sa.DateTime(timezone=True)
    op.create_table(
        "documents",
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
        sa.Column("ingested_at", tz, nullable=False),
        sa.UniqueConstraint("content_hash", name="uq_documents_content_hash"),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Text(), primary_key=True),
        *report_columns(),
        sa.Column("source_scale", sa.Text()),
        sa.Column("review_status", sa.Text(), nullable=False, server_default="unreviewed"),
        sa.Column("overrides", sa.JSON()),
        sa.Column("n_sources", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("search_text", sa.Text()),
        sa.Column("created_at", tz, nullable=False),
        sa.Column("updated_at", tz, nullable=False),
    )
    op.create_index("ix_events_country_date", "events", ["country", "date"])
    op.create_index("ix_events_date", "events", ["date"])
    op.create_index("ix_events_event_type", "events", ["event_type"])
    op.create_index("ix_events_review_status", "events", ["review_status"])
    op.create_index("ix_events_lat_lon", "events", ["latitude", "longitude"])
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.Text(), sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
        sa.Column("report_index", sa.Integer(), nullable=False),
        *report_columns(),
        sa.Column("mentions", sa.JSON()),
        sa.ForeignKeyConstraint(["doc_id"], ["documents.id"]),
        sa.UniqueConstraint("doc_id", "report_index", name="uq_reports_doc_index"),
    )
    op.create_index("ix_reports_event_id", "reports", ["event_id"])
    op.create_table(
        "event_sources",
        sa.Column("event_id", sa.Text(), sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("doc_id", sa.Text(), sa.ForeignKey("documents.id"), primary_key=True),
        sa.Column("outlet", sa.Text()),
        sa.Column("url", sa.Text()),
        sa.Column("published", sa.String(10)),
        sa.Column("language", sa.Text()),
        sa.Column("added_at", tz, nullable=False),
    )
    op.create_index("ix_event_sources_doc_id", "event_sources", ["doc_id"])
    op.create_table(
        "event_history",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.Text(), nullable=False),
        sa.Column("at", tz, nullable=False),
        sa.Column("who", sa.Text(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("details", sa.JSON()),
    )
    op.create_index("ix_event_history_event_id", "event_history", ["event_id"])
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.Text(), sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
        sa.Column("reviewer", sa.Text(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("at", tz, nullable=False),
        sa.Column("changes", sa.JSON()),
    )
    op.create_index("ix_reviews_event_id", "reviews", ["event_id"])
    op.create_table(
        "doc_bands",
        sa.Column("band_key", sa.Text(), primary_key=True),
        sa.Column("doc_id", sa.Text(), sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    )
    op.create_index("ix_doc_bands_doc_id", "doc_bands", ["doc_id"])
    if dialect == "postgresql":
        _postgres_extras()
    elif dialect == "sqlite":
        _sqlite_fts()


def _try_pg_extension(name: str) -> None:
    """pg_trgm only speeds up the text filter, so a server without it (or without the
    right to create it) still gets a working store."""
    bind = op.get_bind()
    savepoint = bind.begin_nested()
    try:
        bind.exec_driver_sql(f"CREATE EXTENSION IF NOT EXISTS {name}")
        savepoint.commit()
    except sa.exc.DBAPIError:
        savepoint.rollback()


def _postgres_extras() -> None:
    # The point is derived from the plain lat/lon columns, so it can never disagree with them.
    op.execute(
        "ALTER TABLE events ADD COLUMN geom geometry(Point, 4326) GENERATED ALWAYS AS ("
        "CASE WHEN latitude IS NOT NULL AND longitude IS NOT NULL "
        "THEN ST_SetSRID(ST_MakePoint(longitude, latitude), 4326) END) STORED"
    )
    op.execute("CREATE INDEX ix_events_geom ON events USING gist (geom)")
    op.execute("CREATE INDEX ix_events_geog ON events USING gist ((geom::geography))")
    has_trgm = op.get_bind().exec_driver_sql(
        "SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'"
    ).first()
    if has_trgm:
        op.execute("CREATE INDEX ix_events_search_trgm ON events USING gin (search_text gin_trgm_ops)")


def _sqlite_fts() -> None:
    """Trigram FTS5 gives substring matching, which Arabic needs: a query for جيش must find
    والجيش. Without FTS5/trigram support the store falls back to LIKE on events.search_text."""
    bind = op.get_bind()
    savepoint = bind.begin_nested()
    try:
        bind.exec_driver_sql(
            "CREATE VIRTUAL TABLE events_fts USING fts5(event_id UNINDEXED, body, tokenize='trigram')"
        )
        savepoint.commit()
    except sa.exc.OperationalError:
        savepoint.rollback()


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS events_fts")
    for table in ("doc_bands", "reviews", "event_history", "event_sources", "reports", "events", "documents"):
        op.drop_table(table)
