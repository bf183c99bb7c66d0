import uuid

from fastapi import APIRouter, Response, status
from sqlalchemy.orm import Session

from app.contracts import health, reads, service
from app.contracts.health import ContractsHealth
from app.contracts.schemas import (
    ContractCreate,
    ContractDecision,
    ContractPage,
    ContractRead,
    ContractUpdate,
)
from app.core.openapi import problem_responses
from app.core.pagination import Cursor, Limit
from app.core.permissions import WorkspaceContext
from app.core.transaction import SessionDep, TransactionalRoute
from app.core.versioning import IfMatch, set_etag
from app.documents.routes import OwnerInfo, add_document_routes
from app.files.http import FilesDep
from app.models.contract import ContractStatus
from app.models.paper import DocumentOwner
from app.workspaces.dependencies import WorkspaceDep

router = APIRouter(
    prefix="/workspaces/{workspace}/contracts", tags=["contracts"], route_class=TransactionalRoute
)


@router.get("", summary="List contracts", responses=problem_responses(404))
def contracts_list(
    session: SessionDep,
    ctx: WorkspaceDep,
    status: ContractStatus | None = None,
    campaign_id: uuid.UUID | None = None,
    partner_id: uuid.UUID | None = None,
    deal_id: uuid.UUID | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> ContractPage:
    items, next_cursor = reads.list_page(
        session,
        ctx=ctx,
        status=status,
        campaign_id=campaign_id,
        partner_id=partner_id,
        deal_id=deal_id,
        limit=limit,
        cursor=cursor,
    )
    return ContractPage(items=items, next_cursor=next_cursor)


@router.get(
    "/health",
    summary="Contracts that need attention: notice due, expired in use, unsigned on a won deal",
    responses=problem_responses(404),
)
def contracts_health(session: SessionDep, ctx: WorkspaceDep) -> ContractsHealth:
    return health.contracts_health(session, ctx=ctx)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Add a contract (editor); renewal and notice terms are checked",
    responses=problem_responses(404),
)
def contracts_create(
    session: SessionDep, ctx: WorkspaceDep, contract_in: ContractCreate, response: Response
) -> ContractRead:
    contract = service.create(session, ctx=ctx, contract_in=contract_in)
    return _reply(session, ctx, contract.id, response)


@router.get(
    "/{contract_id}",
    summary="Get a contract and its reminder timeline",
    responses=problem_responses(404),
)
def contracts_get(
    session: SessionDep, ctx: WorkspaceDep, contract_id: uuid.UUID, response: Response
) -> ContractRead:
    return _reply(session, ctx, contract_id, response)


@router.patch(
    "/{contract_id}",
    summary="Change a contract or move it along its life cycle (editor)",
    responses=problem_responses(404, 409),
)
def contracts_update(
    session: SessionDep,
    ctx: WorkspaceDep,
    contract_id: uuid.UUID,
    contract_in: ContractUpdate,
    if_match: IfMatch,
    response: Response,
) -> ContractRead:
    service.update(
        session, ctx=ctx, contract_id=contract_id, contract_in=contract_in, if_match=if_match
    )
    return _reply(session, ctx, contract_id, response)


@router.post(
    "/{contract_id}/decision",
    summary="Decide before the notice deadline: renew, renegotiate or terminate (editor)",
    responses=problem_responses(404),
)
def contracts_decide(
    session: SessionDep, ctx: WorkspaceDep, contract_id: uuid.UUID, decision_in: ContractDecision
) -> ContractRead:
    service.decide(session, ctx=ctx, contract_id=contract_id, decision_in=decision_in)
    return reads.read(session, ctx=ctx, contract_id=contract_id)[0]


@router.delete(
    "/{contract_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a contract (editor)",
    responses=problem_responses(404),
)
def contracts_delete(
    session: SessionDep,
    ctx: WorkspaceDep,
    files: FilesDep,
    contract_id: uuid.UUID,
    if_match: IfMatch,
) -> None:
    service.delete(session, ctx=ctx, contract_id=contract_id, if_match=if_match, blobs=files.blobs)


def _reply(
    session: Session, ctx: WorkspaceContext, contract_id: uuid.UUID, response: Response
) -> ContractRead:
    """The contract re-read as the API shows it, with its version as the ETag."""
    reply, version = reads.read(session, ctx=ctx, contract_id=contract_id)
    set_etag(response, version)
    return reply


def _contract(session: Session, ctx: WorkspaceContext, contract_id: uuid.UUID | None) -> OwnerInfo:
    assert contract_id is not None
    contract = service.get(session, ctx=ctx, contract_id=contract_id)
    return OwnerInfo(contract.id, contract.title, contract.campaign_id)


# Documents with versions and a `signed` mark, e.g. `contracts_documents_create`.
add_document_routes(
    router,
    resource="contracts",
    label="a contract",
    owner_type=DocumentOwner.contract,
    owner_param="contract_id",
    load_owner=_contract,
)
