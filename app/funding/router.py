import uuid

from fastapi import APIRouter, Response, status
from sqlalchemy.orm import Session

from app.core.openapi import problem_responses
from app.core.pagination import Cursor, Limit
from app.core.permissions import WorkspaceContext
from app.core.transaction import SessionDep, TransactionalRoute
from app.core.versioning import IfMatch, set_etag
from app.funding import contributions, crowdfunding, goals, reads, tiers
from app.funding.schemas import (
    ContributionCreate,
    ContributionImport,
    ContributionImportResult,
    ContributionPage,
    ContributionRead,
    ContributionUpdate,
    CrowdfundingRead,
    CrowdfundingUpdate,
    FundingGoalCreate,
    FundingGoalPage,
    FundingGoalRead,
    FundingGoalUpdate,
    TierCreate,
    TierPage,
    TierRead,
    TierUpdate,
)
from app.models.funding import ContributionStatus, GoalKind
from app.workspaces.dependencies import WorkspaceDep

WS = "/workspaces/{workspace}"
router = APIRouter(prefix=WS, tags=["funding_goals"], route_class=TransactionalRoute)
tiers_router = APIRouter(prefix=WS + "/tiers", tags=["tiers"], route_class=TransactionalRoute)
contributions_router = APIRouter(
    prefix=WS + "/contributions", tags=["contributions"], route_class=TransactionalRoute
)
crowdfunding_router = APIRouter(prefix=WS, tags=["crowdfunding"], route_class=TransactionalRoute)


