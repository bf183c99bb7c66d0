"""What the member pages, the member pickers and the skill choices show."""

from datetime import date

from app.vocabulary import Access, AssignmentStatus, MemberStatus, Raci
from app.web.views import View


class MemberChoice(View):
    """A member as a picker offers it: the id sent, the name shown."""

    id: str
    display_name: str


class SkillOption(View):
    """A skill as a form offers it (a level to choose next to its name)."""

    id: str
    name: str


class MemberSkill(View):
    skill_id: str
    name: str
    level: int


class Member(View):
    id: str
    display_name: str
    email: str | None
    title: str | None
    weekly_capacity_hours: float
    status: MemberStatus
    access: Access | None
    skills: list[MemberSkill]


class MemberAssignment(View):
    """One of a member's assignments, as their page lists it."""

    id: str
    raci: Raci
    role_name: str
    campaign_id: str | None
    campaign_name: str | None
    scope_name: str | None
    allocation_percent: int
    starts_on: date
    ends_on: date | None
    status: AssignmentStatus

    def current_on(self, day: date) -> bool:
        """Active and within its dates on `day`."""
        return (
            self.status == AssignmentStatus.active
            and self.starts_on <= day
            and (self.ends_on or day) >= day
        )
