import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app.core.openapi import problem_responses
from app.core.pagination import Cursor, Limit
from app.core.transaction import SessionDep, TransactionalRoute
from app.core.versioning import IfMatch, set_etag
from app.goals import reads, service
from app.goals.schemas import (
    GoalCreate,
    GoalPage,
    GoalRead,
    GoalSettingsRead,
    GoalSettingsUpdate,
    GoalUpdate,
    KeyResultCreate,
    KeyResultRead,
    KeyResultUpdate,
)
from app.models.goal import GoalState
from app.workspaces.dependencies import WorkspaceDep

router = APIRouter(prefix="/workspaces/{workspace}", route_class=TransactionalRoute, tags=["goals"])


def _with_etag(found: tuple[GoalRead, int], response: Response) -> GoalRead:
    read, version = found
    set_etag(response, version)
    return read


def _kr_with_etag(found: tuple[KeyResultRead, int], response: Response) -> KeyResultRead:
    read, version = found
    set_etag(response, version)
    return read


@router.get("/goals", summary="List goals with their progress", responses=problem_responses(404))
def goals_list(
    session: SessionDep,
    ctx: WorkspaceDep,
    campaign_id: Annotated[uuid.UUID | None, Query(description="Only this campaign's.")] = None,
    parent_id: Annotated[uuid.UUID | None, Query(description="Only goals under this one.")] = None,
    state: GoalState | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> GoalPage:
    items, next_cursor = reads.list_page(
        session,
        ctx=ctx,
        campaign_id=campaign_id,
        parent_id=parent_id,
        state=state,
        limit=limit,
        cursor=cursor,
    )
    return GoalPage(items=items, next_cursor=next_cursor)


@router.post(
    "/goals",
    status_code=status.HTTP_201_CREATED,
    summary="Set a goal, with its key results (editor)",
    responses=problem_responses(404),
)
def goals_create(
    session: SessionDep, ctx: WorkspaceDep, goal_in: GoalCreate, response: Response
) -> GoalRead:
    return _with_etag(service.create(session, ctx=ctx, goal_in=goal_in), response)


@router.get(
    "/goals/{goal_id}",
    summary="Get a goal: progress, pace, status and forecasts",
    responses=problem_responses(404),
)
def goals_get(
    session: SessionDep, ctx: WorkspaceDep, goal_id: uuid.UUID, response: Response
) -> GoalRead:
    return _with_etag(reads.read(session, ctx=ctx, goal_id=goal_id), response)


@router.patch(
    "/goals/{goal_id}",
    summary="Change, close or override the status of a goal (editor)",
    responses=problem_responses(404),
)
def goals_update(
    session: SessionDep,
    ctx: WorkspaceDep,
    goal_id: uuid.UUID,
    goal_in: GoalUpdate,
    if_match: IfMatch,
    response: Response,
) -> GoalRead:
    found = service.update(session, ctx=ctx, goal_id=goal_id, goal_in=goal_in, if_match=if_match)
    return _with_etag(found, response)


@router.delete(
    "/goals/{goal_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a goal and its key results; goals under it move up (editor)",
    responses=problem_responses(404),
)
def goals_delete(
    session: SessionDep, ctx: WorkspaceDep, goal_id: uuid.UUID, if_match: IfMatch
) -> None:
    service.delete(session, ctx=ctx, goal_id=goal_id, if_match=if_match)


@router.post(
    "/goals/{goal_id}/key-results",
    status_code=status.HTTP_201_CREATED,
    summary="Add a key result to a goal (editor)",
    responses=problem_responses(404),
)
def key_results_create(
    session: SessionDep,
    ctx: WorkspaceDep,
    goal_id: uuid.UUID,
    key_result_in: KeyResultCreate,
    response: Response,
) -> KeyResultRead:
    found = service.add_key_result(session, ctx=ctx, goal_id=goal_id, kr_in=key_result_in)
    return _kr_with_etag(found, response)


@router.get(
    "/goals/{goal_id}/key-results/{key_result_id}",
    summary="Get a key result with its numbers",
    responses=problem_responses(404),
)
def key_results_get(
    session: SessionDep,
    ctx: WorkspaceDep,
    goal_id: uuid.UUID,
    key_result_id: uuid.UUID,
    response: Response,
) -> KeyResultRead:
    found = reads.read_key_result(session, ctx=ctx, goal_id=goal_id, key_result_id=key_result_id)
    return _kr_with_etag(found, response)


@router.patch(
    "/goals/{goal_id}/key-results/{key_result_id}",
    summary="Change a key result (editor)",
    responses=problem_responses(404),
)
def key_results_update(
    session: SessionDep,
    ctx: WorkspaceDep,
    goal_id: uuid.UUID,
    key_result_id: uuid.UUID,
    key_result_in: KeyResultUpdate,
    if_match: IfMatch,
    response: Response,
) -> KeyResultRead:
    found = service.update_key_result(
        session,
        ctx=ctx,
        goal_id=goal_id,
        key_result_id=key_result_id,
        kr_in=key_result_in,
        if_match=if_match,
    )
    return _kr_with_etag(found, response)


@router.delete(
    "/goals/{goal_id}/key-results/{key_result_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove a key result (editor)",
    responses=problem_responses(404),
)
def key_results_delete(
    session: SessionDep,
    ctx: WorkspaceDep,
    goal_id: uuid.UUID,
    key_result_id: uuid.UUID,
    if_match: IfMatch,
) -> None:
    service.delete_key_result(
        session, ctx=ctx, goal_id=goal_id, key_result_id=key_result_id, if_match=if_match
    )


@router.get(
    "/goal-settings",
    summary="Get the pace-ratio thresholds of the goal statuses",
    responses=problem_responses(404),
)
def goal_settings_get(
    session: SessionDep, ctx: WorkspaceDep, response: Response
) -> GoalSettingsRead:
    read, version = service.get_settings(session, ctx=ctx)
    set_etag(response, version)
    return read


@router.patch(
    "/goal-settings",
    summary="Change the pace-ratio thresholds of the goal statuses (admin)",
    responses=problem_responses(404),
)
def goal_settings_update(
    session: SessionDep,
    ctx: WorkspaceDep,
    settings_in: GoalSettingsUpdate,
    if_match: IfMatch,
    response: Response,
) -> GoalSettingsRead:
    read, version = service.update_settings(
        session, ctx=ctx, settings_in=settings_in, if_match=if_match
    )
    set_etag(response, version)
    return read
