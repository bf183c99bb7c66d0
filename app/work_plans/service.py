"""Work plans: rules, permissions, writes, and what plan edits do to their occurrences."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.activity import service as activity
from app.core import clock
from app.core.crud import apply_changes, get_in_workspace
from app.core.errors import InvalidInput, field_error
from app.core.i18n import N_
from app.core.pagination import paginate
from app.core.permissions import WorkspaceContext
from app.core.recurrence import attach, next_occurrences
from app.core.richtext import render
from app.core.versioning import ensure_version
from app.models import Task, WorkPlan
from app.models.enums import OPEN_TASK_STATUSES, Access, TaskStatus
from app.tasks.service import check_references
from app.work_plans import occurrences, reads
from app.work_plans.schemas import (
    Occurrence,
    OccurrencePreview,
    OccurrenceSkip,
    WorkPlanCreate,
    WorkPlanPage,
    WorkPlanRead,
    WorkPlanUpdate,
)

FIELDS = ("title", "rrule", "owner_member_id", "role_id", "enabled", "start_on")
SCHEDULE = frozenset(
    {"rrule", "start_on", "due_time", "anchor", "skip_weekends", "catch_up", "lead_days"}
)
# Plan field → what it sets on an open future occurrence (unless changed there alone).
CARRIED = ("title", "description", "scope_id", "priority", "estimate_hours", "checklist")


def reply(session: Session, *, ctx: WorkspaceContext, plan_id: uuid.UUID) -> WorkPlanRead:
    return reads.read(
        session, workspace_id=ctx.workspace_id, plan_id=plan_id, locale=ctx.actor.locale.value
    )


def _plan(session: Session, *, ctx: WorkspaceContext, plan_id: uuid.UUID) -> WorkPlan:
    return get_in_workspace(session, WorkPlan, plan_id, ctx=ctx, missing=reads.PLAN_NOT_FOUND)


def list_plans(
    session: Session,
    *,
    ctx: WorkspaceContext,
    campaign_id: uuid.UUID | None,
    owner_member_id: uuid.UUID | None,
    role_id: uuid.UUID | None,
    enabled: bool | None,
    limit: int,
    cursor: str | None,
) -> WorkPlanPage:
    stmt = reads.select_plans().where(WorkPlan.workspace_id == ctx.workspace_id)
    equal = {
        WorkPlan.campaign_id: campaign_id,
        WorkPlan.owner_member_id: owner_member_id,
        WorkPlan.role_id: role_id,
        WorkPlan.enabled: enabled,
    }
    stmt = stmt.where(*(column == value for column, value in equal.items() if value is not None))
    rows, next_cursor = paginate(
        session, stmt, order_by=(WorkPlan.created_at, WorkPlan.id), limit=limit, cursor=cursor
    )
    return WorkPlanPage(
        items=reads.views(rows, locale=ctx.actor.locale.value), next_cursor=next_cursor
    )


def _check_schedule(plan: WorkPlan, *, timezone: str) -> None:
    """A rule that ends before its start date has no occurrence: say so, naming `rrule`."""
    start = attach(occurrences.series_start(plan), timezone)
    first = next_occurrences(
        plan.rrule,
        start=occurrences.series_start(plan),
        timezone=timezone,
        after=start - timedelta(microseconds=1),
        count=1,
        skip_weekends=plan.skip_weekends,
    )
    if not first:
        message = N_("This schedule has no occurrence on or after its start date.")
        raise InvalidInput(message, errors=[field_error(("body", "rrule"), message, "empty")])


def _check_owner(values: dict[str, Any]) -> None:
    if (values.get("owner_member_id") is None) == (values.get("role_id") is None):
        message = N_("Give an owner or a role, not both.")
        raise InvalidInput(
            message, errors=[field_error(("body", "owner_member_id"), message, "owner_or_role")]
        )


def create(session: Session, *, ctx: WorkspaceContext, plan_in: WorkPlanCreate) -> WorkPlanRead:
    ctx.require(Access.editor)
    now = clock.now()
    data = plan_in.model_dump()
    check_references(session, ctx=ctx, values=data)
    data["start_on"] = data["start_on"] or clock.today_in(ctx.timezone)
    plan = WorkPlan(id=uuid.uuid4(), workspace_id=ctx.workspace_id, appear_at=now, **data)
    _check_schedule(plan, timezone=ctx.timezone)
    session.add(plan)
    session.flush()
    _record(session, ctx=ctx, plan=plan, verb="work_plan.created", after=_fields(plan))
    occurrences.materialise(session, plan, timezone=ctx.timezone, now=now)
    return reply(session, ctx=ctx, plan_id=plan.id)


def _fields(plan: WorkPlan) -> dict[str, Any]:
    return {**activity.fields(plan, FIELDS), "due_time": plan.due_time.isoformat("minutes")}


def _record(
    session: Session,
    *,
    ctx: WorkspaceContext,
    plan: WorkPlan,
    verb: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    activity.record(
        session,
        ctx=ctx,
        verb=verb,
        subject_id=plan.id,
        subject_name=plan.title,
        campaign_id=plan.campaign_id,
        member_id=plan.owner_member_id,
        before=before,
        after=after,
    )


def update(
    session: Session,
    *,
    ctx: WorkspaceContext,
    plan_id: uuid.UUID,
    plan_in: WorkPlanUpdate,
    if_match: frozenset[int] | None,
) -> WorkPlanRead:
    ctx.require(Access.editor)
    now = clock.now()
    plan = _plan(session, ctx=ctx, plan_id=plan_id)
    ensure_version(plan.version, if_match)
    changes = plan_in.model_dump(exclude_unset=True)
    checked = {k: v for k, v in changes.items() if k in ("owner_member_id", "role_id")}
    if "scope_id" in changes:
        checked.update(campaign_id=plan.campaign_id, scope_id=changes["scope_id"])
    check_references(session, ctx=ctx, values=checked)
    if "owner_member_id" in changes or "role_id" in changes:
        _check_owner(
            {
                "owner_member_id": changes.get("owner_member_id", plan.owner_member_id),
                "role_id": changes.get("role_id", plan.role_id),
            }
        )
    before = _fields(plan)
    apply_changes(plan, changes)
    if SCHEDULE & set(changes):
        _check_schedule(plan, timezone=ctx.timezone)
    session.flush()
    _carry_to_open_occurrences(session, plan, changed=set(changes), now=now)
    if SCHEDULE & set(changes) or "enabled" in changes:
        _reschedule(session, ctx=ctx, plan=plan, now=now)
    _record(
        session, ctx=ctx, plan=plan, verb="work_plan.updated", before=before, after=_fields(plan)
    )
    occurrences.materialise(session, plan, timezone=ctx.timezone, now=now)
    return reply(session, ctx=ctx, plan_id=plan.id)


def _open_future(plan: WorkPlan, now: datetime) -> list[Any]:
    return [
        Task.plan_id == plan.id,
        Task.status.in_(OPEN_TASK_STATUSES),
        Task.occurrence_at > now,
    ]


def _carry_to_open_occurrences(
    session: Session, plan: WorkPlan, *, changed: set[str], now: datetime
) -> None:
    """Open future occurrences take the plan's new values, except fields set on them alone."""
    carried = [name for name in CARRIED if name in changed]
    owner_changed = plan.role_id is None and "owner_member_id" in changed
    if not carried and not owner_changed:
        return
    for task in session.scalars(select(Task).where(*_open_future(plan, now))):
        values: dict[str, Any] = {}
        for name in carried:
            if name not in task.own_fields:
                values[name] = getattr(plan, name)
        if "checklist" in values:
            values["checklist"] = [{"text": step, "done": False} for step in plan.checklist]
        if "description" in values:
            values["description_html"] = render(plan.description)
        if owner_changed and "owner_member_id" not in task.own_fields:
            values["owner_member_id"] = plan.owner_member_id
        if values:
            apply_changes(task, values)
    session.flush()


