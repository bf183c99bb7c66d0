"""Tasks: rules, permissions and writes. Replies are re-read through `reads`."""

import uuid
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.activity import service as activity
from app.core import clock
from app.core.crud import (
    apply_changes,
    ensure_all_in_workspace,
    get_in_workspace,
    ids_in_workspace,
)
from app.core.errors import Forbidden, InvalidInput, NotFound, field_error
from app.core.i18n import N_
from app.core.pagination import paginate
from app.core.permissions import WorkspaceContext
from app.core.recurrence import attach
from app.core.richtext import render
from app.core.versioning import ensure_version
from app.models import Assignment, Campaign, Member, Metric, Role, Scope, Task
from app.models.base import WorkspaceScopedMixin
from app.models.enums import OPEN_TASK_STATUSES, Access, AssignmentStatus, Raci, TaskStatus
from app.tasks import reads
from app.tasks.schemas import TaskCreate, TaskOrder, TaskPage, TaskRead, TaskUpdate
from app.work_plans import occurrences

FIELDS = ("title", "status", "due_at", "owner_member_id", "priority", "scope_id", "checklist")
# What the owner of a task may change on it without editor access.
OWNER_FIELDS = frozenset({"status", "blocked_reason", "checklist"})
END_OF_DAY = time(23, 59, 59)


