"""Date provenance: reports and events record where their date came from (EventReport.date_source:
told in the event's clause, or inferred from the paragraph, the lede or the publication date).
Rows stored before this revision keep NULL: dedupe treats an unknown source as a stated date.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TABLES = ("events", "reports")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("date_source", sa.Text()))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("date_source")
