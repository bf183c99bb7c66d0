import uuid
from datetime import date, datetime, time
from typing import Annotated, Any, Self

from pydantic import AfterValidator, ConfigDict, Field, model_validator

from app.core.pagination import Page
from app.core.richtext import Markdown
from app.core.rrule import RRule
from app.core.schemas import InputModel, ReadModel
from app.core.validation import LongName, omittable
from app.models.enums import PlanAnchor, PlanCatchUp, PlanRotation, TaskPriority
from app.tasks.schemas import MAX_CHECKLIST_STEPS, EstimateHours, StepText

Steps = Annotated[
    list[StepText], Field(max_length=MAX_CHECKLIST_STEPS, description="Ordered steps.")
]
LeadDays = Annotated[
    int, Field(ge=0, le=365, description="Days before its due day an occurrence appears.")
]
DEFAULT_DUE_TIME = time(18, 0)


def _local_time(value: time) -> time:
    if value.tzinfo is not None:
        raise ValueError("a local time, without an offset (the workspace's wall clock)")
    return value


LocalTime = Annotated[
    time, AfterValidator(_local_time), Field(description="Local time (workspace), HH:MM.")
]

_EXAMPLE: dict[str, Any] = {
    "title": "Plan next week's community activity",
    "campaign_id": "3f8a9b2c-7d6e-4f50-a1b2-c3d4e5f60718",
    "role_id": "9d2e4b8c-31f0-4c5a-8b7e-6f1d2c3b4a59",
    "rotation": "round_robin",
    "checklist": ["Review last week's numbers", "Draft the activity", "Post the notice"],
    "rrule": "FREQ=WEEKLY;BYDAY=TH",
    "start_on": "2026-12-03",
    "due_time": "18:00",
    "lead_days": 2,
}


class WorkPlanCreate(InputModel):
    """A task blueprint plus a schedule. Give `owner_member_id` or `role_id`, not both."""

    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE]})

    title: LongName
    description: Markdown = ""
    campaign_id: uuid.UUID
    scope_id: uuid.UUID | None = None
    checklist: Steps = []
    priority: TaskPriority = TaskPriority.none
    estimate_hours: EstimateHours | None = None
    owner_member_id: uuid.UUID | None = None
    role_id: uuid.UUID | None = Field(
        default=None, description="Occurrences go to the role's active R/A holders."
    )
    rotation: PlanRotation = PlanRotation.none
    rrule: RRule = Field(examples=["FREQ=WEEKLY;BYDAY=FR", "FREQ=MONTHLY;BYDAY=-1FR"])
    start_on: date | None = Field(
        default=None, description="First local date; defaults to today (workspace time)."
    )
    due_time: LocalTime = DEFAULT_DUE_TIME
    anchor: PlanAnchor = PlanAnchor.schedule
    lead_days: LeadDays = 0
    skip_weekends: bool = False
    catch_up: PlanCatchUp = PlanCatchUp.skip_missed
    enabled: bool = True

    @model_validator(mode="after")
    def _one_owner(self) -> Self:
        if (self.owner_member_id is None) == (self.role_id is None):
            raise ValueError("give owner_member_id or role_id (exactly one)")
        if self.rotation is PlanRotation.round_robin and self.role_id is None:
            raise ValueError("rotation needs role_id")
        return self


class WorkPlanUpdate(InputModel):
    """Changes reach open future occurrences, except what was changed on one of them."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"rrule": "FREQ=WEEKLY;BYDAY=FR", "enabled": True}]},
    )

    title: LongName = omittable()
    description: Markdown = omittable()
    scope_id: uuid.UUID | None = None
    checklist: Steps = omittable()
    priority: TaskPriority = omittable()
    estimate_hours: EstimateHours | None = None
    owner_member_id: uuid.UUID | None = None
    role_id: uuid.UUID | None = None
    rotation: PlanRotation = omittable()
    rrule: RRule = omittable()
    start_on: date = omittable()
    due_time: LocalTime = omittable()
    anchor: PlanAnchor = omittable()
    lead_days: LeadDays = omittable()
    skip_weekends: bool = omittable()
    catch_up: PlanCatchUp = omittable()
    enabled: bool = omittable()


class WorkPlanRead(ReadModel):
    id: uuid.UUID
    title: str
    description: str
    campaign_id: uuid.UUID
    campaign_name: str
    scope_id: uuid.UUID | None
    scope_name: str | None
    checklist: list[str]
    priority: TaskPriority
    estimate_hours: float | None
    owner_member_id: uuid.UUID | None
    owner_name: str | None
    role_id: uuid.UUID | None
    role_name: str | None
    rotation: PlanRotation
    rrule: str
    rrule_text: str = Field(description="The schedule in words, in your language.")
    start_on: date
    due_time: str = Field(pattern=r"^\d{2}:\d{2}$", description="Local due time, HH:MM.")
    anchor: PlanAnchor
    lead_days: int
    skip_weekends: bool
    catch_up: PlanCatchUp
    enabled: bool
    skipped: list[datetime]
    created_at: datetime
    updated_at: datetime
    version: int


class WorkPlanPage(Page[WorkPlanRead]):
    pass


class Occurrence(ReadModel):
    occurrence_at: datetime = Field(description="The scheduled due instant.")
    appears_at: datetime = Field(description="When its task appears (lead days before).")
    owner_member_id: uuid.UUID | None
    task_id: uuid.UUID | None = Field(description="The task, once it exists.")
    skipped: bool


class OccurrencePreview(ReadModel):
    items: list[Occurrence]


class OccurrenceSkip(InputModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"occurrence_at": "2026-12-04T10:00:00Z"}]},
    )

    occurrence_at: datetime = Field(description="An occurrence of the plan, as previewed.")
