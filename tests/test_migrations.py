"""Migrations are the only way the schema changes: they go up, down and up again cleanly,
and they agree with the models (autogenerate finds nothing to do)."""

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from app.core.db import create_db_engine
from app.core.migrations import downgrade, upgrade
from app.models import Base


@pytest.fixture
def scratch_url(database_url: str, tmp_path: Path) -> Iterator[str]:
    """An empty database of the same kind as the test database."""
    if not database_url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'scratch.db'}"
        return
    name = f"troupe_scratch_{uuid.uuid4().hex[:8]}"
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(database_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def table_names(url: str) -> set[str]:
    engine = create_db_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_upgrade_downgrade_to_base_and_upgrade_again(scratch_url: str) -> None:
    upgrade(scratch_url)
    assert table_names(scratch_url) == set(Base.metadata.tables)

    downgrade(scratch_url, "base")
    assert table_names(scratch_url) == set()

    upgrade(scratch_url)
    assert table_names(scratch_url) == set(Base.metadata.tables)


def test_models_and_migrations_agree(scratch_url: str) -> None:
    upgrade(scratch_url)
    engine = create_db_engine(scratch_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()

    assert differences == []
