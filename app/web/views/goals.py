"""What the goal pages show of a goal and its key results (app/goals/schemas.py's replies)."""

from datetime import date

from app.vocabulary import GoalOutcome, GoalState, GoalStatus, Likelihood, PaceProfile
from app.web.views import View


class Forecast(View):
    points: int
    value: float
    low: float
    high: float
    projected_hit_on: date | None
    likelihood: Likelihood | None


class KeyResult(View):
    id: str
    metric_name: str
    channel: str | None
    start_value: float
    target_value: float
    current_value: float | None
    progress: float
    expected_value: float
    expected_progress: float
    status: GoalStatus
    forecast: Forecast | None


class Goal(View):
    id: str
    title: str
    owner_member_id: str | None
    owner_name: str | None
    reviewer_member_id: str | None
    reviewer_name: str | None
    parent_id: str | None
    campaign_id: str | None
    campaign_name: str | None
    starts_on: date
    due_on: date
    state: GoalState
    outcome: GoalOutcome | None
    pace: PaceProfile
    progress: float
    expected_progress: float
    pace_ratio: float | None
    computed_status: GoalStatus
    status: GoalStatus
    status_overridden: bool
    status_override_note: str
    key_results: list[KeyResult] = []

    def form_values(self) -> dict[str, str]:
        """The edit form's fields as they are now."""
        return {
            "title": self.title,
            "starts_on": self.starts_on.isoformat(),
            "due_on": self.due_on.isoformat(),
            "pace": self.pace,
            "owner_member_id": self.owner_member_id or "",
            "reviewer_member_id": self.reviewer_member_id or "",
            "parent_id": self.parent_id or "",
            "campaign_id": self.campaign_id or "",
        }


def goal_tree(goals: list[Goal]) -> list[tuple[int, Goal]]:
    """(depth, goal) in tree order: roots in the API's order, each followed by its children."""
    ids = {g.id for g in goals}
    children: dict[str | None, list[Goal]] = {}
    for goal in goals:
        parent = goal.parent_id if goal.parent_id in ids else None
        children.setdefault(parent, []).append(goal)
    ordered: list[tuple[int, Goal]] = []

    def walk(parent: str | None, depth: int) -> None:
        for goal in children.get(parent, []):
            ordered.append((depth, goal))
            walk(goal.id, depth + 1)

    walk(None, 0)
    return ordered
