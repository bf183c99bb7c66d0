import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import app
from app.core.config import get_settings

runner = CliRunner()


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("TROUPE_DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def test_create_admin_is_idempotent(database: str) -> None:
    args = [
        "create-admin",
        "--email",
        "boss@example.com",
        "--password",
        "long password",
        "--workspace",
        "studio",
        "--workspace-name",
        "Studio",
    ]

    first = runner.invoke(app, args)
    second = runner.invoke(app, args)

    assert first.exit_code == 0, first.output
    assert "Created user boss@example.com and workspace studio" in first.output
    assert second.exit_code == 0
    assert "nothing changed" in second.output


def test_create_admin_refuses_a_wrong_password_for_an_existing_user(database: str) -> None:
    base = ["create-admin", "--email", "boss@example.com", "--workspace", "studio"]
    runner.invoke(app, [*base, "--password", "long password"])

    result = runner.invoke(app, [*base, "--password", "guessed secret"])

    assert result.exit_code == 1
    assert "exists with another password" in result.output
    assert "guessed secret" not in result.output


def test_openapi_prints_the_spec(database: str) -> None:
    result = runner.invoke(app, ["openapi"])

    spec = json.loads(result.output)
    assert spec["info"]["title"] == "Troupe"
    assert "/api/v1/workspaces/{workspace}/assignments" in spec["paths"]


def test_db_downgrade_and_upgrade(database: str) -> None:
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    assert runner.invoke(app, ["db", "downgrade", "base"]).exit_code == 0
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
