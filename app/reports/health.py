"""The week's findings for the division health check: `task_owner_not_assigned` (open
tasks owned by someone without an R or A assignment there) and `report_overdue` (a
report past due, or missed past its grace). Two statements per check, whatever the size.
"""

import uuid
from collections import defaultdict
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import clock
from app.core.i18n import N_, fill
from app.core.permissions import WorkspaceContext
from app.models import Member, ReportSchedule, Task
from app.models.enums import OPEN_TASK_STATUSES, ReportingState
from app.reports import state
from app.reports.schedules import answered_periods
from app.tasks.reads import assigned_owners, owner_is_assigned

OWNER_NOT_ASSIGNED = N_(
    "{owner} owns {count} open task(s) here without a Responsible or Accountable assignment."
)
REPORT_OVERDUE = N_("The report of {author} due {due} is overdue.")
REPORT_MISSED = N_("{author} missed the report due {due}; the subject is stale.")

Findings = dict[uuid.UUID, list[dict[str, Any]]]


def week_findings(
    session: Session, *, ctx: WorkspaceContext, campaign_id: uuid.UUID | None = None
) -> Findings:
    """Findings by campaign id (all campaigns of the workspace, or the one given)."""
    found: Findings = defaultdict(list)
    locale = ctx.actor.locale.value
    _task_owners(session, ctx=ctx, campaign_id=campaign_id, locale=locale, found=found)
    _reports(session, ctx=ctx, campaign_id=campaign_id, locale=locale, found=found)
    return found


def _task_owners(
    session: Session,
    *,
    ctx: WorkspaceContext,
    campaign_id: uuid.UUID | None,
    locale: str,
    found: Findings,
) -> None:
    stmt = (
        select(Task.campaign_id, Task.scope_id, Task.owner_member_id, Member.display_name)
        .join(Member, Member.id == Task.owner_member_id)
        .where(
            Task.workspace_id == ctx.workspace_id,
            Task.campaign_id.is_not(None),
            Task.status.in_(OPEN_TASK_STATUSES),
        )
    )
    if campaign_id is not None:
        stmt = stmt.where(Task.campaign_id == campaign_id)
    rows = session.execute(stmt).all()
    held = assigned_owners(
        session,
        campaign_ids={r[0] for r in rows if r[0] is not None},
        member_ids={r[2] for r in rows if r[2] is not None},
        today=clock.today_in(ctx.timezone),
    )
    counts: dict[tuple[uuid.UUID, uuid.UUID | None, uuid.UUID, str], int] = defaultdict(int)
    for campaign, scope, owner, name in rows:
        if campaign is None or owner is None:
            continue
        if not owner_is_assigned(held, campaign_id=campaign, scope_id=scope, member_id=owner):
            counts[(campaign, scope, owner, name)] += 1
    for (campaign, scope, owner, name), count in counts.items():
        found[campaign].append(
            {
                "code": "task_owner_not_assigned",
                "severity": "warning",
                "message": fill(OWNER_NOT_ASSIGNED, {"owner": name, "count": count}, locale),
                "campaign_id": campaign,
                "scope_id": scope,
                "member_ids": [owner],
            }
        )


def _reports(
    session: Session,
    *,
    ctx: WorkspaceContext,
    campaign_id: uuid.UUID | None,
    locale: str,
    found: Findings,
) -> None:
    stmt = select(ReportSchedule).where(
        ReportSchedule.workspace_id == ctx.workspace_id, ReportSchedule.enabled.is_(True)
    )
    if campaign_id is not None:
        stmt = stmt.where(ReportSchedule.campaign_id == campaign_id)
    schedules = list(session.scalars(stmt))
    if not schedules:
        return
    answered = answered_periods(session, [s.id for s in schedules])
    authors = {uuid.UUID(a) for s in schedules for a in s.author_member_ids}
    names = (
        dict(
            session.execute(
                select(Member.id, Member.display_name).where(Member.id.in_(authors))
            ).all()
        )
        if authors
        else {}
    )
    now = clock.now()
    for schedule in schedules:
        for author in schedule.author_member_ids:
            author_id = uuid.UUID(author)
            view = state.author_state(
                schedule,
                timezone=ctx.timezone,
                now=now,
                answered=answered.get((schedule.id, author_id), set()),
            )
            if view.state not in (ReportingState.overdue, ReportingState.missed):
                continue
            missed = view.state is ReportingState.missed
            found[schedule.campaign_id].append(
                {
                    "code": "report_overdue",
                    "severity": "error" if missed else "warning",
                    "message": fill(
                        REPORT_MISSED if missed else REPORT_OVERDUE,
                        {"author": names.get(author_id, ""), "due": _local(view.period_at, ctx)},
                        locale,
                    ),
                    "campaign_id": schedule.campaign_id,
                    "member_ids": [author_id],
                }
            )


def _local(instant: datetime | None, ctx: WorkspaceContext) -> str:
    if instant is None:
        return ""
    return instant.astimezone(ZoneInfo(ctx.timezone)).strftime("%Y-%m-%d %H:%M")
