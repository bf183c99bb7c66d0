"""What the workload and skills pages show (app/workload/schemas.py and
app/skill_matrix/schemas.py's replies)."""

from datetime import date

from pydantic import Field

from app.vocabulary import Raci, SkillCategory
from app.web.views import View


class Week(View):
    week: str  # ISO week, e.g. 2026-W12
    starts_on: date


class WeekLoad(Week):
    allocation_percent: int
    hours: float
    capacity_hours: float
    over: bool


class HeatmapRow(View):
    member_id: str
    display_name: str
    loads: list[int]  # per week, in the order of the heatmap's weeks


class Heatmap(View):
    """Members × weeks of load."""

    first_day: date = Field(alias="from")
    to: date
    over_allocation_percent: int
    weeks: list[Week]
    members: list[HeatmapRow]


class WeekAssignment(View):
    role_name: str
    campaign_id: str | None
    campaign_name: str | None
    scope_name: str | None
    raci: Raci
    allocation_percent: int
    starts_on: date
    ends_on: date | None


class MemberWorkload(View):
    """One member's load per week and the assignments behind it."""

    display_name: str
    weeks: list[WeekLoad]
    assignments: list[WeekAssignment]


class Skill(View):
    id: str
    name: str
    category: SkillCategory


class SkillRow(View):
    member_id: str
    display_name: str
    levels: list[int | None]  # per skill, in the order of the matrix's skills


class RequiredSkill(View):
    skill_id: str
    min_level: int


class RoleQualification(View):
    name: str
    required_skills: list[RequiredSkill]
    qualified_member_ids: list[str]


class SkillMatrix(View):
    skills: list[Skill]
    members: list[SkillRow]
    roles: list[RoleQualification]


class SkillHolder(View):
    member_id: str
    display_name: str
    level: int


class SkillGap(View):
    """An assignee below a skill their role needs, and who could help."""

    campaign_name: str
    role_name: str
    skill_id: str
    skill_name: str
    min_level: int
    member_id: str
    member_name: str
    level: int
    helpers: list[SkillHolder]


class SkillGapPage(View):
    items: list[SkillGap]
    next_cursor: str | None
