"""The health check's `goal_off_track` finding: an active goal behind its pace line."""

import uuid

from sqlalchemy.orm import Session

from app.core.i18n import N_, translate
from app.core.permissions import WorkspaceContext
from app.goals import reads
from app.models import Goal
from app.models.goal import GoalState, GoalStatus

GOAL_OFF_TRACK = N_(
    "The goal “{title}” is off track: {progress}% done where {expected}% was expected by today."
)


def goal_findings(
    session: Session, *, ctx: WorkspaceContext, campaign_id: uuid.UUID | None = None
) -> list[dict[str, object]]:
    """A warning for each active goal (of the campaign, if given) whose status is off track."""
    where = [Goal.state == GoalState.active]
    if campaign_id is not None:
        where.append(Goal.campaign_id == campaign_id)
    found: list[dict[str, object]] = []
    for goal in reads.all_where(session, ctx=ctx, where=where):
        if goal.status is not GoalStatus.off_track:
            continue
        message = translate(GOAL_OFF_TRACK, ctx.actor.locale).format(
            title=goal.title,
            progress=round(goal.progress),
            expected=round(goal.expected_progress),
        )
        found.append(
            {
                "code": "goal_off_track",
                "severity": "warning",
                "message": message,
                "campaign_id": goal.campaign_id,
                "goal_id": goal.id,
                "member_ids": [goal.owner_member_id] if goal.owner_member_id else [],
            }
        )
    return found
