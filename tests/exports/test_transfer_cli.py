"""`troupe export --workspace SLUG` and `troupe import PATH --slug NEW`."""

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


def test_export_then_import_makes_a_copy_owned_by_the_same_user(
    database: str, tmp_path: Path
) -> None:
    admin = ["create-admin", "--email", "boss@example.com", "--password", "long password"]
    assert runner.invoke(app, [*admin, "--workspace", "studio"]).exit_code == 0
    target = tmp_path / "studio.zip"

    exported = runner.invoke(app, ["export", "--workspace", "studio", "--output", str(target)])
    imported = runner.invoke(app, ["import", str(target), "--slug", "studio-copy"])
    again = tmp_path / "copy.jsonl"
    runner.invoke(app, ["export", "--workspace", "studio-copy", "--output", str(again)])

    assert exported.exit_code == 0, exported.output
    assert imported.exit_code == 0, imported.output
    assert "as workspace studio-copy" in imported.output
    lines = [json.loads(line) for line in again.read_text().splitlines()]
    assert lines[0]["workspace"]["slug"] == "studio-copy"
    members = [line["row"] for line in lines if line.get("table") == "members"]
    assert [(m["email"], m["access"]) for m in members] == [("boss@example.com", "owner")]


def test_import_refuses_a_taken_slug_and_a_broken_file(database: str, tmp_path: Path) -> None:
    admin = ["create-admin", "--email", "boss@example.com", "--password", "long password"]
    assert runner.invoke(app, [*admin, "--workspace", "studio"]).exit_code == 0
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"format": "troupe-workspace", "version": 1, "workspace": {}}\n')

    taken = runner.invoke(app, ["import", str(broken), "--slug", "studio"])
    cut = runner.invoke(app, ["import", str(broken), "--slug", "fresh"])

    assert taken.exit_code == 1
    assert "taken" in taken.output
    assert cut.exit_code == 1
    assert "Line 1" in cut.output or "cut" in cut.output
