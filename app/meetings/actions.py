"""Where a meeting's action becomes a task: through the tasks service by default.

`make_task(session, ctx=ctx, action=ActionTask(...))` creates the task (owned by the
action's owner, on the meeting's campaign, due at the end of its due date, its description
naming the meeting) and returns its id; the outcome keeps it in `task_id`. Tests (or
another deployment) may plug in another maker with `register_task_maker`.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from app.core.permissions import WorkspaceContext


@dataclass(frozen=True)
class ActionTask:
    outcome_id: uuid.UUID
    meeting_id: uuid.UUID
    meeting_title: str
    title: str
    owner_member_id: uuid.UUID
    due_on: date
    campaign_id: uuid.UUID | None


TaskMaker = Callable[..., uuid.UUID]


def through_tasks_service(
    session: Session, *, ctx: WorkspaceContext, action: ActionTask
) -> uuid.UUID:
    from app.tasks import service as tasks
    from app.tasks.schemas import TaskCreate

    task = tasks.create(
        session,
        ctx=ctx,
        task_in=TaskCreate(
            title=action.title,
            description=f"From the meeting “{action.meeting_title}” (outcome {action.outcome_id}).",
            campaign_id=action.campaign_id,
            owner_member_id=action.owner_member_id,
            due_at=action.due_on,
        ),
    )
    return task.id


_MAKERS: list[TaskMaker] = [through_tasks_service]


def register_task_maker(maker: TaskMaker) -> TaskMaker:
    """Use `maker` for actions from now on; returns the one it replaces."""
    previous = _MAKERS[0]
    _MAKERS[0] = maker
    return previous


def make_task(session: Session, *, ctx: WorkspaceContext, action: ActionTask) -> uuid.UUID:
    return _MAKERS[0](session, ctx=ctx, action=action)
