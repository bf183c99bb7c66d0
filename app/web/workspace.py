"""The frame of every workspace page: the workspace, the switcher, today's date there."""

from datetime import date

from app.core import clock
from app.core.i18n import N_
from app.web.client import ApiError
from app.web.context import Page
from app.web.views.workspace import Permissions, Workspace, WorkspaceFrame


async def workspace_frame(page: Page, slug: str) -> WorkspaceFrame:
    """The workspace (with the caller's access and member id), the switcher's workspaces,
    what the caller may do and their unread count.

    Both calls go out at once: a page waits for the slower, not for their sum."""
    workspaces, unread = await page.api.gather(
        page.api.all_items("/workspaces"),
        page.api.get(f"/workspaces/{slug}/notifications/unread-count"),
        return_exceptions=True,
    )
    if isinstance(workspaces, BaseException):
        raise workspaces
    mine = [Workspace.model_validate(item) for item in workspaces]
    current = next((w for w in mine if w.slug == slug), None)
    if current is None:  # not a member: the count's 404 (or its answer) says nothing more
        raise ApiError(404, {"detail": N_("Workspace not found.")})
    if isinstance(unread, BaseException):
        raise unread
    return WorkspaceFrame(
        ws=current, workspaces=mine, can=Permissions.of(current.access), unread=unread["unread"]
    )


def today_in(ws: Workspace) -> date:
    return clock.today_in(ws.timezone)
