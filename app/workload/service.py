"""Workload: a member's weeks, and the members × weeks heatmap."""

import uuid
from datetime import date, timedelta

import numpy as np
from sqlalchemy import String, cast, select
from sqlalchemy.orm import Session

from app.core.crud import get_in_workspace
from app.core.dates import today_in
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.division import settings
from app.division.loads import FAR, LoadRow, Reader, counted, load_rows, week_grid, week_span
from app.division.periods import Period, mondays, resolve_period, week_label
from app.models import Assignment, Campaign, Member, Role, Scope
from app.models.enums import MemberStatus
from app.workload.schemas import (
    MemberWorkload,
    WeekLoad,
    WorkloadAssignment,
    WorkloadHeatmap,
)

DEFAULT_WEEKS = 12
MAX_WEEKS = 104


def _period(ctx: WorkspaceContext, start: date | None, end: date | None) -> Period:
    today = today_in(ctx.timezone)
    if start is None and end is None:
        start = today
        end = today + timedelta(weeks=DEFAULT_WEEKS - 1)
    return resolve_period(on=None, start=start, end=end, today=today, max_days=MAX_WEEKS * 7)


def member_workload(
    session: Session,
    *,
    ctx: WorkspaceContext,
    member_id: uuid.UUID,
    start: date | None,
    end: date | None,
) -> MemberWorkload:
    member = get_in_workspace(session, Member, member_id, ctx=ctx, missing=N_("Member not found."))
    period = _period(ctx, start, end)
    weeks = period.weeks
    first, last = week_span(weeks)
    threshold = settings.thresholds(session, ctx=ctx).over_allocation_percent
    found = session.execute(
        select(Assignment, Role.name, Campaign.name, Scope.name)
        .join(Role, Role.id == Assignment.role_id)
        .outerjoin(Campaign, Campaign.id == Assignment.campaign_id)
        .outerjoin(Scope, Scope.id == Assignment.scope_id)
        .where(Assignment.member_id == member.id, counted(first, last))
        .order_by(Assignment.starts_on, Assignment.id)
    ).all()
    key = str(member.id)
    rows = [
        LoadRow(
            str(a.id),
            key,
            a.allocation_percent,
            a.starts_on.toordinal(),
            FAR if a.ends_on is None else a.ends_on.toordinal(),
        )
        for a, *_names in found
    ]
    grid = week_grid(rows, [key], weeks)
    capacity = member.weekly_capacity_hours
    loads = []
    for index, monday in enumerate(weeks):
        percent = int(grid.peaks[0][index]) if len(rows) else 0
        ids = [uuid.UUID(row.id) for row in grid.rows_of(key, [index])]
        loads.append(
            WeekLoad(
                week=week_label(monday),
                starts_on=monday,
                allocation_percent=percent,
                hours=round(capacity * percent / 100, 1),
                capacity_hours=capacity,
                over=percent > threshold,
                assignment_ids=ids,
            )
        )
    return MemberWorkload(
        member_id=member.id,
        display_name=member.display_name,
        weekly_capacity_hours=capacity,
        over_allocation_percent=threshold,
        from_=first,
        to=last,
        weeks=loads,
        assignments=[
            WorkloadAssignment(
                id=a.id,
                role_id=a.role_id,
                role_name=role,
                campaign_id=a.campaign_id,
                campaign_name=campaign,
                scope_id=a.scope_id,
                scope_name=scope,
                raci=a.raci,
                allocation_percent=a.allocation_percent,
                starts_on=a.starts_on,
                ends_on=a.ends_on,
                status=a.status,
            )
            for a, role, campaign, scope in found
        ],
    )


def heatmap(
    session: Session,
    *,
    ctx: WorkspaceContext,
    start: date | None,
    end: date | None,
    role_id: uuid.UUID | None,
    campaign_id: uuid.UUID | None,
) -> WorkloadHeatmap:
    period = _period(ctx, start, end)
    weeks = period.weeks
    first, last = week_span(weeks)
    threshold = settings.thresholds(session, ctx=ctx).over_allocation_percent
    members_stmt = select(
        cast(Member.id, String), Member.display_name, Member.weekly_capacity_hours
    ).where(Member.workspace_id == ctx.workspace_id, Member.status == MemberStatus.active)
    if role_id is not None or campaign_id is not None:
        involved = select(Assignment.member_id).where(
            Assignment.workspace_id == ctx.workspace_id, counted(first, last)
        )
        if role_id is not None:
            get_in_workspace(session, Role, role_id, ctx=ctx, missing=N_("Role not found."))
            involved = involved.where(Assignment.role_id == role_id)
        if campaign_id is not None:
            get_in_workspace(
                session, Campaign, campaign_id, ctx=ctx, missing=N_("Campaign not found.")
            )
            involved = involved.where(Assignment.campaign_id == campaign_id)
        members_stmt = members_stmt.where(Member.id.in_(involved))
    reader = Reader(session)
    members = reader.rows(members_stmt.order_by(Member.display_name, Member.id))
    rows = load_rows(reader, Assignment.workspace_id == ctx.workspace_id, counted(first, last))
    grid = week_grid(rows, [m[0] for m in members], weeks)
    peaks = grid.peaks.max(axis=1) if len(weeks) else np.zeros(len(members), np.int64)
    over = (grid.peaks > threshold).sum(axis=1)
    loads = grid.peaks.tolist()
    # One validation in pydantic-core for the whole grid (thousands of rows).
    return WorkloadHeatmap.model_validate(
        {
            "from": first,
            "to": last,
            "over_allocation_percent": threshold,
            "weeks": [{"week": week_label(w), "starts_on": w} for w in mondays(first, last)],
            "members": [
                {
                    "member_id": member_id,
                    "display_name": name,
                    "weekly_capacity_hours": capacity,
                    "loads": loads[i],
                    "peak_percent": peak,
                    "over_weeks": over_weeks,
                }
                for i, ((member_id, name, capacity), peak, over_weeks) in enumerate(
                    zip(members, peaks.tolist(), over.tolist(), strict=True)
                )
            ],
        }
    )
