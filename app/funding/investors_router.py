import uuid

from fastapi import APIRouter, Response, status
from sqlalchemy.orm import Session

from app.core.openapi import problem_responses
from app.core.pagination import Cursor, Limit
from app.core.permissions import WorkspaceContext
from app.core.transaction import SessionDep, TransactionalRoute
from app.core.versioning import IfMatch, set_etag
from app.documents.routes import OwnerInfo, add_document_routes
from app.funding import investors, reads
from app.funding.investor_schemas import (
    InvestorCreate,
    InvestorPage,
    InvestorPipeline,
    InvestorRead,
    InvestorUpdate,
)
from app.models.paper import DocumentOwner, InvestorStage
from app.workspaces.dependencies import WorkspaceDep

router = APIRouter(
    prefix="/workspaces/{workspace}/investors", tags=["investors"], route_class=TransactionalRoute
)
documents_router = APIRouter(
    prefix="/workspaces/{workspace}/funding-documents",
    tags=["funding_documents"],
    route_class=TransactionalRoute,
)


@router.get("", summary="List investors", responses=problem_responses(404))
def investors_list(
    session: SessionDep,
    ctx: WorkspaceDep,
    stage: InvestorStage | None = None,
    owner_member_id: uuid.UUID | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> InvestorPage:
    items, next_cursor = reads.investors_page(
        session,
        ctx=ctx,
        stage=stage,
        owner_member_id=owner_member_id,
        limit=limit,
        cursor=cursor,
    )
    return InvestorPage(items=items, next_cursor=next_cursor)


@router.get(
    "/pipeline",
    summary="Investors and ticket sizes per stage (per currency)",
    responses=problem_responses(404),
)
def investors_pipeline(session: SessionDep, ctx: WorkspaceDep) -> InvestorPipeline:
    return investors.pipeline(session, ctx=ctx)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Add an investor to the pipeline (editor)",
    responses=problem_responses(404),
)
def investors_create(
    session: SessionDep, ctx: WorkspaceDep, investor_in: InvestorCreate, response: Response
) -> InvestorRead:
    investor = investors.create(session, ctx=ctx, investor_in=investor_in)
    return _reply(session, ctx, investor.id, response)


@router.get("/{investor_id}", summary="Get an investor", responses=problem_responses(404))
def investors_get(
    session: SessionDep, ctx: WorkspaceDep, investor_id: uuid.UUID, response: Response
) -> InvestorRead:
    return _reply(session, ctx, investor_id, response)


@router.patch(
    "/{investor_id}",
    summary="Move an investor along the pipeline or change them (editor)",
    responses=problem_responses(404),
)
def investors_update(
    session: SessionDep,
    ctx: WorkspaceDep,
    investor_id: uuid.UUID,
    investor_in: InvestorUpdate,
    if_match: IfMatch,
    response: Response,
) -> InvestorRead:
    investors.update(
        session, ctx=ctx, investor_id=investor_id, investor_in=investor_in, if_match=if_match
    )
    return _reply(session, ctx, investor_id, response)


@router.delete(
    "/{investor_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete an investor (editor)",
    responses=problem_responses(404),
)
def investors_delete(
    session: SessionDep, ctx: WorkspaceDep, investor_id: uuid.UUID, if_match: IfMatch
) -> None:
    investors.delete(session, ctx=ctx, investor_id=investor_id, if_match=if_match)


def _reply(
    session: Session, ctx: WorkspaceContext, investor_id: uuid.UUID, response: Response
) -> InvestorRead:
    """The investor re-read as the API shows it, with its version as the ETag."""
    reply, version = reads.read_investor(session, ctx=ctx, investor_id=investor_id)
    set_etag(response, version)
    return reply


def _funding(session: Session, ctx: WorkspaceContext, _owner_id: uuid.UUID | None) -> OwnerInfo:
    return OwnerInfo(ctx.workspace_id)


# The round's documents (pitch deck, financial model, term sheet) with versions:
# `funding_documents_list|create|get|download|sign|delete`.
add_document_routes(
    documents_router,
    resource="funding",
    label="the funding round",
    owner_type=DocumentOwner.funding,
    owner_param=None,
    load_owner=_funding,
    document_param="funding_document_id",
)
