"""Reads of tasks: one Core select of the columns `TaskRead` needs, names by join.

The `task_owner_not_assigned` warnings of a page come from one more statement (the
active R/A assignments of the page's owners on its campaigns), whatever the page size.
"""

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, Select, or_, select
from sqlalchemy.orm import Session, aliased

from app.core.errors import NotFound
from app.core.i18n import N_, fill
from app.models import Assignment, Campaign, Member, Role, Scope, Task
from app.models.enums import AssignmentStatus, Raci
from app.tasks.schemas import TaskRead, TaskWarning

TASK_NOT_FOUND = N_("Task not found.")
OWNER_NOT_ASSIGNED = "task_owner_not_assigned"
OWNER_NOT_ASSIGNED_MESSAGE = N_(
    "{owner} holds no active Responsible or Accountable assignment where this task belongs."
)

_owner = aliased(Member, name="owner")
COLUMNS = select(
    Task.id,
    Task.title,
    Task.description,
    Task.description_html,
    Task.campaign_id,
    Campaign.name.label("campaign_name"),
    Task.scope_id,
    Scope.name.label("scope_name"),
    Task.owner_member_id,
    _owner.display_name.label("owner_name"),
    Task.role_id,
    Role.name.label("role_name"),
    Task.due_at,
    Task.status,
    Task.blocked_reason,
    Task.priority,
    Task.checklist,
    Task.estimate_hours,
    Task.metric_ids,
    Task.completed_at,
    Task.completed_by_member_id,
    Task.plan_id,
    Task.occurrence_at,
    Task.created_at,
    Task.updated_at,
    Task.version,
)


def select_tasks() -> Select[*tuple[Any, ...]]:
    return (
        COLUMNS.select_from(Task)
        .outerjoin(Campaign, Campaign.id == Task.campaign_id)
        .outerjoin(Scope, Scope.id == Task.scope_id)
        .outerjoin(_owner, _owner.id == Task.owner_member_id)
        .outerjoin(Role, Role.id == Task.role_id)
    )


def views(
    session: Session, rows: Sequence[Row[Any]], *, now: datetime, today: date, locale: str
) -> list[TaskRead]:
    reads = []
    for row in rows:
        values = row._asdict()
        open_ = values["status"].is_open
        values["overdue"] = open_ and values["due_at"] is not None and values["due_at"] < now
        reads.append(TaskRead.model_validate(values))
    _add_owner_warnings(session, reads, today=today, locale=locale)
    return reads


def read(
    session: Session,
    *,
    workspace_id: uuid.UUID,
    task_id: uuid.UUID,
    now: datetime,
    today: date,
    locale: str,
) -> TaskRead:
    row = session.execute(
        select_tasks().where(Task.id == task_id, Task.workspace_id == workspace_id)
    ).first()
    if row is None:
        raise NotFound(TASK_NOT_FOUND)
    return views(session, [row], now=now, today=today, locale=locale)[0]


def assigned_owners(
    session: Session, *, campaign_ids: set[uuid.UUID], member_ids: set[uuid.UUID], today: date
) -> set[tuple[uuid.UUID, uuid.UUID | None, uuid.UUID]]:
    """(campaign, scope or None for the whole campaign, member) of active R/A assignments."""
    if not campaign_ids or not member_ids:
        return set()
    rows = session.execute(
        select(Assignment.campaign_id, Assignment.scope_id, Assignment.member_id).where(
            Assignment.campaign_id.in_(campaign_ids),
            Assignment.member_id.in_(member_ids),
            Assignment.raci.in_((Raci.responsible, Raci.accountable)),
            Assignment.status == AssignmentStatus.active,
            Assignment.starts_on <= today,
            or_(Assignment.ends_on.is_(None), Assignment.ends_on >= today),
        )
    )
    return {(c, s, m) for c, s, m in rows if c is not None}


def owner_is_assigned(
    held: set[tuple[uuid.UUID, uuid.UUID | None, uuid.UUID]],
    *,
    campaign_id: uuid.UUID,
    scope_id: uuid.UUID | None,
    member_id: uuid.UUID,
) -> bool:
    """An assignment on the whole campaign covers its scopes; a task without scope, any."""
    if (campaign_id, None, member_id) in held:
        return True
    if scope_id is not None:
        return (campaign_id, scope_id, member_id) in held
    return any(c == campaign_id and m == member_id for c, _, m in held)


def _add_owner_warnings(
    session: Session, reads: list[TaskRead], *, today: date, locale: str
) -> None:
    checked = [
        t
        for t in reads
        if t.status.is_open and t.campaign_id is not None and t.owner_member_id is not None
    ]
    held = assigned_owners(
        session,
        campaign_ids={t.campaign_id for t in checked if t.campaign_id},
        member_ids={t.owner_member_id for t in checked if t.owner_member_id},
        today=today,
    )
    for task in checked:
        if task.campaign_id is None or task.owner_member_id is None:
            continue
        if not owner_is_assigned(
            held,
            campaign_id=task.campaign_id,
            scope_id=task.scope_id,
            member_id=task.owner_member_id,
        ):
            message = fill(OWNER_NOT_ASSIGNED_MESSAGE, {"owner": task.owner_name or ""}, locale)
            task.warnings.append(TaskWarning(code=OWNER_NOT_ASSIGNED, message=message))
