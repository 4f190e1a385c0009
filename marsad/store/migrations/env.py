"""Alembic environment for the Marsad store.

Store.open runs the migrations programmatically and hands its own connection in
`config.attributes["connection"]`; running `alembic` from the command line with
`-x url=...` works too.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from marsad.store.schema import metadata

config = context.config


def run_migrations(connection: sa.Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        run_migrations(conn)