def due_instant(value: datetime | date | None, timezone: str) -> datetime | None:
    """A date is due at the end of that day, workspace time; a naive time is workspace time."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        return attach(datetime.combine(value, END_OF_DAY), timezone)
    return attach(value, timezone) if value.tzinfo is None else value


def reply(session: Session, *, ctx: WorkspaceContext, task_id: uuid.UUID) -> TaskRead:
    return reads.read(
        session,
        workspace_id=ctx.workspace_id,
        task_id=task_id,
        now=clock.now(),
        today=clock.today_in(ctx.timezone),
        locale=ctx.actor.locale.value,
    )


def list_tasks(
    session: Session,
    *,
    ctx: WorkspaceContext,
    owner_member_id: uuid.UUID | None = None,
    campaign_id: uuid.UUID | None = None,
    scope_id: uuid.UUID | None = None,
    statuses: list[TaskStatus] | None = None,
    due_before: datetime | None = None,
    due_after: datetime | None = None,
    overdue: bool | None = None,
    plan_id: uuid.UUID | None = None,
    q: str | None = None,
    order: TaskOrder = "created",
    limit: int = 50,
    cursor: str | None = None,
) -> TaskPage:
    """Tasks in the order they were created, or with `order="due"` those with a due time,
    soonest first (so the overdue ones lead)."""
    now = clock.now()
    occurrences.materialise_due(session, now=now, workspace_id=ctx.workspace_id)
    stmt = reads.select_tasks().where(Task.workspace_id == ctx.workspace_id)
    equal = {
        Task.owner_member_id: owner_member_id,
        Task.campaign_id: campaign_id,
        Task.scope_id: scope_id,
        Task.plan_id: plan_id,
    }
    stmt = stmt.where(*(column == value for column, value in equal.items() if value is not None))
    if statuses:
        stmt = stmt.where(Task.status.in_(statuses))
    if due_before is not None:
        stmt = stmt.where(Task.due_at < due_before)
    if due_after is not None:
        stmt = stmt.where(Task.due_at >= due_after)
    if overdue is not None:
        late = Task.status.in_(OPEN_TASK_STATUSES) & (Task.due_at < now)
        stmt = stmt.where(late if overdue else ~late | Task.due_at.is_(None))
    if q:
        pattern = f"%{q.lower()}%"
        stmt = stmt.where(Task.title.ilike(pattern) | Task.description.ilike(pattern))
    if order == "due":
        stmt = stmt.where(Task.due_at.is_not(None))
    order_by = (Task.due_at, Task.id) if order == "due" else (Task.created_at, Task.id)
    rows, next_cursor = paginate(session, stmt, order_by=order_by, limit=limit, cursor=cursor)
    items = reads.views(
        session, rows, now=now, today=clock.today_in(ctx.timezone), locale=ctx.actor.locale.value
    )
    return TaskPage(items=items, next_cursor=next_cursor)


def _task(session: Session, *, ctx: WorkspaceContext, task_id: uuid.UUID) -> Task:
    return get_in_workspace(session, Task, task_id, ctx=ctx, missing=reads.TASK_NOT_FOUND)


def default_owner(
    session: Session, *, campaign_id: uuid.UUID | None, scope_id: uuid.UUID | None, today: date
) -> uuid.UUID | None:
    """The active Accountable of the scope, else of the whole campaign."""
    if campaign_id is None:
        return None
    rows = session.execute(
        select(Assignment.scope_id, Assignment.member_id).where(
            Assignment.campaign_id == campaign_id,
            or_(Assignment.scope_id == scope_id, Assignment.scope_id.is_(None)),
            Assignment.raci == Raci.accountable,
            Assignment.status == AssignmentStatus.active,
            Assignment.starts_on <= today,
            or_(Assignment.ends_on.is_(None), Assignment.ends_on >= today),
        )
    ).all()
    by_scope = dict(rows)
    return by_scope.get(scope_id) or by_scope.get(None)


def check_references(session: Session, *, ctx: WorkspaceContext, values: dict[str, Any]) -> None:
    """404 naming the field for ids of other workspaces; 422 for a scope of another campaign."""
    singles: dict[str, tuple[type[WorkspaceScopedMixin], str]] = {
        "campaign_id": (Campaign, N_("Campaign not found.")),
        "scope_id": (Scope, N_("Scope not found.")),
        "owner_member_id": (Member, N_("Member not found.")),
        "role_id": (Role, N_("Role not found.")),
    }
    for name, (model, missing) in singles.items():
        value = values.get(name)
        if value is not None and not ids_in_workspace(session, model, {value}, ctx=ctx):
            raise NotFound(missing, errors=[field_error(("body", name), missing, "not_found")])
    if values.get("metric_ids"):
        ensure_all_in_workspace(
            session,
            Metric,
            [uuid.UUID(str(metric_id)) for metric_id in values["metric_ids"]],
            ctx=ctx,
            missing=N_("Metric not found."),
            loc=("body", "metric_ids"),
        )
    scope_id = values.get("scope_id")
    if scope_id is not None:
        campaign_of_scope = session.scalar(select(Scope.campaign_id).where(Scope.id == scope_id))
        if campaign_of_scope != values.get("campaign_id"):
            message = N_("The scope belongs to another campaign.")
            raise InvalidInput(
                message, errors=[field_error(("body", "scope_id"), message, "scope_campaign")]
            )


def _check_blocked(status: TaskStatus, blocked_reason: str | None) -> None:
    if status is TaskStatus.blocked and not blocked_reason:
        message = N_("Say why the task is blocked.")
        raise InvalidInput(
            message, errors=[field_error(("body", "blocked_reason"), message, "missing")]
        )


def _completion(task: Task, *, ctx: WorkspaceContext, now: datetime) -> None:
    if task.status is TaskStatus.done and task.completed_at is None:
        task.completed_at, task.completed_by_member_id = now, ctx.member_id
    elif task.status is not TaskStatus.done:
        task.completed_at, task.completed_by_member_id = None, None
    if task.status is not TaskStatus.blocked:
        task.blocked_reason = None


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    if "checklist" in values:
        values["checklist"] = [dict(step) for step in values["checklist"]]
    if "metric_ids" in values:
        values["metric_ids"] = [str(metric_id) for metric_id in values["metric_ids"]]
    return values


def create(session: Session, *, ctx: WorkspaceContext, task_in: TaskCreate) -> TaskRead:
    ctx.require(Access.editor)
    now = clock.now()
    data = _jsonable(task_in.model_dump())
    if data["scope_id"] is not None and data["campaign_id"] is None:
        data["campaign_id"] = session.scalar(
            select(Scope.campaign_id).where(
                Scope.id == data["scope_id"], Scope.workspace_id == ctx.workspace_id
            )
        )
    check_references(session, ctx=ctx, values=data)
    _check_blocked(data["status"], data["blocked_reason"])
    data["due_at"] = due_instant(data["due_at"], ctx.timezone)
    if data["owner_member_id"] is None:
        data["owner_member_id"] = (
            default_owner(
                session,
                campaign_id=data["campaign_id"],
                scope_id=data["scope_id"],
                today=clock.today_in(ctx.timezone),
            )
            or ctx.member_id
        )
    task = Task(
        id=uuid.uuid4(),
        workspace_id=ctx.workspace_id,
        description_html=render(data["description"]),
        created_by_member_id=ctx.member_id,
        **data,
    )
    _completion(task, ctx=ctx, now=now)
    session.add(task)
    session.flush()
    record(session, ctx=ctx, task=task, verb="task.created", after=activity.fields(task, FIELDS))
    return reply(session, ctx=ctx, task_id=task.id)


def record(
    session: Session,
    *,
    ctx: WorkspaceContext | activity.Origin,
    task: Task,
    verb: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    activity.record(
        session,
        ctx=ctx,
        verb=verb,
        subject_id=task.id,
        subject_name=task.title,
        campaign_id=task.campaign_id,
        member_id=task.owner_member_id,
        before=before,
        after=after,
    )


def update(
    session: Session,
    *,
    ctx: WorkspaceContext,
    task_id: uuid.UUID,
    task_in: TaskUpdate,
    if_match: frozenset[int] | None,
) -> TaskRead:
    ctx.require(Access.viewer)
    ctx.actor.require_write()
    task = _task(session, ctx=ctx, task_id=task_id)
    changes = _jsonable(task_in.model_dump(exclude_unset=True))
    _check_may_change(ctx, task, set(changes))
    ensure_version(task.version, if_match)
    if "due_at" in changes:
        changes["due_at"] = due_instant(changes["due_at"], ctx.timezone)
    if "campaign_id" in changes and "scope_id" not in changes:
        changes["scope_id"] = None
    checked = {
        k: v for k, v in changes.items() if k in ("owner_member_id", "role_id", "metric_ids")
    }
    if "campaign_id" in changes or "scope_id" in changes:
        checked["campaign_id"] = changes.get("campaign_id", task.campaign_id)
        checked["scope_id"] = changes["scope_id"]
    check_references(session, ctx=ctx, values=checked)
    status = changes.get("status", task.status)
    _check_blocked(status, changes.get("blocked_reason", task.blocked_reason))
    before = activity.fields(task, FIELDS)
    if "description" in changes:
        changes["description_html"] = render(changes["description"])
    if task.plan_id is not None:
        changes["own_fields"] = sorted(
            set(task.own_fields) | (set(changes) - {"status", "blocked_reason"})
        )
    was_done = task.status is TaskStatus.done
    apply_changes(task, changes)
    _completion(task, ctx=ctx, now=clock.now())
    session.flush()
    if task.plan_id is not None and task.status is TaskStatus.done and not was_done:
        occurrences.after_completion(
            session, plan_id=task.plan_id, timezone=ctx.timezone, now=clock.now()
        )
    record(
        session,
        ctx=ctx,
        task=task,
        verb="task.updated",
        before=before,
        after=activity.fields(task, FIELDS),
    )
    return reply(session, ctx=ctx, task_id=task.id)


def _check_may_change(ctx: WorkspaceContext, task: Task, fields: set[str]) -> None:
    """Editors change anything; the owner moves their own task (status, checklist)."""
    if ctx.access.at_least(Access.editor):
        return
    if task.owner_member_id == ctx.member_id and fields <= OWNER_FIELDS:
        return
    if task.owner_member_id == ctx.member_id:
        raise Forbidden(N_("As the owner you may change the status and the checklist only."))
    ctx.require(Access.editor)


def delete(
    session: Session, *, ctx: WorkspaceContext, task_id: uuid.UUID, if_match: frozenset[int] | None
) -> None:
    ctx.require(Access.editor)
    task = _task(session, ctx=ctx, task_id=task_id)
    ensure_version(task.version, if_match)
    record(session, ctx=ctx, task=task, verb="task.deleted", before=activity.fields(task, FIELDS))
    session.delete(task)


def get(session: Session, *, ctx: WorkspaceContext, task_id: uuid.UUID) -> TaskRead:
    return reply(session, ctx=ctx, task_id=task_id)
