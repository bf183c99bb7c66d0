import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app.core.openapi import problem_responses
from app.core.pagination import Cursor, Limit
from app.core.transaction import SessionDep, TransactionalRoute
from app.core.versioning import IfMatch, set_etag
from app.models.enums import TaskStatus
from app.tasks import service
from app.tasks.schemas import TaskCreate, TaskOrder, TaskPage, TaskRead, TaskUpdate
from app.workspaces.dependencies import WorkspaceDep

router = APIRouter(
    prefix="/workspaces/{workspace}/tasks", tags=["tasks"], route_class=TransactionalRoute
)


@router.get("", summary="List tasks", responses=problem_responses(404))
def tasks_list(
    session: SessionDep,
    ctx: WorkspaceDep,
    owner_member_id: uuid.UUID | None = None,
    campaign_id: uuid.UUID | None = None,
    scope_id: uuid.UUID | None = None,
    plan_id: uuid.UUID | None = None,
    status: Annotated[
        list[TaskStatus] | None, Query(max_length=5, description="Any of these statuses.")
    ] = None,
    due_before: Annotated[datetime | None, Query(description="Due before this instant.")] = None,
    due_after: Annotated[
        datetime | None, Query(description="Due at or after this instant.")
    ] = None,
    overdue: Annotated[
        bool | None, Query(description="`true`: open and past due; `false`: the others.")
    ] = None,
    q: Annotated[
        str | None, Query(max_length=200, description="Text in title or description.")
    ] = None,
    order: Annotated[
        TaskOrder,
        Query(
            description="`created` (default): oldest first; `due`: only tasks with a due "
            "time, soonest first."
        ),
    ] = "created",
    limit: Limit = 50,
    cursor: Cursor = None,
) -> TaskPage:
    return service.list_tasks(
        session,
        ctx=ctx,
        owner_member_id=owner_member_id,
        campaign_id=campaign_id,
        scope_id=scope_id,
        statuses=status,
        due_before=due_before,
        due_after=due_after,
        overdue=overdue,
        plan_id=plan_id,
        q=q,
        order=order,
        limit=limit,
        cursor=cursor,
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Create a task",
    responses=problem_responses(404),
)
def tasks_create(
    session: SessionDep, ctx: WorkspaceDep, task_in: TaskCreate, response: Response
) -> TaskRead:
    task = service.create(session, ctx=ctx, task_in=task_in)
    set_etag(response, task.version)
    return task


@router.get("/{task_id}", summary="Get a task", responses=problem_responses(404))
def tasks_get(
    session: SessionDep, ctx: WorkspaceDep, task_id: uuid.UUID, response: Response
) -> TaskRead:
    task = service.get(session, ctx=ctx, task_id=task_id)
    set_etag(response, task.version)
    return task


@router.patch(
    "/{task_id}",
    summary="Change a task: status, checklist, owner, due (an occurrence: this one only)",
    responses=problem_responses(404),
)
def tasks_update(
    session: SessionDep,
    ctx: WorkspaceDep,
    task_id: uuid.UUID,
    task_in: TaskUpdate,
    if_match: IfMatch,
    response: Response,
) -> TaskRead:
    task = service.update(session, ctx=ctx, task_id=task_id, task_in=task_in, if_match=if_match)
    set_etag(response, task.version)
    return task


@router.delete(
    "/{task_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a task",
    responses=problem_responses(404),
)
def tasks_delete(
    session: SessionDep, ctx: WorkspaceDep, task_id: uuid.UUID, if_match: IfMatch
) -> None:
    service.delete(session, ctx=ctx, task_id=task_id, if_match=if_match)
