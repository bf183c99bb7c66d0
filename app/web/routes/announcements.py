"""Announcements: the list, a form for editors, one announcement with its receipts (for
its author and admins), acknowledging it, and its comments."""

from collections.abc import Mapping
from datetime import datetime
from typing import TypedDict
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.web.client import ApiError
from app.web.context import Page, PageDep
from app.web.forms import field_messages, optional, safe_next, text
from app.web.views.announcements import Announcement, Receipts
from app.web.workspace import workspace_frame

router = APIRouter()


class Audience(TypedDict):
    everyone: bool


class AnnouncementPayload(TypedDict):
    title: str
    body: str
    audience: Audience
    requires_ack: bool
    ack_due_at: str | None


@router.get("/w/{slug}/announcements")
async def announcements_page(page: PageDep, slug: str, cursor: str = "") -> Response:
    return await _list(page, slug, cursor=cursor)


async def _list(
    page: Page,
    slug: str,
    *,
    cursor: str = "",
    status_code: int = 200,
    values: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
) -> Response:
    frame = await workspace_frame(page, slug)
    result = await page.api.get(
        f"/workspaces/{slug}/announcements", limit=50, cursor=cursor or None
    )
    return page.render(
        "announcements/list.html",
        status_code=status_code,
        frame=frame,
        announcements=[Announcement.model_validate(a) for a in result["items"]],
        next_cursor=result["next_cursor"],
        values=values or {},
        errors=errors or {},
    )


@router.post("/w/{slug}/announcements")
async def create_announcement(page: PageDep, request: Request, slug: str) -> Response:
    form = await request.form()
    values = {name: text(form, name) for name in ("title", "body", "requires_ack", "ack_due_at")}
    body: AnnouncementPayload = {
        "title": values["title"],
        "body": values["body"],
        "audience": {"everyone": True},
        "requires_ack": bool(values["requires_ack"]),
        "ack_due_at": await _aware(page, slug, optional(form, "ack_due_at")),
    }
    try:
        made = await page.api.post(f"/workspaces/{slug}/announcements", json=body)
    except ApiError as error:
        if error.status != 422:
            raise
        return await _list(page, slug, status_code=422, values=values, errors=field_messages(error))
    return page.redirect(f"/w/{slug}/announcements/{made['id']}")


async def _aware(page: Page, slug: str, local: str | None) -> str | None:
    """A `datetime-local` value as an instant in the workspace's time zone."""
    if not local:
        return None
    try:
        when = datetime.fromisoformat(local)
    except ValueError:
        return local  # the API names the field
    if when.tzinfo is None:
        workspace = await page.api.get(f"/workspaces/{slug}")
        when = when.replace(tzinfo=ZoneInfo(workspace["timezone"]))
    return when.isoformat()


@router.get("/w/{slug}/announcements/{announcement_id}")
async def announcement_page(page: PageDep, slug: str, announcement_id: str) -> Response:
    frame = await workspace_frame(page, slug)
    base = f"/workspaces/{slug}/announcements/{announcement_id}"
    announcement = Announcement.model_validate(await page.api.get(base))
    receipts = (
        Receipts.model_validate(await page.api.get(f"{base}/receipts"))
        if announcement.counts
        else None
    )
    comments = await page.api.get(
        f"/workspaces/{slug}/comments",
        subject_type="announcement",
        subject_id=announcement_id,
        limit=200,
    )
    return page.render(
        "announcements/detail.html",
        frame=frame,
        announcement=announcement,
        receipts=receipts,
        comments=comments["items"],
        subject_type="announcement",
        subject_id=announcement_id,
        back=f"/w/{slug}/announcements/{announcement_id}",
    )


@router.post("/w/{slug}/announcements/{announcement_id}/acknowledge")
async def acknowledge(page: PageDep, slug: str, announcement_id: str) -> Response:
    await page.api.post(f"/workspaces/{slug}/announcements/{announcement_id}/acknowledge")
    return page.redirect(f"/w/{slug}/announcements/{announcement_id}")


@router.post("/w/{slug}/comments")
async def add_comment(page: PageDep, request: Request, slug: str) -> Response:
    """A comment (or a reply) from any page's thread; back to that page."""
    form = await request.form()
    back = safe_next(text(form, "back"), f"/w/{slug}", within=f"/w/{slug}/")
    body = {
        "subject_type": text(form, "subject_type"),
        "subject_id": text(form, "subject_id"),
        "parent_id": optional(form, "parent_id"),
        "body": text(form, "body"),
    }
    try:
        await page.api.post(f"/workspaces/{slug}/comments", json=body)
    except ApiError as error:
        if error.status != 422:
            raise
        page.session.add_flash(error.detail)
    return page.redirect(back)
