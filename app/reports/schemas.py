import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal, Self

from pydantic import ConfigDict, Field, model_validator

from app.core.pagination import Page
from app.core.richtext import Markdown
from app.core.rrule import RRule
from app.core.schemas import InputModel, ReadModel
from app.core.validation import omittable
from app.models.enums import ReportHealth, ReportingState, ReportStatus
from app.models.goal import GoalStatus
from app.work_plans.schemas import DEFAULT_DUE_TIME, LocalTime

DEFAULT_RRULE = "FREQ=WEEKLY;BYDAY=FR"
GraceHours = Annotated[int, Field(ge=0, le=720, description="Hours after the due time.")]
Authors = Annotated[list[uuid.UUID], Field(min_length=1, max_length=50)]
TaskIds = Annotated[list[uuid.UUID], Field(max_length=100)]


class ReportScheduleCreate(InputModel):
    """Who reports on a campaign (or a role on it, or a member) to whom, and when."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "campaign_id": "3f8a9b2c-7d6e-4f50-a1b2-c3d4e5f60718",
                    "author_member_ids": ["0b6f3c1e-8a77-4f61-9a43-2a1f6a0e5d10"],
                    "rrule": "FREQ=WEEKLY;BYDAY=FR",
                    "due_time": "18:00",
                }
            ]
        },
    )

    campaign_id: uuid.UUID
    role_id: uuid.UUID | None = Field(default=None, description="Subject: a role on the campaign.")
    subject_member_id: uuid.UUID | None = Field(default=None, description="Subject: a member.")
    author_member_ids: Authors
    reviewer_member_id: uuid.UUID | None = Field(
        default=None,
        description="Defaults to the campaign's Accountable, else the campaign lead.",
    )
    rrule: RRule = DEFAULT_RRULE
    start_on: date | None = None
    due_time: LocalTime = DEFAULT_DUE_TIME
    grace_hours: GraceHours = 72
    enabled: bool = True

    @model_validator(mode="after")
    def _one_subject(self) -> Self:
        if self.role_id is not None and self.subject_member_id is not None:
            raise ValueError("the subject is the campaign, a role on it, or a member: one")
        return self


class ReportScheduleUpdate(InputModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"grace_hours": 48, "enabled": False}]}
    )

    author_member_ids: Authors = omittable()
    reviewer_member_id: uuid.UUID | None = None
    rrule: RRule = omittable()
    due_time: LocalTime = omittable()
    grace_hours: GraceHours = omittable()
    enabled: bool = omittable()


class AuthorState(ReadModel):
    author_member_id: uuid.UUID
    author_name: str
    state: ReportingState
    period_at: datetime | None = Field(description="The period this state is about.")
    last_submitted_at: datetime | None
    missed_periods: list[datetime] = Field(description="Recent periods without a report.")


class ReportScheduleRead(ReadModel):
    id: uuid.UUID
    campaign_id: uuid.UUID
    campaign_name: str
    role_id: uuid.UUID | None
    subject_member_id: uuid.UUID | None
    author_member_ids: list[uuid.UUID]
    reviewer_member_id: uuid.UUID | None
    reviewer_name: str | None
    rrule: str
    rrule_text: str
    start_on: date
    due_time: str = Field(pattern=r"^\d{2}:\d{2}$")
    grace_hours: int
    enabled: bool
    next_due_at: datetime | None
    reporting_state: list[AuthorState]
    created_at: datetime
    updated_at: datetime
    version: int


class ReportSchedulePage(Page[ReportScheduleRead]):
    pass


_REPORT_EXAMPLE: dict[str, Any] = {
    "schedule_id": "5c1d2e3f-4a5b-4c6d-8e7f-901234567890",
    "health": "at_risk",
    "progress": "Two of three videos are cut.",
    "difficulties": "The sponsor has not signed yet.",
    "next_plan": "Publish on Tuesday; follow up with the sponsor.",
    "asks": "Can @role:business_partnership call them?",
    "submit": True,
}


class ReportCreate(InputModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_REPORT_EXAMPLE]})

    schedule_id: uuid.UUID | None = None
    campaign_id: uuid.UUID | None = Field(
        default=None, description="Required without `schedule_id`."
    )
    author_member_id: uuid.UUID | None = Field(
        default=None, description="Defaults to you; filing for someone else needs editor access."
    )
    period_at: datetime | None = Field(
        default=None, description="The schedule's period; defaults to the oldest one still open."
    )
    health: ReportHealth
    progress: Markdown = ""
    difficulties: Markdown = ""
    next_plan: Markdown = ""
    asks: Markdown = ""
    task_ids: TaskIds = []
    submit: bool = Field(default=False, description="Submit now; otherwise a private draft.")


class ReportUpdate(InputModel):
    """The author's edits; after submission each edit keeps the previous text as a version."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"health": "on_track", "submit": True}]}
    )

    health: ReportHealth = omittable()
    progress: Markdown = omittable()
    difficulties: Markdown = omittable()
    next_plan: Markdown = omittable()
    asks: Markdown = omittable()
    task_ids: TaskIds = omittable()
    submit: bool = Field(default=False, description="Submit a draft.")


class ReportAcknowledge(InputModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"comment": "Thanks — I'll call them."}]}
    )

    comment: Markdown = ""


class MetricSnapshot(ReadModel):
    metric_id: uuid.UUID
    key: str
    name: str
    target: float
    value: float | None


class KeyResultSnapshot(ReadModel):
    goal_id: uuid.UUID
    goal_title: str
    key_result_id: uuid.UUID
    metric: str = Field(description="The metric's key.")
    metric_name: str
    unit: str
    start_value: float
    target_value: float
    current_value: float | None = Field(description="`null` while the goal's period has no data.")
    progress: float = Field(description="0–100 %, toward the target.")
    status: GoalStatus


class ReportVersion(ReadModel):
    version: int
    edited_at: datetime
    health: ReportHealth
    progress: str
    difficulties: str
    next_plan: str
    asks: str


class ReportRead(ReadModel):
    id: uuid.UUID
    schedule_id: uuid.UUID | None
    campaign_id: uuid.UUID
    campaign_name: str
    author_member_id: uuid.UUID
    author_name: str
    reviewer_member_id: uuid.UUID | None
    period_at: datetime | None
    status: ReportStatus
    health: ReportHealth
    progress: str
    difficulties: str
    next_plan: str
    asks: str
    html: dict[Literal["progress", "difficulties", "next_plan", "asks"], str] = Field(
        description="Each part rendered, safe to embed."
    )
    task_ids: list[uuid.UUID]
    metrics_snapshot: list[MetricSnapshot] = Field(
        description="Deprecated: the campaign's simple goal targets at submission; "
        "read `key_results_snapshot` instead.",
        json_schema_extra={"deprecated": True},
    )
    key_results_snapshot: list[KeyResultSnapshot] = Field(
        description="The key results of the campaign's active goals at submission "
        "(metric, current value, target, progress, status)."
    )
    versions: list[ReportVersion]
    submitted_at: datetime | None
    acknowledged_at: datetime | None
    acknowledged_by_member_id: uuid.UUID | None
    acknowledgement: str
    created_at: datetime
    updated_at: datetime
    version: int


class ReportPage(Page[ReportRead]):
    pass
