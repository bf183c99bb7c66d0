import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from app.core.openapi import problem_responses
from app.core.transaction import SessionDep, TransactionalRoute
from app.division.periods import FromQuery, ToQuery
from app.workload import service
from app.workload.schemas import MemberWorkload, WorkloadHeatmap
from app.workspaces.dependencies import WorkspaceDep

router = APIRouter(
    prefix="/workspaces/{workspace}", tags=["workload"], route_class=TransactionalRoute
)
PERIOD = " Default: 12 weeks from this one; at most 104 weeks."


@router.get(
    "/members/{member_id}/workload",
    summary="A member's load per ISO week, with the assignments that make it up",
    description="Whole ISO weeks touching `from`–`to`." + PERIOD,
    responses=problem_responses(404),
)
def members_workload(
    session: SessionDep,
    ctx: WorkspaceDep,
    member_id: uuid.UUID,
    start: FromQuery = None,
    end: ToQuery = None,
) -> MemberWorkload:
    return service.member_workload(session, ctx=ctx, member_id=member_id, start=start, end=end)


@router.get(
    "/workload",
    summary="Heatmap of load: active members × ISO weeks",
    description="Whole ISO weeks touching `from`–`to`." + PERIOD,
    responses=problem_responses(404),
)
def workload_heatmap(
    session: SessionDep,
    ctx: WorkspaceDep,
    start: FromQuery = None,
    end: ToQuery = None,
    role_id: Annotated[
        uuid.UUID | None, Query(description="Only members holding this role in the period.")
    ] = None,
    campaign_id: Annotated[
        uuid.UUID | None, Query(description="Only members on this campaign in the period.")
    ] = None,
) -> WorkloadHeatmap:
    return service.heatmap(
        session, ctx=ctx, start=start, end=end, role_id=role_id, campaign_id=campaign_id
    )
