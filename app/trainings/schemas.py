import uuid
from datetime import date, datetime
from typing import Annotated, Self

from pydantic import AnyHttpUrl, ConfigDict, Field, model_validator

from app.core.pagination import Page
from app.core.schemas import InputModel, ReadModel
from app.core.validation import LongName, Text, omittable

Level = Annotated[int, Field(ge=1, le=5)]
Hours = Annotated[float, Field(ge=0, le=10_000, allow_inf_nan=False)]
Provider = Annotated[str, Field(max_length=200)]


class TrainingCreate(InputModel):
    """A training for a member; `plan_task` also gives them a task to take it."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "member_id": "0b6f3c1e-8a77-4f61-9a43-2a1f6a0e5d10",
                    "skill_id": "9d2e4b8c-31f0-4c5a-8b7e-6f1d2c3b4a59",
                    "title": "Video editing masterclass",
                    "provider": "Bilibili Academy",
                    "starts_on": "2026-12-07",
                    "ends_on": "2026-12-11",
                    "hours": 12,
                    "level_before": 2,
                    "level_after": 3,
                    "plan_task": True,
                }
            ]
        },
    )

    member_id: uuid.UUID
    skill_id: uuid.UUID | None = None
    title: LongName
    provider: Provider = ""
    starts_on: date | None = None
    ends_on: date | None = None
    hours: Hours | None = None
    level_before: Level | None = Field(
        default=None, description="Defaults to the member's current level in the skill."
    )
    level_after: Level | None = Field(default=None, description="The level aimed at or reached.")
    evidence_url: AnyHttpUrl | None = Field(default=None, max_length=2000)
    notes: Text = ""
    completed_on: date | None = Field(
        default=None, description="Set when done; a higher level_after then raises the skill."
    )
    plan_task: bool = Field(default=False, description="Create a task for the member too.")

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValueError("ends_on must not be before starts_on")
        return self


class TrainingUpdate(InputModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"completed_on": "2026-12-11", "level_after": 3}]},
    )

    title: LongName = omittable()
    provider: Provider = omittable()
    starts_on: date | None = None
    ends_on: date | None = None
    hours: Hours | None = None
    level_before: Level | None = None
    level_after: Level | None = None
    evidence_url: AnyHttpUrl | None = Field(default=None, max_length=2000)
    notes: Text = omittable()
    completed_on: date | None = None


class TrainingRead(ReadModel):
    id: uuid.UUID
    member_id: uuid.UUID
    member_name: str
    skill_id: uuid.UUID | None
    skill_name: str | None
    title: str
    provider: str
    starts_on: date | None
    ends_on: date | None
    hours: float | None
    level_before: int | None
    level_after: int | None
    evidence_url: str | None
    notes: str
    completed_on: date | None
    task_id: uuid.UUID | None
    created_at: datetime
    updated_at: datetime
    version: int


class TrainingPage(Page[TrainingRead]):
    pass


class SkillLevelChangeRead(ReadModel):
    skill_id: uuid.UUID
    skill_name: str
    level_before: int | None
    level_after: int
    changed_at: datetime
    training_id: uuid.UUID | None


class SkillHistory(ReadModel):
    items: list[SkillLevelChangeRead]
