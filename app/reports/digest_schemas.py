"""The weekly campaign digest: what got done, what slipped, what the reports said."""

import uuid
from datetime import date, datetime

from pydantic import Field

from app.core.schemas import ReadModel
from app.models.enums import ReportHealth, ReportStatus, TaskStatus
from app.models.goal import GoalStatus


class DigestTask(ReadModel):
    id: uuid.UUID
    title: str
    owner_member_id: uuid.UUID | None
    owner_name: str | None
    status: TaskStatus
    due_at: datetime | None
    completed_at: datetime | None


class DigestReport(ReadModel):
    id: uuid.UUID
    author_member_id: uuid.UUID
    author_name: str
    health: ReportHealth
    status: ReportStatus
    period_at: datetime | None
    submitted_at: datetime | None


class MetricMovement(ReadModel):
    metric_id: uuid.UUID
    key: str
    name: str
    target: float
    start_value: float | None = Field(description="The latest value before the week began.")
    end_value: float | None = Field(description="The latest value before the week ended.")
    change: float | None = Field(description="end_value − start_value when both are known.")


class DigestKeyResult(ReadModel):
    id: uuid.UUID
    metric: str = Field(description="The metric's key.")
    metric_name: str
    unit: str
    start_value: float = Field(description="The key result's start (of the goal's period).")
    target_value: float
    week_start_value: float | None = Field(
        description="The value to date when the week began (`null` before the goal's data)."
    )
    current_value: float | None = Field(
        description="The value to date at the week's end, or now if the week is not over."
    )
    change: float | None = Field(description="current_value − week_start_value when both known.")
    progress: float = Field(description="0–100 %, toward the target, at the week's end.")
    status: GoalStatus


class DigestGoal(ReadModel):
    id: uuid.UUID
    title: str
    owner_member_id: uuid.UUID | None
    owner_name: str | None
    due_on: date
    progress: float = Field(description="Weighted mean of the key results' progress, 0–100 %.")
    status: GoalStatus = Field(description="The override while it holds, else the computed.")
    key_results: list[DigestKeyResult]


class OpenRisk(ReadModel):
    report_id: uuid.UUID
    author_member_id: uuid.UUID
    author_name: str
    health: ReportHealth
    submitted_at: datetime | None
    difficulties: str = Field(description="As written (Markdown).")
    difficulties_html: str = Field(description="Rendered, safe to embed.")


class CampaignDigest(ReadModel):
    """One campaign's week (Monday to Sunday in the workspace's time zone)."""

    campaign_id: uuid.UUID
    campaign_name: str
    week_start: date
    week_end: date = Field(description="The week's last day (a Sunday).")
    starts_at: datetime
    ends_at: datetime = Field(description="Exclusive: the next Monday's midnight.")
    tasks_done: list[DigestTask] = Field(description="Completed during the week.")
    tasks_slipped: list[DigestTask] = Field(
        description="Due during the week (up to now) and not done by their due time."
    )
    reports: list[DigestReport] = Field(description="Submitted during the week.")
    goals: list[DigestGoal] = Field(
        description="The campaign's active goals (`goals_*`) with their key results' week."
    )
    metrics: list[MetricMovement] = Field(
        description="Deprecated: the campaign's simple goal targets (campaign `goals`); "
        "read `goals` instead.",
        json_schema_extra={"deprecated": True},
    )
    open_risks: list[OpenRisk] = Field(
        description="Difficulties of submitted reports that no reviewer has answered yet."
    )
