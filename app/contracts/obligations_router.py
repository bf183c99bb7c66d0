import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app.contracts import obligation_reads, obligations
from app.contracts.obligation_schemas import (
    ObligationCreate,
    ObligationPage,
    ObligationRead,
    ObligationUpdate,
)
from app.core.openapi import problem_responses
from app.core.pagination import Cursor, Limit
from app.core.transaction import SessionDep, TransactionalRoute
from app.core.versioning import IfMatch, set_etag
from app.models.paper import ObligationStatus
from app.workspaces.dependencies import WorkspaceDep

router = APIRouter(
    prefix="/workspaces/{workspace}/obligations",
    tags=["obligations"],
    route_class=TransactionalRoute,
)


@router.get(
    "",
    summary="List contract obligations (e.g. a member's week: owner and due_before)",
    responses=problem_responses(404),
)
def obligations_list(
    session: SessionDep,
    ctx: WorkspaceDep,
    contract_id: uuid.UUID | None = None,
    owner_member_id: uuid.UUID | None = None,
    status: ObligationStatus | None = None,
    due_before: Annotated[date | None, Query(description="Due before this day.")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> ObligationPage:
    items, next_cursor = obligations.list_obligations(
        session,
        ctx=ctx,
        contract_id=contract_id,
        owner_member_id=owner_member_id,
        status=status,
        due_before=due_before,
        limit=limit,
        cursor=cursor,
    )
    return ObligationPage(items=obligation_reads.replies(session, items), next_cursor=next_cursor)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Add an obligation to a contract (editor)",
    responses=problem_responses(404),
)
def obligations_create(
    session: SessionDep, ctx: WorkspaceDep, obligation_in: ObligationCreate, response: Response
) -> ObligationRead:
    obligation = obligations.create(session, ctx=ctx, obligation_in=obligation_in)
    set_etag(response, obligation.version)
    return obligation_reads.reply(session, obligation)


@router.get("/{obligation_id}", summary="Get an obligation", responses=problem_responses(404))
def obligations_get(
    session: SessionDep, ctx: WorkspaceDep, obligation_id: uuid.UUID, response: Response
) -> ObligationRead:
    obligation = obligations.get(session, ctx=ctx, obligation_id=obligation_id)
    set_etag(response, obligation.version)
    return obligation_reads.reply(session, obligation)


@router.patch(
    "/{obligation_id}", summary="Change an obligation (editor)", responses=problem_responses(404)
)
def obligations_update(
    session: SessionDep,
    ctx: WorkspaceDep,
    obligation_id: uuid.UUID,
    obligation_in: ObligationUpdate,
    if_match: IfMatch,
    response: Response,
) -> ObligationRead:
    obligation = obligations.update(
        session,
        ctx=ctx,
        obligation_id=obligation_id,
        obligation_in=obligation_in,
        if_match=if_match,
    )
    set_etag(response, obligation.version)
    return obligation_reads.reply(session, obligation)


@router.post(
    "/{obligation_id}/complete",
    summary="Mark an obligation done; a recurring one moves to its next due date (editor)",
    responses=problem_responses(404),
)
def obligations_complete(
    session: SessionDep, ctx: WorkspaceDep, obligation_id: uuid.UUID
) -> ObligationRead:
    return obligation_reads.reply(
        session, obligations.complete(session, ctx=ctx, obligation_id=obligation_id)
    )


@router.delete(
    "/{obligation_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete an obligation (editor)",
    responses=problem_responses(404),
)
def obligations_delete(
    session: SessionDep, ctx: WorkspaceDep, obligation_id: uuid.UUID, if_match: IfMatch
) -> None:
    obligations.delete(session, ctx=ctx, obligation_id=obligation_id, if_match=if_match)
