import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import ConfigDict, Field, JsonValue, StringConstraints

from app.core.pagination import Page
from app.core.schemas import InputModel, ReadModel
from app.core.validation import LongName, omittable
from app.goals.progress import ForecastMethod, Likelihood
from app.metrics.schemas import Channel, MetricKey
from app.models.goal import (
    GoalOutcome,
    GoalState,
    GoalStatus,
    KeyResultAggregation,
    PaceProfile,
)

Amount = Annotated[float, Field(allow_inf_nan=False, ge=-1e15, le=1e15)]
Weight = Annotated[float, Field(allow_inf_nan=False, gt=0, le=1000)]
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
Threshold = Annotated[float, Field(allow_inf_nan=False, gt=0, le=2)]


class KeyResultCreate(InputModel):
    """A metric moving from `start_value` to `target_value` (lower than the start: a
    decreasing target) over the goal's period."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "metric": "followers",
                    "channel": "bilibili",
                    "start_value": 12000,
                    "target_value": 20000,
                    "aggregation": "latest",
                }
            ]
        },
    )

    metric: MetricKey
    campaign_id: uuid.UUID | None = Field(default=None, description="Only this campaign's data.")
    channel: Channel | None = Field(default=None, description="Only this channel's data.")
    start_value: Amount = 0
    target_value: Amount
    aggregation: KeyResultAggregation = Field(
        default=KeyResultAggregation.latest,
        description="The value over the period: the `latest` (per channel, then combined), "
        "the `sum` or the `avg` of its datapoints.",
    )
    weight: Weight = 1


class KeyResultUpdate(InputModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"target_value": 25000}]})

    metric: MetricKey = omittable()
    campaign_id: uuid.UUID | None = None
    channel: Channel | None = None
    start_value: Amount = omittable()
    target_value: Amount = omittable()
    aggregation: KeyResultAggregation = omittable()
    weight: Weight = omittable()


_EXAMPLE_GOAL: JsonValue = {
    "title": "Grow the bilibili audience",
    "starts_on": "2026-10-01",
    "due_on": "2026-12-31",
    "key_results": [{"metric": "followers", "start_value": 12000, "target_value": 20000}],
}


class GoalCreate(InputModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE_GOAL]})

    title: LongName
    owner_member_id: uuid.UUID | None = None
    reviewer_member_id: uuid.UUID | None = None
    parent_id: uuid.UUID | None = Field(default=None, description="The goal this one serves.")
    campaign_id: uuid.UUID | None = None
    starts_on: date
    due_on: date
    state: GoalState = Field(default=GoalState.active, description="`draft` or `active`.")
    pace: PaceProfile = Field(
        default=PaceProfile.linear,
        description="The expected-progress line: `linear`, `front_loaded` (fast start) or "
        "`back_loaded` (slow start).",
    )
    key_results: Annotated[list[KeyResultCreate], Field(max_length=20)] = []


class GoalUpdate(InputModel):
    """Fields to change. Closing (`state: closed`) needs an `outcome`. A
    `status_override` replaces the computed status until the next datapoint arrives."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"status_override": "at_risk", "status_override_note": "Platform outage."},
                {"state": "closed", "outcome": "achieved"},
            ]
        },
    )

    title: LongName = omittable()
    owner_member_id: uuid.UUID | None = None
    reviewer_member_id: uuid.UUID | None = None
    parent_id: uuid.UUID | None = None
    campaign_id: uuid.UUID | None = None
    starts_on: date = omittable()
    due_on: date = omittable()
    state: GoalState = omittable()
    outcome: GoalOutcome | None = None
    pace: PaceProfile = omittable()
    status_override: GoalStatus | None = None
    status_override_note: Note = omittable()


class ForecastRead(ReadModel):
    method: ForecastMethod = Field(
        description="`least_squares` (3 to 7 points) or `damped_holt` (8 or more)."
    )
    points: int = Field(description="Days with data the forecast is drawn from.")
    value: float = Field(description="The projected value at the due date.")
    low: float = Field(description="The 80 % band's lower end at the due date.")
    high: float = Field(description="The 80 % band's upper end.")
    projected_hit_on: date | None = Field(
        description="When the projection reaches the target; `null` if not within a year."
    )
    likelihood: Likelihood | None = Field(
        description="`likely`/`unlikely` only when the whole band is on one side of the target."
    )


class KeyResultRead(ReadModel):
    id: uuid.UUID
    goal_id: uuid.UUID
    metric: str = Field(description="The metric's key.")
    metric_id: uuid.UUID
    metric_name: str
    unit: str
    campaign_id: uuid.UUID | None
    channel: str | None
    start_value: float
    target_value: float
    aggregation: KeyResultAggregation
    weight: float
    current_value: float | None = Field(description="`null` until the period has data.")
    progress: float = Field(description="0–100 %, toward the target (either direction).")
    expected_value: float = Field(description="Where the pace line is today.")
    expected_progress: float = Field(description="0–100 %: the pace line's share today.")
    pace_ratio: float | None = Field(description="progress ÷ expected progress.")
    status: GoalStatus
    forecast: ForecastRead | None = Field(description="`null` with fewer than 3 points.")


class GoalRead(ReadModel):
    id: uuid.UUID
    title: str
    owner_member_id: uuid.UUID | None
    owner_name: str | None
    reviewer_member_id: uuid.UUID | None
    reviewer_name: str | None
    parent_id: uuid.UUID | None
    campaign_id: uuid.UUID | None
    campaign_name: str | None
    starts_on: date
    due_on: date
    state: GoalState
    outcome: GoalOutcome | None
    pace: PaceProfile
    progress: float = Field(description="Weighted mean of the key results' progress, 0–100 %.")
    expected_progress: float
    pace_ratio: float | None
    computed_status: GoalStatus = Field(description="From the pace ratio and the thresholds.")
    status: GoalStatus = Field(description="The override while it holds, else the computed.")
    status_overridden: bool
    status_override_note: str
    status_override_at: datetime | None
    key_results: list[KeyResultRead]
    created_at: datetime
    updated_at: datetime


class GoalPage(Page[GoalRead]):
    pass


class GoalSettingsRead(ReadModel):
    on_track_from: float = Field(description="Pace ratio from which a goal is on track.")
    at_risk_from: float = Field(description="Pace ratio from which it is at risk (else off).")


class GoalSettingsUpdate(InputModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"on_track_from": 0.95}]})

    on_track_from: Threshold = omittable()
    at_risk_from: Threshold = omittable()
