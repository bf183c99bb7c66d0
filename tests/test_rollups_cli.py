"""`troupe metrics rebuild-rollups` recomputes the dashboards' rollups from datapoints."""

from sqlalchemy import delete, func, select

from app.cli import app
from app.core.db import create_db_engine
from app.models import MetricRollup
from tests.test_cli import database, runner  # noqa: F401 (a fixture)


def test_rebuild_rollups_restores_what_was_lost(database: str) -> None:  # noqa: F811
    created = runner.invoke(
        app,
        [
            "create-admin",
            "--email",
            "boss@example.com",
            "--password",
            "long password",
            "--workspace",
            "studio",
            "--workspace-name",
            "Studio",
        ],
    )
    assert created.exit_code == 0, created.output
    assert runner.invoke(app, ["seed-demo"]).exit_code == 0
    engine = create_db_engine(database)
    try:
        with engine.begin() as connection:
            before = connection.scalar(select(func.count()).select_from(MetricRollup))
            connection.execute(delete(MetricRollup))

        rebuilt = runner.invoke(app, ["metrics", "rebuild-rollups"])
        unknown = runner.invoke(app, ["metrics", "rebuild-rollups", "--workspace", "nope"])

        with engine.connect() as connection:
            after = connection.scalar(select(func.count()).select_from(MetricRollup))
    finally:
        engine.dispose()
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "rollup rows" in rebuilt.output
    assert after == before
    assert unknown.exit_code == 1
