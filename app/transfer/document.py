"""A workspace as one JSON Lines document, streamed (or a zip holding it).

    {"format": "troupe-workspace", "version": 1, "workspace": {...}, "tables": [...], ...}
    {"table": "users", "row": {"id": "…", "email": "lin@example.com", "display_name": "…"}}
    {"table": "members", "row": {...every column...}}
    …
    {"end": true, "rows": 1234}

The first line describes the workspace; then the users its members and activities name
(id, email and name only: no password, no token); then every row of every exported table
(`registry.EXPORTED`), parents before children, each table in primary-key order; the
last line counts the rows, so a cut document is refused on import. Values are as stored:
ids and times as text, enumerations by value, JSON as JSON.
"""

import json
import tempfile
import uuid
import zipfile
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, select, union
from sqlalchemy.orm import Session, sessionmaker

from app.files.blobs import BlobStore
from app.models import Activity, Member, StoredFile, User, Workspace
from app.transfer import codec, registry

FORMAT = "troupe-workspace"
VERSION = 1
ENTRY = "workspace.jsonl"
FILES = "files/"
JSONL_MEDIA_TYPE = "application/jsonl"
ZIP_MEDIA_TYPE = "application/zip"
_BATCH_BYTES = 256 * 1024
_CHUNK = 64 * 1024


def dumps(value: Any) -> bytes:
    return (
        json.dumps(value, default=codec.to_json, ensure_ascii=False, separators=(",", ":")) + "\n"
    ).encode()


def lines(connection: Connection, *, workspace_id: uuid.UUID, now: datetime) -> Iterator[bytes]:
    """The document, line by line (a few hundred KB at a time)."""
    workspaces = registry.tables()["workspaces"]
    workspace = (
        connection.execute(select(workspaces).where(workspaces.c.id == workspace_id))
        .mappings()
        .one()
    )
    yield dumps(
        {
            "format": FORMAT,
            "version": VERSION,
            "schema_revision": MigrationContext.configure(connection).get_current_revision(),
            "exported_at": now,
            "tables": [table.name for table in registry.ordered()],
            "workspace": dict(workspace),
        }
    )
    count = 0
    batch: list[bytes] = []
    size = 0
    for name, row in _rows(connection, workspace_id=workspace_id):
        line = dumps({"table": name, "row": row})
        batch.append(line)
        size += len(line)
        count += 1
        if size >= _BATCH_BYTES:
            yield b"".join(batch)
            batch, size = [], 0
    batch.append(dumps({"end": True, "rows": count}))
    yield b"".join(batch)


def _rows(
    connection: Connection, *, workspace_id: uuid.UUID
) -> Iterator[tuple[str, dict[str, Any]]]:
    named = union(
        select(Member.user_id.label("id")).where(Member.workspace_id == workspace_id),
        select(Activity.actor_user_id.label("id")).where(Activity.workspace_id == workspace_id),
    ).subquery()
    users = connection.execute(
        select(User.id, User.email, User.display_name)
        .where(User.id.in_(select(named.c.id)))
        .order_by(User.id)
    )
    for user in users.mappings():
        yield "users", dict(user)
    for table in registry.ordered():
        # On this statement only: `Connection.execution_options` would change the connection.
        result = connection.execute(
            registry.rows_of(table, workspace_id).execution_options(yield_per=1000)
        )
        for row in result.mappings():
            yield table.name, dict(row)


def stream(
    session_factory: sessionmaker[Session],
    *,
    workspace_id: uuid.UUID,
    now: datetime,
    zipped: bool,
    blobs: BlobStore | None = None,
) -> Iterator[bytes]:
    """The document from a session of its own (the request's has ended by then). A zip
    also holds the content of the workspace's files (`files/<sha256>`) found in `blobs`."""
    with session_factory() as session:
        connection = session.connection()
        if not zipped:
            yield from lines(connection, workspace_id=workspace_id, now=now)
            return
        with tempfile.TemporaryFile() as file:
            with zipfile.ZipFile(file, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                with archive.open(ENTRY, "w", force_zip64=True) as entry:
                    for chunk in lines(connection, workspace_id=workspace_id, now=now):
                        entry.write(chunk)
                if blobs is not None:
                    _add_files(connection, archive, blobs, workspace_id=workspace_id)
            file.seek(0)
            while chunk := file.read(_CHUNK):
                yield chunk


def _add_files(
    connection: Connection, archive: zipfile.ZipFile, blobs: BlobStore, *, workspace_id: uuid.UUID
) -> None:
    digests = connection.scalars(
        select(StoredFile.sha256).where(StoredFile.workspace_id == workspace_id).distinct()
    )
    for digest in digests:
        if not blobs.exists(digest):
            continue  # a missing blob stays missing; its row still travels
        with archive.open(FILES + digest, "w", force_zip64=True) as entry:
            for chunk in blobs.read(digest):
                entry.write(chunk)


def workspace_id_of(session: Session, slug: str) -> uuid.UUID | None:
    return session.scalar(select(Workspace.id).where(Workspace.slug == slug))
