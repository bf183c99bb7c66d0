import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, ConfigDict, Field

from app.core.pagination import Page
from app.core.schemas import InputModel, ReadModel
from app.core.validation import Key, Name, ShortTextList, Text, omittable


class RequiredSkillIn(InputModel):
    skill_id: uuid.UUID
    min_level: int = Field(ge=1, le=5)


class RequiredSkillRead(ReadModel):
    skill_id: uuid.UUID
    key: str
    name: str
    min_level: int


def _one_requirement_per_skill(skills: list[RequiredSkillIn]) -> list[RequiredSkillIn]:
    if len({s.skill_id for s in skills}) != len(skills):
        raise ValueError("each skill may appear only once")
    return skills


RequiredSkills = Annotated[
    list[RequiredSkillIn], Field(max_length=50), AfterValidator(_one_requirement_per_skill)
]

_EXAMPLE: dict[str, Any] = {
    "key": "video_editor",
    "name": "Video editor",
    "description": "Cuts and polishes every episode.",
    "responsibilities": ["Edit each episode", "Keep the house style"],
    "authorities": ["Approve the final cut"],
    "required_skills": [{"skill_id": "5b0c8f9e-1d2a-4c3b-9e8f-7a6b5c4d3e2f", "min_level": 3}],
}


class RoleCreate(InputModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE]})

    key: Key
    name: Name
    description: Text = ""
    responsibilities: ShortTextList = []
    authorities: ShortTextList = Field(
        default=[], description="Decisions this role may take on its own."
    )
    required_skills: RequiredSkills = []


class RoleUpdate(InputModel):
    """Fields to change; lists replace the whole list."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"authorities": ["Approve the final cut"]}]}
    )

    key: Key = omittable()
    name: Name = omittable()
    description: Text = omittable()
    responsibilities: ShortTextList = omittable()
    authorities: ShortTextList = omittable()
    required_skills: RequiredSkills = omittable()


class RoleRead(ReadModel):
    id: uuid.UUID
    key: str
    name: str
    description: str
    responsibilities: list[str]
    authorities: list[str]
    required_skills: list[RequiredSkillRead]
    created_at: datetime
    updated_at: datetime


class RolePage(Page[RoleRead]):
    pass
