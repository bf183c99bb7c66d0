"""Upload a version, list, mark signed, download and delete documents of an owner.

The caller has checked the owner (it is in the workspace and the caller may see it);
writes need editor access (`app.files.service` checks it again)."""

import uuid
from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.activity import service as activity
from app.core import clock
from app.core.errors import NotFound
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.documents.schemas import DocumentRead
from app.files import reads as file_reads
from app.files import service as files
from app.files.blobs import BlobStore
from app.files.schemas import FileRead
from app.files.service import Upload
from app.models.enums import Access
from app.models.paper import Document, DocumentKind, DocumentOwner

NOT_FOUND = N_("Document not found.")
FILE_OWNER = "document"


def _reads(
    session: Session, ctx: WorkspaceContext, documents: list[Document]
) -> list[DocumentRead]:
    latest: dict[tuple[DocumentKind, str], int] = defaultdict(int)
    for document in documents:
        key = (document.kind, document.title)
        latest[key] = max(latest[key], document.version)
    by_owner = file_reads.read_for_owners(
        session,
        workspace_id=ctx.workspace_id,
        owner_type=FILE_OWNER,
        owner_ids=[d.id for d in documents],
    )
    return [
        DocumentRead(
            id=d.id,
            kind=d.kind,
            title=d.title,
            version=d.version,
            latest=d.version == latest[(d.kind, d.title)],
            signed=d.signed,
            file=by_owner[d.id][0],
            created_at=d.created_at,
            created_by_member_id=d.created_by_member_id,
        )
        for d in documents
        if by_owner[d.id]
    ]


def _owned(owner: tuple[DocumentOwner, uuid.UUID]) -> list[object]:
    return [Document.owner_type == owner[0], Document.owner_id == owner[1]]


def list_documents(
    session: Session, *, ctx: WorkspaceContext, owner: tuple[DocumentOwner, uuid.UUID]
) -> list[DocumentRead]:
    """Every version of every document of the owner, by kind, title, then version."""
    documents = list(
        session.scalars(
            select(Document)
            .where(Document.workspace_id == ctx.workspace_id, *_owned(owner))  # type: ignore[arg-type]
            .order_by(Document.kind, Document.title, Document.version)
        )
    )
    return _reads(session, ctx, documents)


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


def _one(session: Session, ctx: WorkspaceContext, document: Document) -> DocumentRead:
    siblings = list(
        session.scalars(
            select(Document).where(
                Document.workspace_id == ctx.workspace_id,
                Document.owner_type == document.owner_type,
                Document.owner_id == document.owner_id,
                Document.kind == document.kind,
                Document.title == document.title,
            )
        )
    )
    return next(r for r in _reads(session, ctx, siblings) if r.id == document.id)


def get(
    session: Session,
    *,
    ctx: WorkspaceContext,
    owner: tuple[DocumentOwner, uuid.UUID],
    document_id: uuid.UUID,
) -> DocumentRead:
    return _one(session, ctx, _get(session, ctx=ctx, owner=owner, document_id=document_id))


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
    return _one(session, ctx, document)


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
    return _one(session, ctx, document)


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
