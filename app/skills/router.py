import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app.core.openapi import problem_responses
from app.core.pagination import Cursor, Limit
from app.core.transaction import SessionDep, TransactionalRoute
from app.core.versioning import IfMatch, set_etag
from app.models.enums import SkillCategory
from app.skills import reads, service
from app.skills.schemas import SkillCreate, SkillPage, SkillRead, SkillUpdate
from app.workspaces.dependencies import WorkspaceDep

router = APIRouter(
    prefix="/workspaces/{workspace}/skills", tags=["skills"], route_class=TransactionalRoute
)


@router.get("", summary="List skills", responses=problem_responses(404))
def skills_list(
    session: SessionDep,
    ctx: WorkspaceDep,
    category: SkillCategory | None = None,
    q: Annotated[str | None, Query(max_length=100, description="Matches key or name.")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> SkillPage:
    skills, next_cursor = reads.list_page(
        session, ctx=ctx, category=category, q=q, limit=limit, cursor=cursor
    )
    return SkillPage(items=skills, next_cursor=next_cursor)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Create a skill (admin)",
    responses=problem_responses(404, 409),
)
def skills_create(
    session: SessionDep, ctx: WorkspaceDep, skill_in: SkillCreate, response: Response
) -> SkillRead:
    skill, version = service.create(session, ctx=ctx, skill_in=skill_in)
    set_etag(response, version)
    return skill


@router.get("/{skill_id}", summary="Get a skill", responses=problem_responses(404))
def skills_get(
    session: SessionDep, ctx: WorkspaceDep, skill_id: uuid.UUID, response: Response
) -> SkillRead:
    skill, version = reads.read(session, ctx=ctx, skill_id=skill_id)
    set_etag(response, version)
    return skill


@router.patch(
    "/{skill_id}", summary="Change a skill (admin)", responses=problem_responses(404, 409)
)
def skills_update(
    session: SessionDep,
    ctx: WorkspaceDep,
    skill_id: uuid.UUID,
    skill_in: SkillUpdate,
    if_match: IfMatch,
    response: Response,
) -> SkillRead:
    skill, version = service.update(
        session, ctx=ctx, skill_id=skill_id, skill_in=skill_in, if_match=if_match
    )
    set_etag(response, version)
    return skill


@router.delete(
    "/{skill_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a skill and every level and requirement of it (admin)",
    responses=problem_responses(404),
)
def skills_delete(
    session: SessionDep, ctx: WorkspaceDep, skill_id: uuid.UUID, if_match: IfMatch
) -> None:
    service.delete(session, ctx=ctx, skill_id=skill_id, if_match=if_match)
