"""Where a meeting's action becomes a task: a seam the tasks feature plugs into.

    actions.register_task_maker(make_task)   # in the tasks package, once it exists

`make_task(session, ctx=ctx, action=ActionTask(...))` creates the task (owned by the
action's owner, on the meeting's campaign, due on its due date, linking back to the
outcome) and returns its id; the outcome keeps it in `task_id`. Until a maker is
registered, an action is an outcome with an owner and a due date, and no task.
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
    title: str
    owner_member_id: uuid.UUID
    due_on: date
    campaign_id: uuid.UUID | None


TaskMaker = Callable[..., uuid.UUID]
_MAKERS: list[TaskMaker] = []


def register_task_maker(maker: TaskMaker | None) -> None:
    """Use `maker` for actions from now on (`None`: no task is made)."""
    _MAKERS.clear()
    if maker is not None:
        _MAKERS.append(maker)


def make_task(session: Session, *, ctx: WorkspaceContext, action: ActionTask) -> uuid.UUID | None:
    if not _MAKERS:
        return None
    return _MAKERS[0](session, ctx=ctx, action=action)
