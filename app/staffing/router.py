import uuid
from datetime import date as date_type
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app.assignments.schemas import AssignmentRead
from app.core.openapi import problem_responses
from app.core.transaction import SessionDep, TransactionalRoute
from app.core.versioning import set_etag
from app.staffing import service
from app.staffing.schemas import StaffingApply, StaffingSuggestions, SuggestionMode
from app.workspaces.dependencies import WorkspaceDep

router = APIRouter(
    prefix="/workspaces/{workspace}/campaigns/{campaign_id}/staffing-suggestions",
    tags=["staffing"],
    route_class=TransactionalRoute,
)


@router.get(
    "",
    summary="Who could fill each open slot of a campaign, ranked, with reasons",
    description="Open slots: a required role nobody is responsible for, a scope without "
    "an accountable or a responsible, in the rest of the campaign (today or its start, to "
    "its end) or in `from`–`to`. `mode=optimal` also fills all slots at once.",
    responses=problem_responses(404),
)
def campaigns_staffing_suggestions(
    session: SessionDep,
    ctx: WorkspaceDep,
    campaign_id: uuid.UUID,
    mode: Annotated[
        SuggestionMode, Query(description="`ranked` lists; `optimal` also picks one per slot.")
    ] = SuggestionMode.ranked,
    start: Annotated[
        date_type | None, Query(alias="from", description="First day to staff.")
    ] = None,
    end: Annotated[date_type | None, Query(alias="to", description="Last day to staff.")] = None,
    candidates: Annotated[
        int, Query(ge=1, le=50, description="How many candidates per slot, best first.")
    ] = 5,
) -> StaffingSuggestions:
    return service.suggestions(
        session, ctx=ctx, campaign_id=campaign_id, mode=mode, start=start, end=end, limit=candidates
    )


@router.post(
    "/apply",
    status_code=status.HTTP_201_CREATED,
    summary="Fill a slot: create the assignment (same rules and history as any assignment)",
    responses=problem_responses(404, 409),
)
def campaigns_staffing_apply(
    session: SessionDep,
    ctx: WorkspaceDep,
    campaign_id: uuid.UUID,
    apply_in: StaffingApply,
    response: Response,
) -> AssignmentRead:
    assignment, version = service.apply(
        session, ctx=ctx, campaign_id=campaign_id, apply_in=apply_in
    )
    set_etag(response, version)
    return assignment
