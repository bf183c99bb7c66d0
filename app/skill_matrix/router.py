import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from app.core.openapi import problem_responses
from app.core.pagination import Cursor, Limit
from app.core.transaction import SessionDep, TransactionalRoute
from app.division.paging import page
from app.division.periods import FromQuery, OnQuery, ToQuery
from app.skill_matrix import service
from app.skill_matrix.schemas import SkillGapPage, SkillMatrix
from app.workspaces.dependencies import WorkspaceDep

router = APIRouter(
    prefix="/workspaces/{workspace}", tags=["skills"], route_class=TransactionalRoute
)


@router.get(
    "/skill-matrix",
    summary="Skill matrix: active members × skills, and who qualifies for each role",
    responses=problem_responses(404),
)
def skills_matrix(session: SessionDep, ctx: WorkspaceDep) -> SkillMatrix:
    return service.matrix(session, ctx=ctx)


@router.get(
    "/skill-gaps",
    summary="Assignees below their role's required skill levels, with who could cover or mentor",
    description="Per planning, active or paused campaign (or just `campaign_id`), counting "
    "the assignments active on `on` (default today) or in `from`–`to`.",
    responses=problem_responses(404),
)
def skills_gaps(
    session: SessionDep,
    ctx: WorkspaceDep,
    campaign_id: Annotated[uuid.UUID | None, Query(description="Only this campaign.")] = None,
    on: OnQuery = None,
    start: FromQuery = None,
    end: ToQuery = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> SkillGapPage:
    gaps = service.gaps(session, ctx=ctx, campaign_id=campaign_id, on=on, start=start, end=end)
    items, next_cursor = page(gaps, limit=limit, cursor=cursor)
    return SkillGapPage(items=items, next_cursor=next_cursor)
