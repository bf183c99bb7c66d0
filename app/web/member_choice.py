"""The one member a member picker shows as chosen (issue 9): named by the reply that chose
it when that reply carries the name, otherwise read alone, never by listing the team."""

from app.web.choices import Choice, ChoiceKind, chosen
from app.web.context import Page
from app.web.views.members import MemberChoice


def named_member(member_id: str | None, name: str | None) -> MemberChoice | None:
    """A member a reply names (e.g. a goal's `owner_member_id` and `owner_name`)."""
    return MemberChoice(id=member_id, display_name=name or "") if member_id else None


async def chosen_member(
    page: Page, slug: str, member_id: str | None, *, named: MemberChoice | None = None
) -> MemberChoice | None:
    """The member `member_id` for a picker: `named` when it is that member, else one read;
    None when nothing (or a member no longer here) was chosen."""
    known = [Choice(id=named.id, name=named.display_name)] if named else []
    found = await chosen(page, slug, ChoiceKind.member, member_id, known)
    return MemberChoice(id=found.id, display_name=found.name) if found else None
