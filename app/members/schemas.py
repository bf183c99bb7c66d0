import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, ConfigDict, EmailStr, Field

from app.core.pagination import Page
from app.core.schemas import InputModel, ReadModel
from app.core.validation import Name, omittable
from app.models.enums import Access, MemberStatus

Level = Annotated[int, Field(ge=1, le=5, description="1 (beginner) to 5 (expert).")]
Capacity = Annotated[float, Field(ge=0, le=168, description="Hours per week.")]


class MemberSkillIn(InputModel):
    skill_id: uuid.UUID
    level: Level


class MemberSkillRead(ReadModel):
    skill_id: uuid.UUID
    key: str
    name: str
    level: int


def _one_level_per_skill(skills: list[MemberSkillIn]) -> list[MemberSkillIn]:
    ids = [s.skill_id for s in skills]
    if len(ids) != len(set(ids)):
        raise ValueError("each skill may appear only once")
    return skills


MemberSkills = Annotated[
    list[MemberSkillIn], Field(max_length=100), AfterValidator(_one_level_per_skill)
]

_EXAMPLE: dict[str, Any] = {
    "display_name": "Lin Xiaoyu 林晓雨",
    "email": "lin.xiaoyu@example.com",
    "title": "Video creator",
    "weekly_capacity_hours": 40,
    "skills": [{"skill_id": "5b0c8f9e-1d2a-4c3b-9e8f-7a6b5c4d3e2f", "level": 4}],
}


class MemberCreate(InputModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE]})

    display_name: Name
    email: EmailStr | None = None
    title: str | None = Field(default=None, max_length=120)
    weekly_capacity_hours: Capacity = 40
    status: MemberStatus = MemberStatus.active
    skills: MemberSkills = []


class MemberUpdate(InputModel):
    """Fields to change. `skills` replaces the whole list; `access` needs a linked user."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"title": "Lead editor", "weekly_capacity_hours": 32}]},
    )

    display_name: Name = omittable()
    email: EmailStr | None = None
    title: str | None = Field(default=None, max_length=120)
    weekly_capacity_hours: Capacity = omittable()
    status: MemberStatus = omittable()
    skills: MemberSkills = omittable()
    access: Access = omittable()


class MemberRead(ReadModel):
    id: uuid.UUID
    display_name: str
    email: str | None
    title: str | None
    weekly_capacity_hours: float
    status: MemberStatus
    user_id: uuid.UUID | None = Field(description="The linked login, if the member has one.")
    access: Access | None = Field(description="The linked user's access level.")
    skills: list[MemberSkillRead]
    created_at: datetime
    updated_at: datetime


class MemberPage(Page[MemberRead]):
    pass
