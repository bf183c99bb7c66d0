"""Reads of files: one Core select of the columns `FileRead` needs (reference + content)."""

import uuid
from collections.abc import Sequence
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from app.core.errors import NotFound
from app.files.errors import FILE_NOT_FOUND
from app.files.schemas import FileRead
from app.models import FileReference, StoredFile

_FILES = TypeAdapter(list[FileRead])
_READ = select(
    FileReference.id,
    FileReference.filename,
    StoredFile.content_type,
    StoredFile.size,
    StoredFile.sha256,
    FileReference.created_at,
    FileReference.created_by_member_id,
).join_from(FileReference, StoredFile, StoredFile.id == FileReference.stored_file_id)


def _views(rows: Sequence[Row[*tuple[Any, ...]]]) -> list[FileRead]:
    return _FILES.validate_python([row._asdict() for row in rows])


def read(
    session: Session,
    *,
    workspace_id: uuid.UUID,
    reference_id: uuid.UUID,
    owner: tuple[str, uuid.UUID] | None = None,
) -> FileRead:
    """One file of the workspace (of that owner, if given); 404 otherwise."""
    stmt = _READ.where(FileReference.id == reference_id, FileReference.workspace_id == workspace_id)
    if owner is not None:
        stmt = stmt.where(FileReference.owner_type == owner[0], FileReference.owner_id == owner[1])
    row = session.execute(stmt).first()
    if row is None:
        raise NotFound(FILE_NOT_FOUND)
    return _views([row])[0]


def read_for_owner(
    session: Session, *, workspace_id: uuid.UUID, owner_type: str, owner_id: uuid.UUID
) -> list[FileRead]:
    """The owner's files, oldest first."""
    stmt = _READ.where(
        FileReference.workspace_id == workspace_id,
        FileReference.owner_type == owner_type,
        FileReference.owner_id == owner_id,
    )
    rows = session.execute(stmt.order_by(FileReference.created_at, FileReference.id)).all()
    return _views(rows)


def read_for_owners(
    session: Session, *, workspace_id: uuid.UUID, owner_type: str, owner_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[FileRead]]:
    """The files of several owners in one statement (for a page of objects)."""
    found: dict[uuid.UUID, list[FileRead]] = {owner_id: [] for owner_id in owner_ids}
    if not owner_ids:
        return found
    stmt = (
        _READ.add_columns(FileReference.owner_id)
        .where(
            FileReference.workspace_id == workspace_id,
            FileReference.owner_type == owner_type,
            FileReference.owner_id.in_(owner_ids),
        )
        .order_by(FileReference.created_at, FileReference.id)
    )
    for row in session.execute(stmt):
        values = row._asdict()
        found[values.pop("owner_id")].append(FileRead.model_validate(values))
    return found
