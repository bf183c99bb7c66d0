"""What `troupe restore` refuses: a newer schema, a database with data, the wrong kind of
file. (Backing up a live server and restoring it: tests/concurrency/test_backup_restore.py.)"""

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import app
from app.core.backup import BackupError, backup, backup_revision, restore
from app.core.config import get_settings
from app.core.migrations import upgrade

runner = CliRunner()


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('source') / 'troupe.db'}"
    upgrade(url)
    return url


@pytest.fixture
def saved(source: str, tmp_path: Path) -> Path:
    path = tmp_path / "troupe.backup"
    backup(source, path)
    return path


def sqlite_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def tables(url: str) -> set[str]:
    with closing(sqlite3.connect(sqlite_path(url))) as connection:
        return {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}


@pytest.fixture
def target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """An empty database the CLI restores into (through TROUPE_DATABASE_URL)."""
    url = f"sqlite:///{tmp_path / 'target.db'}"
    monkeypatch.setenv("TROUPE_DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def test_restore_into_an_empty_database_gives_the_backups_schema(
    saved: Path, target: str, source: str
) -> None:
    result = runner.invoke(app, ["restore", str(saved)])

    assert result.exit_code == 0, result.output
    assert f"schema revision {backup_revision(source, saved)}" in result.output
    assert tables(target) == tables(source)


def test_restore_refuses_a_backup_of_a_newer_schema_and_changes_nothing(
    saved: Path, target: str
) -> None:
    with closing(sqlite3.connect(saved)) as connection, connection:
        connection.execute("UPDATE alembic_version SET version_num = 'f00dfeedbeef'")

    result = runner.invoke(app, ["restore", str(saved)])

    assert result.exit_code == 1
    assert "newer than this Troupe knows" in result.output
    assert "f00dfeedbeef" in result.output
    assert not sqlite_path(target).exists() or tables(target) == set()


def test_restore_refuses_to_overwrite_a_database_with_data_unless_asked(
    saved: Path, target: str
) -> None:
    upgrade(target)
    with closing(sqlite3.connect(sqlite_path(target))) as connection, connection:
        connection.execute("CREATE TABLE kept_by_refusal (x INTEGER)")

    refused = runner.invoke(app, ["restore", str(saved)])
    kept = tables(target)
    replaced = runner.invoke(app, ["restore", str(saved), "--replace"])

    assert refused.exit_code == 1
    assert "--replace" in refused.output
    assert "kept_by_refusal" in kept
    assert replaced.exit_code == 0, replaced.output
    assert "kept_by_refusal" not in tables(target)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"PGDMP\x01\x0e\x00", "is not a SQLite backup"),
        (b"just some text", "is not a SQLite backup"),
    ],
)
def test_restore_refuses_what_is_not_a_backup_of_its_database(
    tmp_path: Path, target: str, content: bytes, problem: str
) -> None:
    path = tmp_path / "other.backup"
    path.write_bytes(content)

    with pytest.raises(BackupError, match=problem):
        restore(target, path)


def test_a_sqlite_file_without_troupes_schema_is_refused(tmp_path: Path, target: str) -> None:
    path = tmp_path / "foreign.db"
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("CREATE TABLE notes (body TEXT)")

    with pytest.raises(BackupError, match="not a backup of Troupe"):
        restore(target, path)


def test_a_missing_backup_is_named(tmp_path: Path, target: str) -> None:
    result = runner.invoke(app, ["restore", str(tmp_path / "nowhere.backup")])

    assert result.exit_code == 1
    assert "No backup at" in result.output


def test_backup_replaces_its_file_whole(
    source: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    path = folder / "troupe.backup"
    path.write_bytes(b"an older backup")
    monkeypatch.setenv("TROUPE_DATABASE_URL", source)
    get_settings.cache_clear()
    try:
        result = runner.invoke(app, ["backup", str(path)])
    finally:
        get_settings.cache_clear()

    assert result.exit_code == 0, result.output
    assert path.read_bytes().startswith(b"SQLite format 3\x00")
    assert [p.name for p in folder.iterdir()] == ["troupe.backup"]