def _reschedule(session: Session, *, ctx: WorkspaceContext, plan: WorkPlan, now: datetime) -> None:
    """A new schedule: untouched open future occurrences go; the plan counts from now."""
    untouched = [
        task
        for task in session.scalars(
            select(Task).where(*_open_future(plan, now), Task.status == TaskStatus.todo)
        )
        if not task.own_fields
    ]
    for task in untouched:
        activity.record(
            session,
            ctx=ctx,
            verb="task.deleted",
            subject_id=task.id,
            subject_name=task.title,
            campaign_id=task.campaign_id,
            member_id=task.owner_member_id,
            before={"title": task.title, "due_at": task.due_at, "plan_id": plan.id},
            reason_code=occurrences.PLAN_RESCHEDULED,
            reason_params={"plan": plan.title},
        )
        session.delete(task)
    session.flush()
    occurrences.bookkeep(session, plan, last_occurrence_at=None, appear_at=now)


def delete(
    session: Session, *, ctx: WorkspaceContext, plan_id: uuid.UUID, if_match: frozenset[int] | None
) -> None:
    """The plan goes with its untouched open future occurrences; done ones stay as they are."""
    ctx.require(Access.editor)
    plan = _plan(session, ctx=ctx, plan_id=plan_id)
    ensure_version(plan.version, if_match)
    _reschedule(session, ctx=ctx, plan=plan, now=clock.now())
    _record(session, ctx=ctx, plan=plan, verb="work_plan.deleted", before=_fields(plan))
    session.delete(plan)


