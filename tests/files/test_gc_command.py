"""`troupe files gc` removes what nothing refers to."""

import hashlib
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import app
from app.core.config import get_settings
from app.core.migrations import upgrade
from app.files.blobs import LocalBlobStore


def test_files_gc_deletes_blobs_without_a_stored_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'gc.db'}"
    upgrade(url)
    store = LocalBlobStore(tmp_path / "files")
    store.put(hashlib.sha256(b"lone").hexdigest(), io.BytesIO(b"lone"))
    monkeypatch.setenv("TROUPE_DATABASE_URL", url)
    monkeypatch.setenv("TROUPE_FILES_DIR", str(tmp_path / "files"))
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["files", "gc"])
    finally:
        get_settings.cache_clear()

    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Removed 0 unreferenced files and 1 blobs."
    assert list(store.digests()) == []
