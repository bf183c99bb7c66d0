import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app.campaigns import reads, service
from app.campaigns.schemas import (
    CampaignCreate,
    CampaignPage,
    CampaignRead,
    CampaignUpdate,
)
from app.core.openapi import problem_responses
from app.core.pagination import Cursor, Limit
from app.core.transaction import SessionDep, TransactionalRoute
from app.core.versioning import IfMatch, set_etag
from app.models.enums import CampaignKind, CampaignStatus
from app.workspaces.dependencies import WorkspaceDep

router = APIRouter(
    prefix="/workspaces/{workspace}/campaigns", tags=["campaigns"], route_class=TransactionalRoute
)


@router.get("", summary="List campaigns", responses=problem_responses(404))
def campaigns_list(
    session: SessionDep,
    ctx: WorkspaceDep,
    status: CampaignStatus | None = None,
    kind: CampaignKind | None = None,
    lead_member_id: uuid.UUID | None = None,
    member_id: Annotated[
        uuid.UUID | None, Query(description="Campaigns where this member has an active assignment.")
    ] = None,
    active_on: Annotated[
        date | None, Query(description="Campaigns whose dates include this day.")
    ] = None,
    q: Annotated[str | None, Query(max_length=100, description="Matches the name.")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> CampaignPage:
    campaigns, next_cursor = reads.list_page(
        session,
        ctx=ctx,
        status=status,
        kind=kind,
        lead_member_id=lead_member_id,
        member_id=member_id,
        active_on=active_on,
        q=q,
        limit=limit,
        cursor=cursor,
    )
    return CampaignPage(items=campaigns, next_cursor=next_cursor)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Create a campaign, optionally with its first scopes",
    responses=problem_responses(404),
)
def campaigns_create(
    session: SessionDep, ctx: WorkspaceDep, campaign_in: CampaignCreate, response: Response
) -> CampaignRead:
    campaign, version = service.create(session, ctx=ctx, campaign_in=campaign_in)
    set_etag(response, version)
    return campaign


@router.get("/{campaign_id}", summary="Get a campaign", responses=problem_responses(404))
def campaigns_get(
    session: SessionDep, ctx: WorkspaceDep, campaign_id: uuid.UUID, response: Response
) -> CampaignRead:
    campaign, version = reads.read(session, ctx=ctx, campaign_id=campaign_id)
    set_etag(response, version)
    return campaign


@router.patch(
    "/{campaign_id}",
    summary="Change a campaign (status only along allowed transitions)",
    responses=problem_responses(404, 409),
)
def campaigns_update(
    session: SessionDep,
    ctx: WorkspaceDep,
    campaign_id: uuid.UUID,
    campaign_in: CampaignUpdate,
    if_match: IfMatch,
    response: Response,
) -> CampaignRead:
    campaign, version = service.update(
        session, ctx=ctx, campaign_id=campaign_id, campaign_in=campaign_in, if_match=if_match
    )
    set_etag(response, version)
    return campaign


@router.delete(
    "/{campaign_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a campaign with its scopes, goals and assignments",
    responses=problem_responses(404),
)
def campaigns_delete(
    session: SessionDep, ctx: WorkspaceDep, campaign_id: uuid.UUID, if_match: IfMatch
) -> None:
    service.delete(session, ctx=ctx, campaign_id=campaign_id, if_match=if_match)
