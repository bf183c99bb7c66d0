"""Occurrences of work plans: when they are due, who owns them, and creating them.

Creating is idempotent (the task rows and their insert: app/work_plans/occurrence_rows.py),
so two processes materialising the same plan at once create each occurrence once. The
plan's bookkeeping (`appear_at`, `last_occurrence_at`, `rotation_next`) is written with a
plain UPDATE (no version bump: it is not an edit).
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Table, bindparam, func, or_, select, update
from sqlalchemy.orm import Session

from app.activity.reasons import register_reason
from app.core.i18n import N_
from app.core.recurrence import attach, next_after_completion, next_occurrences, occurrences
from app.core.richtext import render
from app.models import Assignment, Campaign, Task, WorkPlan, Workspace
from app.models.enums import (
    OPEN_TASK_STATUSES,
    AssignmentStatus,
    PlanAnchor,
    PlanCatchUp,
    PlanRotation,
    Raci,
)
from app.work_plans.occurrence_rows import create_occurrences, task_values

PLAN_RESCHEDULED = register_reason(
    "plan_rescheduled", N_("Removed when the work plan {plan} was rescheduled or deleted.")
)
MAX_PER_RUN = 500  # occurrences created per plan per pass (a long catch-up continues later)
BATCH = 500  # plans per pass of the background job
_PLANS = cast(Table, WorkPlan.__table__)


def series_start(plan: WorkPlan) -> datetime:
    return datetime.combine(plan.start_on, plan.due_time)


def appears_at(occurrence: datetime, *, lead_days: int, timezone: str) -> datetime:
    """The start of the occurrence's local due day, `lead_days` earlier."""
    local_day = occurrence.astimezone(ZoneInfo(timezone)).date()
    return attach(datetime.combine(local_day - timedelta(days=lead_days), time.min), timezone)


def horizon(now: datetime, *, lead_days: int, timezone: str) -> datetime:
    """Occurrences due before this instant should exist by `now`."""
    today = now.astimezone(ZoneInfo(timezone)).date()
    return attach(datetime.combine(today + timedelta(days=lead_days + 1), time.min), timezone)


@dataclass(frozen=True)
class Holders:
    """The members who take a role plan's occurrences, in a stable order."""

    members: tuple[uuid.UUID, ...]

    def owner(self, plan: WorkPlan, index: int) -> uuid.UUID | None:
        if plan.role_id is None:
            return plan.owner_member_id
        if not self.members:
            return None
        if plan.rotation is PlanRotation.round_robin:
            return self.members[index % len(self.members)]
        return self.members[0]


def holders(session: Session, plan: WorkPlan, *, today: date) -> Holders:
    if plan.role_id is None:
        return Holders(())
    rows = session.execute(
        select(Assignment.member_id, Assignment.raci)
        .where(
            Assignment.campaign_id == plan.campaign_id,
            Assignment.role_id == plan.role_id,
            Assignment.raci.in_((Raci.accountable, Raci.responsible)),
            Assignment.status == AssignmentStatus.active,
            Assignment.starts_on <= today,
            or_(Assignment.ends_on.is_(None), Assignment.ends_on >= today),
        )
        .order_by(Assignment.starts_on, Assignment.member_id)
    ).all()
    accountable_first = sorted(rows, key=lambda row: row.raci is not Raci.accountable)
    return Holders(tuple(dict.fromkeys(row.member_id for row in accountable_first)))


