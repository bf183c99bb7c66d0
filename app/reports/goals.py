"""A campaign's goals as the week's reports and digest see them (read from app/goals).

The active goals of the campaign, their key results measured from datapoints as the goals
module reads them (`app/goals/reads.py`, forecasts left out), as of a given local day:
- a report's snapshot records, at submission, each key result's metric, current value,
  target, progress and status (`key_results_snapshot`);
- the digest lists each goal with its key results at the week's end (or today) and the
  movement since the week began (the value to date on the day before its Monday).
"""

import uuid
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from app.core.permissions import WorkspaceContext
from app.goals import reads as goal_reads
from app.goals.schemas import GoalRead
from app.models import Goal
from app.models.goal import GoalState
from app.reports.digest_schemas import DigestGoal, DigestKeyResult


def active_goals(
    session: Session, *, ctx: WorkspaceContext, campaign_id: uuid.UUID, today: date
) -> list[GoalRead]:
    """The campaign's active goals measured as of `today` (local), oldest due first."""
    where = [Goal.campaign_id == campaign_id, Goal.state == GoalState.active]
    return goal_reads.all_where(session, ctx=ctx, where=where, today=today)


def key_results_snapshot(
    session: Session, *, ctx: WorkspaceContext, campaign_id: uuid.UUID, today: date
) -> list[dict[str, Any]]:
    """The campaign's key results now, as a report keeps them (JSON values)."""
    return [
        {
            "goal_id": str(goal.id),
            "goal_title": goal.title,
            "key_result_id": str(kr.id),
            "metric": kr.metric,
            "metric_name": kr.metric_name,
            "unit": kr.unit,
            "start_value": kr.start_value,
            "target_value": kr.target_value,
            "current_value": kr.current_value,
            "progress": kr.progress,
            "status": kr.status.value,
        }
        for goal in active_goals(session, ctx=ctx, campaign_id=campaign_id, today=today)
        for kr in goal.key_results
    ]


def digest_goals(
    session: Session, *, ctx: WorkspaceContext, campaign_id: uuid.UUID, monday: date, today: date
) -> list[DigestGoal]:
    """Active goals at the week's end (or today, if sooner), with their week's movement."""
    last_day = min(monday + timedelta(days=6), today)
    at_end = active_goals(session, ctx=ctx, campaign_id=campaign_id, today=last_day)
    if not at_end:
        return []
    before = active_goals(
        session, ctx=ctx, campaign_id=campaign_id, today=monday - timedelta(days=1)
    )
    started = {
        kr.id: kr.current_value
        for goal in before
        if goal.starts_on < monday
        for kr in goal.key_results
    }
    return [
        DigestGoal(
            id=goal.id,
            title=goal.title,
            owner_member_id=goal.owner_member_id,
            owner_name=goal.owner_name,
            due_on=goal.due_on,
            progress=goal.progress,
            status=goal.status,
            key_results=[
                DigestKeyResult(
                    id=kr.id,
                    metric=kr.metric,
                    metric_name=kr.metric_name,
                    unit=kr.unit,
                    start_value=kr.start_value,
                    target_value=kr.target_value,
                    week_start_value=started.get(kr.id),
                    current_value=kr.current_value,
                    change=_change(started.get(kr.id), kr.current_value),
                    progress=kr.progress,
                    status=kr.status,
                )
                for kr in goal.key_results
            ],
        )
        for goal in at_end
    ]


def _change(before: float | None, after: float | None) -> float | None:
    return after - before if before is not None and after is not None else None