def get(session: Session, *, ctx: WorkspaceContext, plan_id: uuid.UUID) -> WorkPlanRead:
    return reply(session, ctx=ctx, plan_id=plan_id)


def preview(
    session: Session, *, ctx: WorkspaceContext, plan_id: uuid.UUID, count: int
) -> OccurrencePreview:
    """The next `count` occurrences from now, whether they exist yet or not (none created)."""
    plan = _plan(session, ctx=ctx, plan_id=plan_id)
    now = clock.now()
    upcoming = next_occurrences(
        plan.rrule,
        start=occurrences.series_start(plan),
        timezone=ctx.timezone,
        after=now,
        count=count,
        skip_weekends=plan.skip_weekends,
    )
    existing = dict(
        session.execute(
            select(Task.occurrence_at, Task.id).where(
                Task.plan_id == plan.id, Task.occurrence_at.in_(upcoming)
            )
        ).all()
    )
    team = occurrences.holders(session, plan, today=clock.today_in(ctx.timezone))
    skipped = set(plan.skipped)
    items = []
    index = plan.rotation_next
    for occurrence in upcoming:
        is_skipped = occurrence.astimezone(UTC).isoformat() in skipped
        task_id = existing.get(occurrence)
        owner = team.owner(plan, index)
        if task_id is None and not is_skipped:
            index += 1
        items.append(
            Occurrence(
                occurrence_at=occurrence.astimezone(UTC),
                appears_at=occurrences.appears_at(
                    occurrence, lead_days=plan.lead_days, timezone=ctx.timezone
                ).astimezone(UTC),
                owner_member_id=owner,
                task_id=task_id,
                skipped=is_skipped,
            )
        )
    return OccurrencePreview(items=items)


def skip(
    session: Session,
    *,
    ctx: WorkspaceContext,
    plan_id: uuid.UUID,
    skip_in: OccurrenceSkip,
    if_match: frozenset[int] | None,
) -> WorkPlanRead:
    """Leave one occurrence out; its task, if created and not done, is cancelled."""
    ctx.require(Access.editor)
    plan = _plan(session, ctx=ctx, plan_id=plan_id)
    ensure_version(plan.version, if_match)
    instant = skip_in.occurrence_at.astimezone(UTC)
    window_end = instant + timedelta(seconds=1)
    found = occurrences.scheduled(
        plan,
        timezone=ctx.timezone,
        after=instant - timedelta(seconds=1),
        before=window_end,
        limit=1,
    )
    if not found or found[0] != instant:
        message = N_("The plan has no occurrence at that time.")
        raise InvalidInput(
            message, errors=[field_error(("body", "occurrence_at"), message, "not_an_occurrence")]
        )
    before = {"skipped": list(plan.skipped)}
    apply_changes(plan, {"skipped": sorted({*plan.skipped, instant.isoformat()})})
    task = session.scalar(
        select(Task).where(Task.plan_id == plan.id, Task.occurrence_at == instant)
    )
    if task is not None and task.status.is_open:
        apply_changes(task, {"status": TaskStatus.cancelled, "blocked_reason": None})
    session.flush()
    activity.record(
        session,
        ctx=ctx,
        verb="work_plan.occurrence_skipped",
        subject_id=plan.id,
        subject_name=plan.title,
        campaign_id=plan.campaign_id,
        before=before,
        after={"skipped": list(plan.skipped)},
    )
    return reply(session, ctx=ctx, plan_id=plan.id)