def bookkeep(session: Session, plan: WorkPlan, **values: Any) -> None:
    session.execute(
        update(WorkPlan)
        .where(WorkPlan.id == plan.id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    for name, value in values.items():
        plan.__dict__[name] = value  # the loaded object agrees, without marking it dirty


def scheduled(
    plan: WorkPlan, *, timezone: str, after: datetime, before: datetime, limit: int
) -> list[datetime]:
    """Scheduled occurrences in (after, before), skips left out."""
    skipped = set(plan.skipped)
    found = occurrences(
        plan.rrule,
        start=series_start(plan),
        timezone=timezone,
        window_start=after + timedelta(microseconds=1),
        window_end=before,
        skip_weekends=plan.skip_weekends,
        limit=limit + len(skipped),
    )
    return [o for o in found if o.astimezone(UTC).isoformat() not in skipped][:limit]


@dataclass
class Pass:
    """What one pass over a schedule-anchored plan writes: its rows and its bookkeeping."""

    plan: WorkPlan
    rows: list[dict[str, Any]]
    bookkeeping: dict[str, Any]


def scheduled_pass(session: Session, plan: WorkPlan, *, timezone: str, now: datetime) -> Pass:
    """The occurrences of a schedule-anchored plan whose time to appear has come."""
    until = horizon(now, lead_days=plan.lead_days, timezone=timezone)
    start = attach(series_start(plan), timezone)
    after = plan.last_occurrence_at or start - timedelta(microseconds=1)
    if plan.catch_up is PlanCatchUp.skip_missed:
        after = max(after, now - timedelta(microseconds=1))
    due = scheduled(plan, timezone=timezone, after=after, before=until, limit=MAX_PER_RUN)
    rows: list[dict[str, Any]] = []
    if due:
        team = holders(session, plan, today=now.astimezone(start.tzinfo).date())
        html = render(plan.description)
        rows = [
            task_values(
                plan,
                occurrence=o,
                owner=team.owner(plan, plan.rotation_next + i),
                description_html=html,
            )
            for i, o in enumerate(due)
        ]
    last = due[-1] if due else plan.last_occurrence_at
    if len(due) == MAX_PER_RUN:  # more to catch up with: the next pass continues
        appear: datetime | None = now
    else:
        appear = _next_appearance(plan, timezone=timezone, after=until - timedelta(microseconds=1))
    return Pass(
        plan,
        rows,
        {
            "last_occurrence_at": last,
            "rotation_next": plan.rotation_next + len(due),
            "appear_at": appear,
        },
    )


def materialise(session: Session, plan: WorkPlan, *, timezone: str, now: datetime) -> int:
    """Create the occurrences whose time to appear has come; note when the next one will."""
    if not plan.enabled:
        bookkeep(session, plan, appear_at=None)
        return 0
    if plan.anchor is PlanAnchor.completion:
        return _materialise_after_completion(session, plan, timezone=timezone, now=now)
    done = scheduled_pass(session, plan, timezone=timezone, now=now)
    created = create_occurrences(session, done.rows, now=now)
    bookkeep(session, plan, **done.bookkeeping)
    return created


def _bookkeep_many(session: Session, passes: Sequence[Pass]) -> None:
    """Every plan's bookkeeping in one executemany UPDATE (no version bump)."""
    if not passes:
        return
    session.execute(
        update(_PLANS)
        .where(_PLANS.c.id == bindparam("b_plan_id"))
        .values(
            last_occurrence_at=bindparam("b_last"),
            rotation_next=bindparam("b_rotation"),
            appear_at=bindparam("b_appear"),
        ),
        [
            {
                "b_plan_id": done.plan.id,
                "b_last": done.bookkeeping["last_occurrence_at"],
                "b_rotation": done.bookkeeping["rotation_next"],
                "b_appear": done.bookkeeping["appear_at"],
            }
            for done in passes
        ],
    )
    for done in passes:
        done.plan.__dict__.update(done.bookkeeping)  # the loaded objects agree, not dirty


def _next_appearance(plan: WorkPlan, *, timezone: str, after: datetime) -> datetime | None:
    skipped = set(plan.skipped)
    for occurrence in next_occurrences(
        plan.rrule,
        start=series_start(plan),
        timezone=timezone,
        after=after,
        count=1 + len(skipped),
        skip_weekends=plan.skip_weekends,
    ):
        if occurrence.astimezone(UTC).isoformat() not in skipped:
            return appears_at(occurrence, lead_days=plan.lead_days, timezone=timezone)
    return None


def _materialise_after_completion(
    session: Session, plan: WorkPlan, *, timezone: str, now: datetime
) -> int:
    """One open occurrence at a time; the next counts from when the last one was done."""
    open_one = session.scalar(
        select(Task.id).where(Task.plan_id == plan.id, Task.status.in_(OPEN_TASK_STATUSES)).limit(1)
    )
    if open_one is not None:
        bookkeep(session, plan, appear_at=None)  # the completion sets it again
        return 0
    done_count, last_done = session.execute(
        select(func.count(Task.id), func.max(Task.completed_at)).where(Task.plan_id == plan.id)
    ).one()
    if last_done is None:
        following = next_occurrences(
            plan.rrule,
            start=series_start(plan),
            timezone=timezone,
            after=now - timedelta(microseconds=1),
            count=1,
            skip_weekends=plan.skip_weekends,
        )
        next_due = following[0] if following else None
    else:
        next_due = next_after_completion(
            plan.rrule,
            start=series_start(plan),
            timezone=timezone,
            completed_at=last_done,
            now=now,
            done_count=done_count,
            skip_weekends=plan.skip_weekends,
        )
    if next_due is None:
        bookkeep(session, plan, appear_at=None)
        return 0
    appear = appears_at(next_due, lead_days=plan.lead_days, timezone=timezone)
    if appear > now:
        bookkeep(session, plan, appear_at=appear)
        return 0
    team = holders(session, plan, today=now.astimezone(appear.tzinfo).date())
    row = task_values(plan, occurrence=next_due, owner=team.owner(plan, plan.rotation_next))
    created = create_occurrences(session, [row], now=now)
    bookkeep(
        session,
        plan,
        appear_at=None,
        last_occurrence_at=next_due,
        rotation_next=plan.rotation_next + 1,
    )
    return created


def due_plans(
    session: Session, *, now: datetime, workspace_id: uuid.UUID | None = None, limit: int = BATCH
) -> list[tuple[WorkPlan, str]]:
    """Plans whose next occurrence should appear by now, with their workspace's zone."""
    stmt = (
        select(WorkPlan, Workspace.timezone)
        .join(Workspace, Workspace.id == WorkPlan.workspace_id)
        .join(Campaign, Campaign.id == WorkPlan.campaign_id)
        .where(WorkPlan.enabled.is_(True), WorkPlan.appear_at <= now)
        .order_by(WorkPlan.appear_at, WorkPlan.id)
        .limit(limit)
    )
    if workspace_id is not None:
        stmt = stmt.where(WorkPlan.workspace_id == workspace_id)
    return [(plan, zone) for plan, zone in session.execute(stmt)]


def materialise_due(
    session: Session, *, now: datetime, workspace_id: uuid.UUID | None = None
) -> int:
    """Materialise every plan that has something to show (a read's window, or the job).

    Schedule-anchored plans are written together: one insert of their tasks, one of
    their activities, one update of their bookkeeping.
    """
    created = 0
    passes: list[Pass] = []
    for plan, timezone in due_plans(session, now=now, workspace_id=workspace_id):
        if plan.enabled and plan.anchor is not PlanAnchor.completion:
            passes.append(scheduled_pass(session, plan, timezone=timezone, now=now))
        else:
            created += materialise(session, plan, timezone=timezone, now=now)
    created += create_occurrences(session, [row for done in passes for row in done.rows], now=now)
    _bookkeep_many(session, passes)
    if created or workspace_id is None:
        session.flush()
    return created


def after_completion(session: Session, *, plan_id: uuid.UUID, timezone: str, now: datetime) -> None:
    """An occurrence was done: a completion-anchored plan schedules its next one now."""
    plan = session.get(WorkPlan, plan_id)
    if plan is not None and plan.enabled and plan.anchor is PlanAnchor.completion:
        materialise(session, plan, timezone=timezone, now=now)
