"""Read documents: one Core select of the reply's columns, `latest` answered in SQL (no
later version of the same owner, kind and title), the files of the page in one more."""

import uuid
from typing import Any, cast

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from app.core.errors import NotFound
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.core.reads import Reader, as_dicts, enum_text, id_text
from app.documents.schemas import DocumentRead
from app.files import reads as file_reads
from app.models.paper import Document, DocumentOwner

NOT_FOUND = N_("Document not found.")
FILE_OWNER = "document"

_DOCUMENTS = cast(Table, Document.__table__)
_D = _DOCUMENTS.c
_SIBLINGS = _DOCUMENTS.alias("siblings")
_S = _SIBLINGS.c
_LATEST = (
    select(func.max(_S.version))
    .where(
        _S.workspace_id == _D.workspace_id,
        _S.owner_type == _D.owner_type,
        _S.owner_id == _D.owner_id,
        _S.kind == _D.kind,
        _S.title == _D.title,
    )
    .scalar_subquery()
)
_READ = select(
    _D.id,
    enum_text(_D.kind),
    _D.title,
    _D.version,
    (_D.version == _LATEST).label("latest"),
    _D.signed,
    _D.created_at,
    id_text(_D.created_by_member_id),
)
_REPLIES = Reader(DocumentRead)


def _replies(session: Session, ctx: WorkspaceContext, rows: Any) -> list[DocumentRead]:
    values = as_dicts(rows)
    by_owner = file_reads.read_for_owners(
        session,
        workspace_id=ctx.workspace_id,
        owner_type=FILE_OWNER,
        owner_ids=[v["id"] for v in values],
    )
    kept = [{**v, "file": by_owner[v["id"]][0]} for v in values if by_owner[v["id"]]]
    return _REPLIES.many(kept)


def _owned(owner: tuple[DocumentOwner, uuid.UUID]) -> list[Any]:
    return [_D.owner_type == owner[0], _D.owner_id == owner[1]]


def list_for(
    session: Session, *, ctx: WorkspaceContext, owner: tuple[DocumentOwner, uuid.UUID]
) -> list[DocumentRead]:
    """Every version of every document of the owner, by kind, title, then version."""
    rows = session.execute(
        _READ.where(_D.workspace_id == ctx.workspace_id, *_owned(owner)).order_by(
            _D.kind, _D.title, _D.version
        )
    ).all()
    return _replies(session, ctx, rows)


def read(
    session: Session,
    *,
    ctx: WorkspaceContext,
    owner: tuple[DocumentOwner, uuid.UUID],
    document_id: uuid.UUID,
) -> DocumentRead:
    """One version of the owner's document as the API shows it; 404 if not here."""
    row = session.execute(
        _READ.where(_D.id == document_id, _D.workspace_id == ctx.workspace_id, *_owned(owner))
    ).first()
    found = _replies(session, ctx, [row]) if row is not None else []
    if not found:
        raise NotFound(NOT_FOUND)
    return found[0]
