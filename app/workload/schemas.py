import uuid
from datetime import date

from pydantic import ConfigDict, Field

from app.core.schemas import ReadModel
from app.models.enums import AssignmentStatus, Raci


class WeekHeader(ReadModel):
    week: str = Field(description="ISO week, e.g. `2026-W12`.", examples=["2026-W12"])
    starts_on: date = Field(description="Its Monday.")


class WeekLoad(WeekHeader):
    allocation_percent: int = Field(
        description="The highest total allocation on any day of the week (%), so assignments "
        "that follow each other are not added up."
    )
    hours: float = Field(description="`allocation_percent` of the weekly capacity, in hours.")
    capacity_hours: float
    over: bool = Field(description="Above the workspace's over-allocation threshold.")
    assignment_ids: list[uuid.UUID] = Field(description="The assignments that count this week.")


class WorkloadAssignment(ReadModel):
    id: uuid.UUID
    role_id: uuid.UUID
    role_name: str
    campaign_id: uuid.UUID | None
    campaign_name: str | None
    scope_id: uuid.UUID | None
    scope_name: str | None
    raci: Raci
    allocation_percent: int
    starts_on: date
    ends_on: date | None
    status: AssignmentStatus


class MemberWorkload(ReadModel):
    """One member's load per ISO week, and the assignments that make it up."""

    model_config = ConfigDict(validate_by_name=True, validate_by_alias=True)

    member_id: uuid.UUID
    display_name: str
    weekly_capacity_hours: float
    over_allocation_percent: int = Field(description="The workspace's threshold.")
    from_: date = Field(alias="from")
    to: date
    weeks: list[WeekLoad]
    assignments: list[WorkloadAssignment] = Field(description="Every assignment of any week.")


class HeatmapRow(ReadModel):
    member_id: uuid.UUID
    display_name: str
    weekly_capacity_hours: float
    loads: list[int] = Field(description="Load (%) per week, in the order of `weeks`.")
    peak_percent: int
    over_weeks: int = Field(description="How many weeks are above the threshold.")


class WorkloadHeatmap(ReadModel):
    """Members × weeks of load. A cell's assignments: `members_workload` for that week."""

    model_config = ConfigDict(validate_by_name=True, validate_by_alias=True)

    from_: date = Field(alias="from")
    to: date
    over_allocation_percent: int = Field(description="The workspace's threshold.")
    weeks: list[WeekHeader]
    members: list[HeatmapRow] = Field(description="Active members, by name.")
