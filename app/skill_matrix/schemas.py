import uuid

from pydantic import BaseModel, Field

from app.models.enums import SkillCategory


class SkillColumn(BaseModel):
    id: uuid.UUID
    key: str
    name: str
    category: SkillCategory


class SkillMatrixRow(BaseModel):
    member_id: uuid.UUID
    display_name: str
    levels: list[int | None] = Field(
        description="Level 1–5 per skill, in the order of `skills`; `null`: not held."
    )


class RequiredSkill(BaseModel):
    skill_id: uuid.UUID
    min_level: int


class RoleQualification(BaseModel):
    role_id: uuid.UUID
    key: str
    name: str
    required_skills: list[RequiredSkill]
    qualified_member_ids: list[uuid.UUID] = Field(
        description="Active members who meet every required skill of the role."
    )


class SkillMatrix(BaseModel):
    """Active members × the workspace's skills, and who qualifies for each role."""

    skills: list[SkillColumn] = Field(description="By category, then name.")
    members: list[SkillMatrixRow] = Field(description="By name.")
    roles: list[RoleQualification] = Field(description="By name.")


class SkillHolder(BaseModel):
    member_id: uuid.UUID
    display_name: str
    level: int


class SkillGap(BaseModel):
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


class SkillGapList(BaseModel):
    items: list[SkillGap]
