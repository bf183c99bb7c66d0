"""What the member pages and the member pickers show of a member."""

from app.web.views import View


class MemberChoice(View):
    """A member as a picker offers it: the id sent, the name shown."""

    id: str
    display_name: str


class SkillOption(View):
    """A skill as a form offers it (a level to choose next to its name)."""

    id: str
    name: str
