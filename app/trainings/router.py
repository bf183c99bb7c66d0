import uuid

from fastapi import APIRouter, Response, status

from app.core.openapi import problem_responses
from app.core.pagination import Cursor, Limit
from app.core.transaction import SessionDep, TransactionalRoute
from app.core.versioning import IfMatch, set_etag
from app.trainings import reads, service
from app.trainings.schemas import (
    SkillHistory,
    TrainingCreate,
    TrainingPage,
    TrainingRead,
    TrainingUpdate,
)
from app.workspaces.dependencies import WorkspaceDep

router = APIRouter(
    prefix="/workspaces/{workspace}", tags=["trainings"], route_class=TransactionalRoute
)
history_router = APIRouter(
    prefix="/workspaces/{workspace}", tags=["members"], route_class=TransactionalRoute
)


@router.get("/trainings", summary="List trainings", responses=problem_responses(404))
def trainings_list(
    session: SessionDep,
    ctx: WorkspaceDep,
    member_id: uuid.UUID | None = None,
    skill_id: uuid.UUID | None = None,
    completed: bool | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> TrainingPage:
    items, next_cursor = reads.list_page(
        session,
        ctx=ctx,
        member_id=member_id,
        skill_id=skill_id,
        completed=completed,
        limit=limit,
        cursor=cursor,
    )
    return TrainingPage(items=items, next_cursor=next_cursor)


@router.post(
    "/trainings",
    status_code=status.HTTP_201_CREATED,
    summary="Plan or record a training (optionally with a task for the member)",
    responses=problem_responses(404),
)
def trainings_create(
    session: SessionDep, ctx: WorkspaceDep, training_in: TrainingCreate, response: Response
) -> TrainingRead:
    training = service.create(session, ctx=ctx, training_in=training_in)
    set_etag(response, training.version)
    return training


@router.get("/trainings/{training_id}", summary="Get a training", responses=problem_responses(404))
def trainings_get(
    session: SessionDep, ctx: WorkspaceDep, training_id: uuid.UUID, response: Response
) -> TrainingRead:
    training, version = reads.read(session, ctx=ctx, training_id=training_id)
    set_etag(response, version)
    return training


@router.patch(
    "/trainings/{training_id}",
    summary="Change or complete a training (a higher level raises the member's skill)",
    responses=problem_responses(404),
)
def trainings_update(
    session: SessionDep,
    ctx: WorkspaceDep,
    training_id: uuid.UUID,
    training_in: TrainingUpdate,
    if_match: IfMatch,
    response: Response,
) -> TrainingRead:
    training = service.update(
        session, ctx=ctx, training_id=training_id, training_in=training_in, if_match=if_match
    )
    set_etag(response, training.version)
    return training


@router.delete(
    "/trainings/{training_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a training (the skill history stays)",
    responses=problem_responses(404),
)
def trainings_delete(
    session: SessionDep, ctx: WorkspaceDep, training_id: uuid.UUID, if_match: IfMatch
) -> None:
    service.delete(session, ctx=ctx, training_id=training_id, if_match=if_match)


@history_router.get(
    "/members/{member_id}/skill-history",
    summary="A member's skill levels over time",
    responses=problem_responses(404),
)
def members_skill_history(
    session: SessionDep, ctx: WorkspaceDep, member_id: uuid.UUID
) -> SkillHistory:
    return service.skill_history(session, ctx=ctx, member_id=member_id)
