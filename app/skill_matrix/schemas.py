import uuid

from pydantic import Field

from app.core.pagination import Page
from app.core.schemas import ReadModel
from app.models.enums import SkillCategory


class SkillColumn(ReadModel):
    id: uuid.UUID
    key: str
    name: str
    category: SkillCategory


class SkillMatrixRow(ReadModel):
    member_id: uuid.UUID
    display_name: str
    levels: list[int | None] = Field(
        description="Level 1–5 per skill, in the order of `skills`; `null`: not held."
    )


class RequiredSkill(ReadModel):
    skill_id: uuid.UUID
    min_level: int


class RoleQualification(ReadModel):
    role_id: uuid.UUID
    key: str
    name: str
    required_skills: list[RequiredSkill]
    qualified_member_ids: list[uuid.UUID] = Field(
        description="Active members who meet every required skill of the role."
    )


class SkillMatrix(ReadModel):
    """Active members × the workspace's skills, and who qualifies for each role."""

    skills: list[SkillColumn] = Field(description="By category, then name.")
    members: list[SkillMatrixRow] = Field(description="By name.")
    roles: list[RoleQualification] = Field(description="By name.")


class SkillHolder(ReadModel):
    member_id: uuid.UUID
    display_name: str
    level: int


class SkillGap(ReadModel):
    """An assignee below a level their role requires, and who could cover or mentor."""

    campaign_id: uuid.UUID
    campaign_name: str
    role_id: uuid.UUID
    role_name: str
    skill_id: uuid.UUID
    skill_name: str
    min_level: int
    member_id: uuid.UUID
    member_name: str
    level: int = Field(description="The assignee's level; 0 when they do not have the skill.")
    assignment_ids: list[uuid.UUID]
    helpers: list[SkillHolder] = Field(
        description="Members with the skill at the required level, best first (at most 3)."
    )


class SkillGapPage(Page[SkillGap]):
    pass
