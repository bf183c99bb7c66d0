"""Meetings: the list and a form to plan one; a meeting's page (agenda in order, moved by
buttons a keyboard reaches, live notes, outcomes, start and close); the decision log."""

import re
from collections.abc import Awaitable, Mapping
from datetime import datetime
from typing import TypedDict
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.core.i18n import N_, translate
from app.web.client import ApiError
from app.web.context import Page, PageDep
from app.web.forms import field_messages, optional, text
from app.web.views.comments import Comment
from app.web.views.meetings import Decision, Meeting, MeetingSummary
from app.web.workspace import workspace_frame

router = APIRouter()
STATES = {"planned": N_("planned"), "in_progress": N_("in progress"), "closed": N_("closed")}
OUTCOME_KINDS = {
    "information": N_("Information"),
    "decision": N_("Decision"),
    "action": N_("Action"),
}


class Labels(TypedDict):
    """The words for a meeting's states and an outcome's kinds, in the reader's language."""

    states: dict[str, str]
    outcome_kinds: dict[str, str]


def _labels(page: Page) -> Labels:
    return Labels(
        states={key: translate(value, page.locale) for key, value in STATES.items()},
        outcome_kinds={key: translate(value, page.locale) for key, value in OUTCOME_KINDS.items()},
    )


@router.get("/w/{slug}/meetings")
async def meetings_page(page: PageDep, slug: str) -> Response:
    return await _list(page, slug)


async def _list(
    page: Page,
    slug: str,
    *,
    status_code: int = 200,
    values: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
) -> Response:
    frame = await workspace_frame(page, slug)
    meetings = await page.api.get(f"/workspaces/{slug}/meetings", limit=200)
    return page.render(
        "meetings/list.html",
        status_code=status_code,
        frame=frame,
        **_labels(page),
        meetings=[MeetingSummary.model_validate(m) for m in meetings["items"]],
        values=values or {},
        errors=errors or {},
    )


@router.post("/w/{slug}/meetings")
async def plan_meeting(page: PageDep, request: Request, slug: str) -> Response:
    form = await request.form()
    values = {name: text(form, name) for name in ("title", "starts_at", "rrule")}
    workspace = await page.api.get(f"/workspaces/{slug}")
    body = {
        "title": values["title"],
        "starts_at": _aware(values["starts_at"], workspace["timezone"]),
        "rrule": optional(form, "rrule"),
    }
    try:
        made = await page.api.post(f"/workspaces/{slug}/meetings", json=body)
    except ApiError as error:
        if error.status != 422:
            raise
        return await _list(page, slug, status_code=422, values=values, errors=field_messages(error))
    return page.redirect(f"/w/{slug}/meetings/{made['id']}")


def _aware(local: str, timezone: str) -> str:
    try:
        when = datetime.fromisoformat(local)
    except ValueError:
        return local  # the API names the field
    return (when if when.tzinfo else when.replace(tzinfo=ZoneInfo(timezone))).isoformat()


@router.get("/w/{slug}/meetings/{meeting_id}")
async def meeting_page(page: PageDep, slug: str, meeting_id: str) -> Response:
    """The meeting; an action's owner is searched for (the page never lists the whole team)."""
    frame = await workspace_frame(page, slug)
    meeting, comments = await page.api.gather(
        page.api.get(f"/workspaces/{slug}/meetings/{meeting_id}"),
        page.api.get(
            f"/workspaces/{slug}/comments", subject_type="meeting", subject_id=meeting_id, limit=200
        ),
    )
    return page.render(
        "meetings/detail.html",
        frame=frame,
        **_labels(page),
        meeting=Meeting.model_validate(meeting),
        comments=[Comment.model_validate(c) for c in comments["items"]],
        subject_type="meeting",
        subject_id=meeting_id,
        back=f"/w/{slug}/meetings/{meeting_id}",
    )


@router.post("/w/{slug}/meetings/{meeting_id}")
async def change_meeting(page: PageDep, request: Request, slug: str, meeting_id: str) -> Response:
    """Live notes, or a move of state (start, close)."""
    form = await request.form()
    body = {name: text(form, name) for name in ("notes", "state") if name in form}
    await _try(page, page.api.patch(f"/workspaces/{slug}/meetings/{meeting_id}", json=body))
    return page.redirect(f"/w/{slug}/meetings/{meeting_id}")


@router.post("/w/{slug}/meetings/{meeting_id}/agenda")
async def add_item(page: PageDep, request: Request, slug: str, meeting_id: str) -> Response:
    form = await request.form()
    body = {"title": text(form, "title")}
    await _try(
        page, page.api.post(f"/workspaces/{slug}/meetings/{meeting_id}/agenda-items", json=body)
    )
    return page.redirect(f"/w/{slug}/meetings/{meeting_id}#agenda")


@router.post("/w/{slug}/meetings/{meeting_id}/agenda/{item_id}/move")
async def move_item(
    page: PageDep, request: Request, slug: str, meeting_id: str, item_id: str
) -> Response:
    """A move by the arrows or by drag and drop; a refusal (the item was removed meanwhile,
    a position that is not plain digits, at most six) is explained on the meeting's page."""
    form = await request.form()
    position = text(form, "position")
    if not re.fullmatch(r"[0-9]{1,6}", position):
        page.session.add_flash(translate(N_("Choose where the item goes."), page.locale))
        return page.redirect(f"/w/{slug}/meetings/{meeting_id}#agenda")
    moved = page.api.patch(
        f"/workspaces/{slug}/meetings/{meeting_id}/agenda-items/{item_id}",
        json={"position": int(position)},
    )
    await _try(page, moved, also=(404,))
    return page.redirect(f"/w/{slug}/meetings/{meeting_id}#item-{item_id}")


@router.post("/w/{slug}/meetings/{meeting_id}/outcomes")
async def add_outcome(page: PageDep, request: Request, slug: str, meeting_id: str) -> Response:
    form = await request.form()
    body = {
        "kind": text(form, "kind"),
        "text": text(form, "text"),
        "owner_member_id": optional(form, "owner_member_id"),
        "due_on": optional(form, "due_on"),
    }
    await _try(page, page.api.post(f"/workspaces/{slug}/meetings/{meeting_id}/outcomes", json=body))
    return page.redirect(f"/w/{slug}/meetings/{meeting_id}#outcomes")


async def _try(page: Page, call: Awaitable[object], also: tuple[int, ...] = ()) -> None:
    try:
        await call
    except ApiError as error:
        if error.status not in (409, 422, *also):
            raise
        page.session.add_flash(error.detail)


@router.get("/w/{slug}/decisions")
async def decisions_page(page: PageDep, slug: str, q: str = "", cursor: str = "") -> Response:
    frame = await workspace_frame(page, slug)
    result = await page.api.get(
        f"/workspaces/{slug}/decisions", q=q or None, limit=50, cursor=cursor or None
    )
    return page.render(
        "meetings/decisions.html",
        frame=frame,
        decisions=[Decision.model_validate(d) for d in result["items"]],
        next_cursor=result["next_cursor"],
        q=q,
    )
