"""The weekly campaign digest (`campaigns_digest`): a fixed number of Core selects.

A week runs from Monday 00:00 to the next Monday 00:00 in the workspace's time zone.
- done: tasks completed during the week;
- slipped: tasks due during the week (up to now) and not done by their due time
  (still open, or completed late); cancelled tasks are neither;
- reports: submitted (or acknowledged) during the week, with their health;
- goals: the campaign's active goals, their key results at the week's end and the
  movement over the week (app/reports/goals.py);
- metrics (deprecated): each simple goal target of the campaign, its latest value before
  the week and before its end;
- open risks: difficulties written in a submitted report no reviewer has acknowledged yet.
"""

import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from app.core import clock
from app.core.crud import get_in_workspace
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.core.richtext import render
from app.models import Campaign, CampaignGoal, Datapoint, Member, Metric, Report, Task
from app.models.enums import Access, ReportStatus, TaskStatus
from app.reports.digest_schemas import (
    CampaignDigest,
    DigestReport,
    DigestTask,
    MetricMovement,
    OpenRisk,
)
from app.reports.goals import digest_goals

LIST_LIMIT = 200
_owner = aliased(Member, name="digest_owner")
_author = aliased(Member, name="digest_author")


def week_bounds(day: date, timezone: str) -> tuple[date, datetime, datetime]:
    """The Monday of `day`'s week and the week's instants [start, end) in the zone."""
    monday = day - timedelta(days=day.weekday())
    zone = ZoneInfo(timezone)
    start = datetime.combine(monday, time(0), tzinfo=zone)
    end = datetime.combine(monday + timedelta(days=7), time(0), tzinfo=zone)
    return monday, start.astimezone(UTC), end.astimezone(UTC)


def campaign_digest(
    session: Session, *, ctx: WorkspaceContext, campaign_id: uuid.UUID, week: date | None
) -> CampaignDigest:
    ctx.require(Access.viewer, writing=False)
    campaign = get_in_workspace(
        session, Campaign, campaign_id, ctx=ctx, missing=N_("Campaign not found.")
    )
    now = clock.now()
    day = week or now.astimezone(ZoneInfo(ctx.timezone)).date()
    monday, start, end = week_bounds(day, ctx.timezone)
    return CampaignDigest(
        campaign_id=campaign.id,
        campaign_name=campaign.name,
        week_start=monday,
        week_end=monday + timedelta(days=6),
        starts_at=start,
        ends_at=end,
        tasks_done=_tasks(
            session,
            campaign_id,
            Task.status == TaskStatus.done,
            Task.completed_at >= start,
            Task.completed_at < end,
            order=Task.completed_at,
        ),
        tasks_slipped=_tasks(
            session,
            campaign_id,
            Task.status != TaskStatus.cancelled,
            Task.due_at >= start,
            Task.due_at < min(end, now),
            or_(Task.completed_at.is_(None), Task.completed_at > Task.due_at),
            order=Task.due_at,
        ),
        reports=_reports(session, ctx, campaign_id, start, end),
        goals=digest_goals(
            session,
            ctx=ctx,
            campaign_id=campaign_id,
            monday=monday,
            today=now.astimezone(ZoneInfo(ctx.timezone)).date(),
        ),
        metrics=_metrics(session, campaign_id, start, end),
        open_risks=_risks(session, ctx, campaign_id),
    )


def _tasks(session: Session, campaign_id: uuid.UUID, *where: Any, order: Any) -> list[DigestTask]:
    rows = session.execute(
        select(
            Task.id,
            Task.title,
            Task.owner_member_id,
            _owner.display_name.label("owner_name"),
            Task.status,
            Task.due_at,
            Task.completed_at,
        )
        .outerjoin(_owner, _owner.id == Task.owner_member_id)
        .where(Task.campaign_id == campaign_id, *where)
        .order_by(order, Task.id)
        .limit(LIST_LIMIT)
    ).all()
    return [DigestTask.model_validate(row._asdict()) for row in rows]


def _report_columns() -> Any:
    return select(
        Report.id,
        Report.author_member_id,
        _author.display_name.label("author_name"),
        Report.health,
        Report.status,
        Report.period_at,
        Report.submitted_at,
        Report.difficulties,
    ).join(_author, _author.id == Report.author_member_id)


def _reports(
    session: Session, ctx: WorkspaceContext, campaign_id: uuid.UUID, start: datetime, end: datetime
) -> list[DigestReport]:
    rows = session.execute(
        _report_columns()
        .where(
            Report.workspace_id == ctx.workspace_id,
            Report.campaign_id == campaign_id,
            Report.status != ReportStatus.draft,
            Report.submitted_at >= start,
            Report.submitted_at < end,
        )
        .order_by(Report.submitted_at, Report.id)
        .limit(LIST_LIMIT)
    ).all()
    return [DigestReport.model_validate(row._asdict()) for row in rows]


def _risks(session: Session, ctx: WorkspaceContext, campaign_id: uuid.UUID) -> list[OpenRisk]:
    rows = session.execute(
        _report_columns()
        .where(
            Report.workspace_id == ctx.workspace_id,
            Report.campaign_id == campaign_id,
            Report.status == ReportStatus.submitted,
            func.length(func.trim(Report.difficulties)) > 0,
        )
        .order_by(Report.submitted_at.desc(), Report.id)
        .limit(LIST_LIMIT)
    ).all()
    return [
        OpenRisk.model_validate(
            {
                **row._asdict(),
                "report_id": row.id,
                "difficulties_html": render(row.difficulties),
            }
        )
        for row in rows
    ]


def _metrics(
    session: Session, campaign_id: uuid.UUID, start: datetime, end: datetime
) -> list[MetricMovement]:
    goals = session.execute(
        select(CampaignGoal.metric_id, CampaignGoal.target, Metric.key, Metric.name)
        .join(Metric, Metric.id == CampaignGoal.metric_id)
        .where(CampaignGoal.campaign_id == campaign_id)
        .order_by(CampaignGoal.position)
    ).all()
    if not goals:
        return []
    metric_ids = [goal.metric_id for goal in goals]
    values = {
        bound: _latest_before(session, campaign_id, metric_ids, bound) for bound in (start, end)
    }
    movements = []
    for goal in goals:
        before = values[start].get(goal.metric_id)
        after = values[end].get(goal.metric_id)
        change = after - before if before is not None and after is not None else None
        movements.append(
            MetricMovement(
                metric_id=goal.metric_id,
                key=goal.key,
                name=goal.name,
                target=goal.target,
                start_value=before,
                end_value=after,
                change=change,
            )
        )
    return movements


def _latest_before(
    session: Session, campaign_id: uuid.UUID, metric_ids: list[uuid.UUID], bound: datetime
) -> dict[uuid.UUID, float]:
    """Each metric's latest value on the campaign before `bound`, in one statement."""
    latest = (
        select(Datapoint.metric_id, func.max(Datapoint.observed_at).label("observed_at"))
        .where(
            Datapoint.campaign_id == campaign_id,
            Datapoint.metric_id.in_(metric_ids),
            Datapoint.observed_at < bound,
        )
        .group_by(Datapoint.metric_id)
        .subquery()
    )
    rows = session.execute(
        select(Datapoint.metric_id, Datapoint.value, Datapoint.id)
        .join(
            latest,
            and_(
                latest.c.metric_id == Datapoint.metric_id,
                latest.c.observed_at == Datapoint.observed_at,
            ),
        )
        .where(Datapoint.campaign_id == campaign_id)
        .order_by(Datapoint.id)
    ).all()
    return {row.metric_id: row.value for row in rows}
