"""The one member a member picker shows as chosen (issue 9): named by the reply that chose
it when that reply carries the name, otherwise read alone, never by listing the team."""

from app.web.client import ApiError
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
    if not member_id:
        return None
    if named is not None and named.id == member_id:
        return named
    try:
        member = await page.api.get(f"/workspaces/{slug}/members/{member_id}")
    except ApiError as missing:
        if missing.status not in (404, 422):
            raise
        return None
    return MemberChoice.model_validate(member)