@router.get(
    "/funding-goals",
    summary="List funding goals with their progress",
    responses=problem_responses(404),
)
def funding_goals_list(
    session: SessionDep,
    ctx: WorkspaceDep,
    campaign_id: uuid.UUID | None = None,
    kind: GoalKind | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> FundingGoalPage:
    items, next_cursor = reads.goals_page(
        session, ctx=ctx, campaign_id=campaign_id, kind=kind, limit=limit, cursor=cursor
    )
    return FundingGoalPage(items=items, next_cursor=next_cursor)


@router.post(
    "/funding-goals",
    status_code=status.HTTP_201_CREATED,
    summary="Add a funding goal (editor)",
    responses=problem_responses(404),
)
def funding_goals_create(
    session: SessionDep, ctx: WorkspaceDep, goal_in: FundingGoalCreate, response: Response
) -> FundingGoalRead:
    goal = goals.create(session, ctx=ctx, goal_in=goal_in)
    return _goal(session, ctx, goal.id, response)


@router.get(
    "/funding-goals/{funding_goal_id}",
    summary="Get a funding goal",
    responses=problem_responses(404),
)
def funding_goals_get(
    session: SessionDep, ctx: WorkspaceDep, funding_goal_id: uuid.UUID, response: Response
) -> FundingGoalRead:
    return _goal(session, ctx, funding_goal_id, response)


@router.patch(
    "/funding-goals/{funding_goal_id}",
    summary="Change a funding goal (editor)",
    responses=problem_responses(404),
)
def funding_goals_update(
    session: SessionDep,
    ctx: WorkspaceDep,
    funding_goal_id: uuid.UUID,
    goal_in: FundingGoalUpdate,
    if_match: IfMatch,
    response: Response,
) -> FundingGoalRead:
    goals.update(session, ctx=ctx, goal_id=funding_goal_id, goal_in=goal_in, if_match=if_match)
    return _goal(session, ctx, funding_goal_id, response)


@router.delete(
    "/funding-goals/{funding_goal_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a funding goal (editor)",
    responses=problem_responses(404),
)
def funding_goals_delete(
    session: SessionDep, ctx: WorkspaceDep, funding_goal_id: uuid.UUID, if_match: IfMatch
) -> None:
    goals.delete(session, ctx=ctx, goal_id=funding_goal_id, if_match=if_match)


@tiers_router.get("", summary="List tiers", responses=problem_responses(404))
def tiers_list(
    session: SessionDep,
    ctx: WorkspaceDep,
    campaign_id: uuid.UUID | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> TierPage:
    items, next_cursor = reads.tiers_page(
        session, ctx=ctx, campaign_id=campaign_id, limit=limit, cursor=cursor
    )
    return TierPage(items=items, next_cursor=next_cursor)


@tiers_router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Add a tier (editor); amounts are checked like Open Collective's",
    responses=problem_responses(404),
)
def tiers_create(
    session: SessionDep, ctx: WorkspaceDep, tier_in: TierCreate, response: Response
) -> TierRead:
    tier = tiers.create(session, ctx=ctx, tier_in=tier_in)
    return _tier(session, ctx, tier.id, response)


@tiers_router.get("/{tier_id}", summary="Get a tier", responses=problem_responses(404))
def tiers_get(
    session: SessionDep, ctx: WorkspaceDep, tier_id: uuid.UUID, response: Response
) -> TierRead:
    return _tier(session, ctx, tier_id, response)


@tiers_router.patch(
    "/{tier_id}", summary="Change a tier (editor)", responses=problem_responses(404)
)
def tiers_update(
    session: SessionDep,
    ctx: WorkspaceDep,
    tier_id: uuid.UUID,
    tier_in: TierUpdate,
    if_match: IfMatch,
    response: Response,
) -> TierRead:
    tiers.update(session, ctx=ctx, tier_id=tier_id, tier_in=tier_in, if_match=if_match)
    return _tier(session, ctx, tier_id, response)


@tiers_router.delete(
    "/{tier_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a tier; its contributions stay (editor)",
    responses=problem_responses(404),
)
def tiers_delete(
    session: SessionDep, ctx: WorkspaceDep, tier_id: uuid.UUID, if_match: IfMatch
) -> None:
    tiers.delete(session, ctx=ctx, tier_id=tier_id, if_match=if_match)


@contributions_router.get(
    "", summary="List contributions, newest first", responses=problem_responses(404)
)
def contributions_list(
    session: SessionDep,
    ctx: WorkspaceDep,
    campaign_id: uuid.UUID | None = None,
    tier_id: uuid.UUID | None = None,
    status: ContributionStatus | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> ContributionPage:
    items, next_cursor = reads.contributions_page(
        session,
        ctx=ctx,
        campaign_id=campaign_id,
        tier_id=tier_id,
        status=status,
        limit=limit,
        cursor=cursor,
    )
    return ContributionPage(items=items, next_cursor=next_cursor)


@contributions_router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Record a contribution (editor); an external id already seen from its source is a 409",
    responses=problem_responses(404, 409),
)
def contributions_create(
    session: SessionDep, ctx: WorkspaceDep, contribution_in: ContributionCreate, response: Response
) -> ContributionRead:
    contribution = contributions.create(session, ctx=ctx, contribution_in=contribution_in)
    return _contribution(session, ctx, contribution.id, response)


@contributions_router.post(
    "/import",
    summary="Import a processor's export (editor): rows already imported are skipped",
    responses=problem_responses(404, 409),
)
def contributions_import(
    session: SessionDep, ctx: WorkspaceDep, import_in: ContributionImport
) -> ContributionImportResult:
    return contributions.import_contributions(session, ctx=ctx, import_in=import_in)


@contributions_router.get(
    "/{contribution_id}", summary="Get a contribution", responses=problem_responses(404)
)
def contributions_get(
    session: SessionDep, ctx: WorkspaceDep, contribution_id: uuid.UUID, response: Response
) -> ContributionRead:
    return _contribution(session, ctx, contribution_id, response)


@contributions_router.patch(
    "/{contribution_id}",
    summary="Change a contribution's status or contributor (editor)",
    responses=problem_responses(404),
)
def contributions_update(
    session: SessionDep,
    ctx: WorkspaceDep,
    contribution_id: uuid.UUID,
    contribution_in: ContributionUpdate,
    if_match: IfMatch,
    response: Response,
) -> ContributionRead:
    contributions.update(
        session,
        ctx=ctx,
        contribution_id=contribution_id,
        contribution_in=contribution_in,
        if_match=if_match,
    )
    return _contribution(session, ctx, contribution_id, response)


@contributions_router.delete(
    "/{contribution_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a contribution (editor)",
    responses=problem_responses(404),
)
def contributions_delete(
    session: SessionDep, ctx: WorkspaceDep, contribution_id: uuid.UUID, if_match: IfMatch
) -> None:
    contributions.delete(session, ctx=ctx, contribution_id=contribution_id, if_match=if_match)


def _goal(
    session: Session, ctx: WorkspaceContext, goal_id: uuid.UUID, response: Response
) -> FundingGoalRead:
    """The goal re-read with its progress, with its version as the ETag."""
    reply, version = reads.read_goal(session, ctx=ctx, goal_id=goal_id)
    set_etag(response, version)
    return reply


def _tier(
    session: Session, ctx: WorkspaceContext, tier_id: uuid.UUID, response: Response
) -> TierRead:
    """The tier re-read as the API shows it, with its version as the ETag."""
    reply, version = reads.read_tier(session, ctx=ctx, tier_id=tier_id)
    set_etag(response, version)
    return reply


def _contribution(
    session: Session, ctx: WorkspaceContext, contribution_id: uuid.UUID, response: Response
) -> ContributionRead:
    """The contribution re-read as the API shows it, with its version as the ETag."""
    reply, version = reads.read_contribution(session, ctx=ctx, contribution_id=contribution_id)
    set_etag(response, version)
    return reply


@crowdfunding_router.get(
    "/campaigns/{campaign_id}/crowdfunding",
    summary="A funding campaign's crowdfunding: goal, raised, stretch goals, outcome "
    "(settled at the deadline)",
    responses=problem_responses(404),
)
def crowdfunding_get(
    session: SessionDep, ctx: WorkspaceDep, campaign_id: uuid.UUID
) -> CrowdfundingRead:
    return crowdfunding.get(session, ctx=ctx, campaign_id=campaign_id)


@crowdfunding_router.put(
    "/campaigns/{campaign_id}/crowdfunding",
    summary="Set a funding campaign's crowdfunding terms (editor)",
    responses=problem_responses(404, 409),
)
def crowdfunding_update(
    session: SessionDep, ctx: WorkspaceDep, campaign_id: uuid.UUID, terms_in: CrowdfundingUpdate
) -> CrowdfundingRead:
    return crowdfunding.put(session, ctx=ctx, campaign_id=campaign_id, terms_in=terms_in)
