"""Attach files to objects, and let them go: the content is kept while something uses it.

A feature checks that the caller may see or change the owning object first, then calls
these with the same `ctx` (writes also need editor access and a writing token). Each
function flushes; the request's transaction commits.

Deleting the last reference deletes the `stored_files` row; its blob is deleted after the
commit (never before: a rollback must find it still there), under a lock on the digest
and only if no workspace holds that content any more. What a crash leaves behind (a blob
of a rolled-back upload, rows of a deleted workspace) `collect_garbage` removes.
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO

from sqlalchemy import Connection, Engine, delete, event, exists, func, select, text
from sqlalchemy.orm import Session

from app.core.db import WRITE_TRANSACTION
from app.core.errors import NotFound
from app.core.permissions import WorkspaceContext
from app.files import reads
from app.files.blobs import BlobStore
from app.files.detect import Kind
from app.files.errors import FILE_NOT_FOUND
from app.files.schemas import FileRead
from app.models import FileReference, StoredFile
from app.models.enums import Access

logger = logging.getLogger("troupe.files")

_UNREFERENCED = "troupe.files.unreferenced"  # session.info: {digest: store} to purge after commit


@dataclass(frozen=True)
class Upload:
    """A received, checked file (`app.files.http.Files.receive` makes one)."""

    file: BinaryIO
    sha256: str
    size: int
    kind: Kind
    filename: str


def lock_content(connection: Connection, digest: str) -> None:
    """Serialise every put and delete of one content until the transaction ends.

    PostgreSQL: an advisory transaction lock on the digest. SQLite has one writer at a
    time: a write statement takes that lock (a no-op if the transaction holds it already).
    """
    if connection.dialect.name == "postgresql":
        key = int.from_bytes(bytes.fromhex(digest[:16]), "big", signed=True)
        connection.execute(select(func.pg_advisory_xact_lock(key)))
    else:
        connection.execute(text("UPDATE stored_files SET size = size WHERE 0"))


def attach(
    session: Session,
    *,
    ctx: WorkspaceContext,
    blobs: BlobStore,
    upload: Upload,
    owner_type: str,
    owner_id: uuid.UUID,
    now: datetime,
) -> FileRead:
    """Keep `upload` (once per content) and make it a file of the owner."""
    ctx.require(Access.editor)
    lock_content(session.connection(), upload.sha256)
    stored = session.scalar(
        select(StoredFile).where(
            StoredFile.workspace_id == ctx.workspace_id, StoredFile.sha256 == upload.sha256
        )
    )
    blobs.put(upload.sha256, upload.file)  # writes nothing when the content is there
    if stored is None:
        stored = StoredFile(
            workspace_id=ctx.workspace_id,
            sha256=upload.sha256,
            size=upload.size,
            content_type=upload.kind.content_type,
            created_at=now,
        )
        session.add(stored)
        session.flush()
    return _reference(
        session, ctx=ctx, stored=stored, owner=(owner_type, owner_id), name=upload.filename, now=now
    )


def attach_copy(
    session: Session,
    *,
    ctx: WorkspaceContext,
    reference_id: uuid.UUID,
    owner_type: str,
    owner_id: uuid.UUID,
    now: datetime,
) -> FileRead:
    """The same content as a file of another owner in the workspace (nothing is copied)."""
    ctx.require(Access.editor)
    source = _get_reference(session, ctx=ctx, reference_id=reference_id, owner=None)
    stored = session.get_one(StoredFile, source.stored_file_id)
    lock_content(session.connection(), stored.sha256)
    return _reference(
        session, ctx=ctx, stored=stored, owner=(owner_type, owner_id), name=source.filename, now=now
    )


def _reference(
    session: Session,
    *,
    ctx: WorkspaceContext,
    stored: StoredFile,
    owner: tuple[str, uuid.UUID],
    name: str,
    now: datetime,
) -> FileRead:
    reference = FileReference(
        workspace_id=ctx.workspace_id,
        stored_file_id=stored.id,
        owner_type=owner[0],
        owner_id=owner[1],
        filename=name,
        created_at=now,
        created_by_member_id=ctx.member_id,
    )
    session.add(reference)
    session.flush()
    return reads.read(session, workspace_id=ctx.workspace_id, reference_id=reference.id)


def get(
    session: Session,
    *,
    ctx: WorkspaceContext,
    reference_id: uuid.UUID,
    owner: tuple[str, uuid.UUID] | None = None,
) -> FileRead:
    """A file of the workspace (and of `owner`, when given: ids of other objects are 404)."""
    return reads.read(
        session, workspace_id=ctx.workspace_id, reference_id=reference_id, owner=owner
    )


def list_files(
    session: Session, *, ctx: WorkspaceContext, owner_type: str, owner_id: uuid.UUID
) -> list[FileRead]:
    return reads.read_for_owner(
        session, workspace_id=ctx.workspace_id, owner_type=owner_type, owner_id=owner_id
    )


def detach(
    session: Session,
    *,
    ctx: WorkspaceContext,
    blobs: BlobStore,
    reference_id: uuid.UUID,
    owner: tuple[str, uuid.UUID] | None = None,
) -> None:
    """The owner no longer uses this file; the content goes with its last reference."""
    ctx.require(Access.editor)
    reference = _get_reference(session, ctx=ctx, reference_id=reference_id, owner=owner)
    _release(session, blobs, [reference])


def detach_owner(
    session: Session,
    *,
    ctx: WorkspaceContext,
    blobs: BlobStore,
    owner_type: str,
    owner_id: uuid.UUID,
) -> int:
    """Every file of an object that is being deleted; how many there were."""
    ctx.require(Access.editor)
    references = list(
        session.scalars(
            select(FileReference).where(
                FileReference.workspace_id == ctx.workspace_id,
                FileReference.owner_type == owner_type,
                FileReference.owner_id == owner_id,
            )
        )
    )
    _release(session, blobs, references)
    return len(references)


def _get_reference(
    session: Session,
    *,
    ctx: WorkspaceContext,
    reference_id: uuid.UUID,
    owner: tuple[str, uuid.UUID] | None,
) -> FileReference:
    stmt = select(FileReference).where(
        FileReference.id == reference_id, FileReference.workspace_id == ctx.workspace_id
    )
    if owner is not None:
        stmt = stmt.where(FileReference.owner_type == owner[0], FileReference.owner_id == owner[1])
    reference = session.scalar(stmt)
    if reference is None:
        raise NotFound(FILE_NOT_FOUND)
    return reference


def _release(session: Session, blobs: BlobStore, references: list[FileReference]) -> None:
    stored_ids = {reference.stored_file_id for reference in references}
    for reference in references:
        session.delete(reference)
    session.flush()
    unreferenced: dict[str, BlobStore] = session.info.setdefault(_UNREFERENCED, {})
    stored_files = session.scalars(
        select(StoredFile).where(StoredFile.id.in_(stored_ids)).order_by(StoredFile.sha256)
    )
    for stored in stored_files:
        lock_content(session.connection(), stored.sha256)
        if not session.scalar(select(exists().where(FileReference.stored_file_id == stored.id))):
            session.delete(stored)
            unreferenced[stored.sha256] = blobs
    session.flush()


# After the commit ----------------------------------------------------------------------


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    unreferenced: dict[str, BlobStore] = session.info.pop(_UNREFERENCED, {})
    for blobs in {id(blobs): blobs for blobs in unreferenced.values()}.values():
        digests = {digest for digest, store in unreferenced.items() if store is blobs}
        try:
            purge(session.get_bind(), blobs, digests)
        except Exception:  # the commit stands; collect_garbage retries later
            logger.exception("could not delete %d unreferenced blobs", len(digests))


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_UNREFERENCED, None)


def purge(bind: Engine | Connection, blobs: BlobStore, digests: set[str]) -> int:
    """Delete the blobs of `digests` that no workspace holds (each under its lock)."""
    if isinstance(bind, Engine):
        with bind.connect() as connection:
            connection.execution_options(**{WRITE_TRANSACTION: True})
            with connection.begin():
                return _purge(connection, blobs, digests)
    return _purge(bind, blobs, digests)


def _purge(connection: Connection, blobs: BlobStore, digests: set[str]) -> int:
    deleted = 0
    for digest in sorted(digests):
        lock_content(connection, digest)
        if not connection.scalar(select(exists().where(StoredFile.sha256 == digest))):
            blobs.delete(digest)
            deleted += 1
    return deleted


@dataclass(frozen=True)
class Garbage:
    rows: int  # stored_files without references (a deleted workspace's, a crash's)
    blobs: int  # blobs without a row (a rolled-back upload's, a failed purge's)


def collect_garbage(bind: Engine | Connection, blobs: BlobStore) -> Garbage:
    """Remove what no reference uses any more: rows first, then their blobs and orphans."""
    if isinstance(bind, Engine):
        with bind.connect() as connection:
            connection.execution_options(**{WRITE_TRANSACTION: True})
            with connection.begin():
                return _collect(connection, blobs)
    return _collect(bind, blobs)


def _collect(connection: Connection, blobs: BlobStore) -> Garbage:
    unused = ~exists().where(FileReference.stored_file_id == StoredFile.id)
    rows = connection.execute(
        select(StoredFile.id, StoredFile.sha256).where(unused).order_by(StoredFile.sha256)
    ).all()
    for row in rows:
        lock_content(connection, row.sha256)
    if rows:
        connection.execute(
            delete(StoredFile).where(StoredFile.id.in_([row.id for row in rows]), unused)
        )
    kept = set(connection.scalars(select(StoredFile.sha256).distinct()))
    removed = _purge(
        connection, blobs, {digest for digest in blobs.digests() if digest not in kept}
    )
    return Garbage(rows=len(rows), blobs=removed)
