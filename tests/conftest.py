"""Shared fixtures: throwaway SQLite and PostgreSQL databases.

PostgreSQL tests need a server with PostGIS: start one with
`export MARSAD_TEST_PG_URL=$(scripts/pg-test-server.sh start /tmp/marsad-pg)`.
Each test gets a fresh database cloned from a PostGIS-enabled template.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

PG_ENV = "MARSAD_TEST_PG_URL"


@pytest.fixture
def tmp_sqlite_url(tmp_path) -> str:
    """URL of a not-yet-created SQLite file in the test's tmp_path."""
    return f"sqlite:///{tmp_path / 'marsad.sqlite'}"


def _admin_connect(url: str):
    import psycopg

    return psycopg.connect(url, autocommit=True)


def _with_database(url: str, name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    """Name of a per-session template database with postgis and pg_trgm installed."""
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"PostgreSQL tests need {PG_ENV} (start a server with scripts/pg-test-server.sh)")
    from psycopg import sql

    name = f"marsad_tpl_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with _admin_connect(base) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(sql.Identifier(name)))
    try:
        with _admin_connect(_with_database(base, name)) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
            conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        yield name
    finally:
        with _admin_connect(base) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture
def pg_url(pg_template: str) -> Iterator[str]:
    """URL (postgresql://) of a fresh, empty PostGIS database, dropped after the test."""
    from psycopg import sql

    base = os.environ[PG_ENV]
    name = f"marsad_t_{uuid.uuid4().hex[:12]}"
    with _admin_connect(base) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(pg_template)))
    try:
        yield _with_database(base, name)
    finally:
        with _admin_connect(base) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request) -> str:
    """A fresh database URL, once for SQLite and once for PostgreSQL (skipped without a server)."""
    if request.param == "sqlite":
        return request.getfixturevalue("tmp_sqlite_url")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(store_url):
    """An open store on a fresh database of each backend, closed after the test."""
    from marsad.store import Store

    s = Store.open(store_url)
    yield s
    s.close()


# In CI (MARSAD_REQUIRE_SERVICES=1) the services are started by .ci/run, so a test
# skipped for want of PostgreSQL or Chromium is a failure, not a pass.
SERVICE_SKIPS = (PG_ENV, "Chromium", "playwright")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("MARSAD_REQUIRE_SERVICES") == "1":
        reason = str(report.longrepr)
        if any(word in reason for word in SERVICE_SKIPS):
            report.outcome = "failed"
            report.longrepr = f"service required in CI but unavailable: {reason}"
