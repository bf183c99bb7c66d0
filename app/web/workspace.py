"""The frame of every workspace page: the workspace, the switcher, today's date there."""

from datetime import date
from typing import Any

from app.core import clock
from app.core.i18n import N_
from app.web.client import ApiError
from app.web.context import Page


async def workspace_frame(page: Page, slug: str) -> dict[str, Any]:
    """`ws` (the workspace, with the caller's access and member id) and `workspaces`.

    Both calls go out at once: a page waits for the slower, not for their sum."""
    workspaces, unread = await page.api.gather(
        page.api.all_items("/workspaces"),
        page.api.get(f"/workspaces/{slug}/notifications/unread-count"),
        return_exceptions=True,
    )
    if isinstance(workspaces, BaseException):
        raise workspaces
    current = next((w for w in workspaces if w["slug"] == slug), None)
    if current is None:  # not a member: the count's 404 (or its answer) says nothing more
        raise ApiError(404, {"detail": N_("Workspace not found.")})
    if isinstance(unread, BaseException):
        raise unread
    return {
        "ws": current,
        "workspaces": workspaces,
        "can": permissions(current["access"]),
        "unread": unread["unread"],
    }


def permissions(access: str) -> dict[str, bool]:
    order = ["viewer", "editor", "admin", "owner"]
    rank = order.index(access) if access in order else 0
    return {"edit": rank >= 1, "admin": rank >= 2, "own": rank >= 3}


def today_in(ws: dict[str, Any]) -> date:
    return clock.today_in(ws["timezone"])
