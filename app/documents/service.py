"""Upload a version, list, mark signed, download and delete documents of an owner.

The caller has checked the owner (it is in the workspace and the caller may see it);
writes need editor access (`app.files.service` checks it again)."""

import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.activity import service as activity
from app.core import clock
from app.core.errors import NotFound
from app.core.permissions import WorkspaceContext
from app.documents import reads
from app.documents.reads import FILE_OWNER, NOT_FOUND
from app.documents.schemas import DocumentRead
from app.files import service as files
from app.files.blobs import BlobStore
from app.files.schemas import FileRead
from app.files.service import Upload
from app.models.enums import Access
from app.models.paper import Document, DocumentKind, DocumentOwner


def _owned(owner: tuple[DocumentOwner, uuid.UUID]) -> list[object]:
    return [Document.owner_type == owner[0], Document.owner_id == owner[1]]


def list_documents(
    session: Session, *, ctx: WorkspaceContext, owner: tuple[DocumentOwner, uuid.UUID]
) -> list[DocumentRead]:
    """Every version of every document of the owner, by kind, title, then version."""
    return reads.list_for(session, ctx=ctx, owner=owner)


def _get(
    session: Session,
    *,
    ctx: WorkspaceContext,
    owner: tuple[DocumentOwner, uuid.UUID],
    document_id: uuid.UUID,
) -> Document:
    document: Document | None = session.scalar(
        select(Document).where(
            Document.id == document_id,
            Document.workspace_id == ctx.workspace_id,
            *_owned(owner),  # type: ignore[arg-type]
        )
    )
    if document is None:
        raise NotFound(NOT_FOUND)
    return document


def get(
    session: Session,
    *,
    ctx: WorkspaceContext,
    owner: tuple[DocumentOwner, uuid.UUID],
    document_id: uuid.UUID,
) -> DocumentRead:
    return reads.read(session, ctx=ctx, owner=owner, document_id=document_id)


def file_of(
    session: Session,
    *,
    ctx: WorkspaceContext,
    owner: tuple[DocumentOwner, uuid.UUID],
    document_id: uuid.UUID,
) -> FileRead:
    """The stored file of one version (for its download)."""
    document = _get(session, ctx=ctx, owner=owner, document_id=document_id)
    return files.get(session, ctx=ctx, reference_id=document.file_reference_id)


def upload(
    session: Session,
    *,
    ctx: WorkspaceContext,
    blobs: BlobStore,
    upload: Upload,
    owner: tuple[DocumentOwner, uuid.UUID],
    kind: DocumentKind,
    title: str,
    signed: bool,
    subject_name: str = "",
    campaign_id: uuid.UUID | None = None,
) -> DocumentRead:
    """Keep the file as the next version of the owner's document `kind`/`title`."""
    ctx.require(Access.editor)
    title = title or upload.filename
    previous = session.scalar(
        select(func.max(Document.version)).where(
            Document.workspace_id == ctx.workspace_id,
            *_owned(owner),  # type: ignore[arg-type]
            Document.kind == kind,
            Document.title == title,
        )
    )
    document_id = uuid.uuid4()
    now = clock.now()
    stored = files.attach(
        session,
        ctx=ctx,
        blobs=blobs,
        upload=upload,
        owner_type=FILE_OWNER,
        owner_id=document_id,
        now=now,
    )
    document = Document(
        id=document_id,
        workspace_id=ctx.workspace_id,
        owner_type=owner[0],
        owner_id=owner[1],
        kind=kind,
        title=title,
        version=(previous or 0) + 1,
        signed=signed,
        file_reference_id=stored.id,
        created_at=now,
        created_by_member_id=ctx.member_id,
    )
    session.add(document)
    session.flush()
    activity.record(
        session,
        ctx=ctx,
        verb=f"{owner[0].value}.document_added",
        subject_id=owner[1],
        subject_name=subject_name,
        campaign_id=campaign_id,
        after={"document": title, "version": document.version, "signed": signed},
    )
    return reads.read(session, ctx=ctx, owner=owner, document_id=document.id)


def sign(
    session: Session,
    *,
    ctx: WorkspaceContext,
    owner: tuple[DocumentOwner, uuid.UUID],
    document_id: uuid.UUID,
    signed: bool,
) -> DocumentRead:
    ctx.require(Access.editor)
    document = _get(session, ctx=ctx, owner=owner, document_id=document_id)
    document.signed = signed
    session.flush()
    return reads.read(session, ctx=ctx, owner=owner, document_id=document.id)


def delete(
    session: Session,
    *,
    ctx: WorkspaceContext,
    blobs: BlobStore,
    owner: tuple[DocumentOwner, uuid.UUID],
    document_id: uuid.UUID,
) -> None:
    """Remove one version; the file goes with its last reference."""
    ctx.require(Access.editor)
    document = _get(session, ctx=ctx, owner=owner, document_id=document_id)
    session.delete(document)
    session.flush()
    files.detach_owner(session, ctx=ctx, blobs=blobs, owner_type=FILE_OWNER, owner_id=document.id)


def delete_owner(
    session: Session,
    *,
    ctx: WorkspaceContext,
    blobs: BlobStore,
    owner: tuple[DocumentOwner, uuid.UUID],
) -> None:
    """Every document of an object that is being deleted (and files no longer used)."""
    documents = list(
        session.scalars(
            select(Document).where(Document.workspace_id == ctx.workspace_id, *_owned(owner))  # type: ignore[arg-type]
        )
    )
    for document in documents:
        session.delete(document)
    session.flush()
    for document in documents:
        files.detach_owner(
            session, ctx=ctx, blobs=blobs, owner_type=FILE_OWNER, owner_id=document.id
        )
