"""Workload: a member's weeks, and the members × weeks heatmap."""

import typing
import uuid
from datetime import date, timedelta

import numpy as np
from sqlalchemy import String, Table, cast, select
from sqlalchemy.orm import Session

from app.core.crud import get_in_workspace
from app.core.dates import today_in
from app.core.errors import NotFound
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.core.reads import Reader as ReadReplies
from app.core.reads import as_dicts, enum_text, id_text
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

_ASSIGNMENTS = typing.cast(Table, Assignment.__table__)
_A = _ASSIGNMENTS.c
# A member's assignments as the workload lists them: one Core select, names by join.
_READ_ASSIGNMENTS = (
    select(
        id_text(_A.id),
        id_text(_A.role_id),
        Role.name.label("role_name"),
        id_text(_A.campaign_id),
        Campaign.name.label("campaign_name"),
        id_text(_A.scope_id),
        Scope.name.label("scope_name"),
        enum_text(_A.raci),
        _A.allocation_percent,
        _A.starts_on,
        _A.ends_on,
        enum_text(_A.status),
    )
    .join_from(_ASSIGNMENTS, Role, Role.id == _A.role_id)
    .outerjoin(Campaign, Campaign.id == _A.campaign_id)
    .outerjoin(Scope, Scope.id == _A.scope_id)
    .order_by(_A.starts_on, _A.id)
)
_ASSIGNMENT_REPLIES = ReadReplies(WorkloadAssignment)
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
    member = session.execute(
        select(Member.id, Member.display_name, Member.weekly_capacity_hours).where(
            Member.id == member_id, Member.workspace_id == ctx.workspace_id
        )
    ).first()
    if member is None:
        raise NotFound(N_("Member not found."))
    period = _period(ctx, start, end)
    weeks = period.weeks
    first, last = week_span(weeks)
    threshold = settings.thresholds(session, ctx=ctx).over_allocation_percent
    found = as_dicts(
        session.connection()
        .execute(_READ_ASSIGNMENTS.where(_A.member_id == member.id, counted(first, last)))
        .all()
    )
    key = str(member.id)
    rows = [
        LoadRow(
            str(a["id"]),
            key,
            a["allocation_percent"],
            a["starts_on"].toordinal(),
            FAR if a["ends_on"] is None else a["ends_on"].toordinal(),
        )
        for a in found
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
        assignments=_ASSIGNMENT_REPLIES.many(found),
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
