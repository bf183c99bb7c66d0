"""What the roles page and the role form show of the guide's roles."""

from app.web.views import View


class RequiredSkill(View):
    skill_id: str
    name: str
    min_level: int


class Role(View):
    id: str
    key: str
    name: str
    description: str
    responsibilities: list[str]
    authorities: list[str]
    required_skills: list[RequiredSkill]


class Holder(View):
    """A member holding a role today (from one of their active assignments)."""

    id: str
    name: str


class CampaignChoice(View):
    """A campaign a template can be added to."""

    id: str
    name: str


class HolderAssignment(View):
    member_id: str
    member_name: str


class HolderAssignments(View):
    """A page of a role's assignments active today."""

    items: list[HolderAssignment]
    next_cursor: str | None = None
