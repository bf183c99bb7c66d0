import re
import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, ConfigDict, Field, StringConstraints

from app.core.pagination import Page
from app.core.richtext import Markdown
from app.core.schemas import InputModel, ReadModel
from app.core.validation import LongName, omittable
from app.models.enums import TaskPriority, TaskStatus

MAX_CHECKLIST_STEPS = 200
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _date_only_as_date(value: Any) -> Any:
    """ "2026-12-04" is a day (due at its end, workspace time), not that day's midnight."""
    if isinstance(value, str) and _DATE_ONLY.match(value):
        return date.fromisoformat(value)
    return value


DueAt = Annotated[
    datetime | date,
    BeforeValidator(_date_only_as_date),
    Field(
        description="An instant, or a date: due at the end of that day in the workspace's "
        "time zone. A date-time without an offset is workspace time.",
        examples=["2026-12-04T18:00:00+08:00", "2026-12-04"],
    ),
]
StepText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
EstimateHours = Annotated[float, Field(ge=0, le=1000, allow_inf_nan=False)]
MetricIds = Annotated[list[uuid.UUID], Field(max_length=50)]
BlockedReason = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)
]


class ChecklistStep(InputModel):
    text: StepText
    done: bool = False


Checklist = Annotated[
    list[ChecklistStep],
    Field(max_length=MAX_CHECKLIST_STEPS, description="Ordered steps, at most 200."),
]

_EXAMPLE: dict[str, Any] = {
    "title": "Reply to fans and moderate",
    "description": "Answer **every** comment under yesterday's video.",
    "campaign_id": "3f8a9b2c-7d6e-4f50-a1b2-c3d4e5f60718",
    "owner_member_id": "0b6f3c1e-8a77-4f61-9a43-2a1f6a0e5d10",
    "due_at": "2026-12-04",
    "priority": "medium",
    "checklist": [{"text": "Bilibili comments"}, {"text": "WeChat group"}],
    "estimate_hours": 1.5,
}


class TaskCreate(InputModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE]})

    title: LongName
    description: Markdown = ""
    campaign_id: uuid.UUID | None = None
    scope_id: uuid.UUID | None = Field(default=None, description="A scope of `campaign_id`.")
    owner_member_id: uuid.UUID | None = Field(
        default=None,
        description="Defaults to the Accountable of the scope (or of the campaign), else you.",
    )
    role_id: uuid.UUID | None = None
    due_at: DueAt | None = None
    status: TaskStatus = TaskStatus.todo
    blocked_reason: BlockedReason | None = Field(
        default=None, description="Required when `status` is `blocked`."
    )
    priority: TaskPriority = TaskPriority.none
    checklist: Checklist = []
    estimate_hours: EstimateHours | None = None
    metric_ids: MetricIds = Field(default=[], description="Metrics this task moves.")


class TaskUpdate(InputModel):
    """Fields to change. On an occurrence of a work plan, changed fields stay as set here."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"status": "blocked", "blocked_reason": "No footage"}]},
    )

    title: LongName = omittable()
    description: Markdown = omittable()
    campaign_id: uuid.UUID | None = None
    scope_id: uuid.UUID | None = None
    owner_member_id: uuid.UUID | None = None
    role_id: uuid.UUID | None = None
    due_at: DueAt | None = None
    status: TaskStatus = omittable()
    blocked_reason: BlockedReason | None = None
    priority: TaskPriority = omittable()
    checklist: Checklist = omittable()
    estimate_hours: EstimateHours | None = None
    metric_ids: MetricIds = omittable()


class TaskWarning(ReadModel):
    code: str = Field(examples=["task_owner_not_assigned"])
    message: str


class TaskRead(ReadModel):
    id: uuid.UUID
    title: str
    description: str
    description_html: str = Field(description="The description rendered, safe to embed.")
    campaign_id: uuid.UUID | None
    campaign_name: str | None
    scope_id: uuid.UUID | None
    scope_name: str | None
    owner_member_id: uuid.UUID | None
    owner_name: str | None
    role_id: uuid.UUID | None
    role_name: str | None
    due_at: datetime | None
    overdue: bool = Field(description="Open and past its due time.")
    status: TaskStatus
    blocked_reason: str | None
    priority: TaskPriority
    checklist: list[ChecklistStep]
    estimate_hours: float | None
    metric_ids: list[uuid.UUID]
    completed_at: datetime | None
    completed_by_member_id: uuid.UUID | None
    plan_id: uuid.UUID | None
    occurrence_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int
    warnings: list[TaskWarning] = []


# How a list of tasks is ordered: by creation, or by due time (only tasks that have one).
TaskOrder = Literal["created", "due"]


class TaskPage(Page[TaskRead]):
    pass
