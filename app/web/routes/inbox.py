"""The inbox: my notifications, newest first; mark one or all read."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.core.i18n import N_, translate
from app.web.context import PageDep
from app.web.forms import text
from app.web.labels import label, options
from app.web.views.inbox import Notification, NotificationLine, Preference, PreferenceRow
from app.web.workspace import workspace_frame

router = APIRouter()
PAGE_SIZE = 50
KINDS = {
    "mention": N_("mentioned you"),
    "comment_reply": N_("replied to your comment"),
    "assignment": N_("changed your assignment"),
    "announcement": N_("announced"),
    "acknowledgement_due": N_("asks you to acknowledge"),
    "acknowledgement_reminder": N_("reminds you to acknowledge"),
    "action_assigned": N_("gave you an action"),
    "report_due": N_("reminds you that your report is due"),
    "report_overdue": N_("says a report is overdue"),
    "report_escalated": N_("escalated an overdue report"),
}


@router.get("/w/{slug}/inbox")
async def inbox_page(page: PageDep, slug: str, unread: str = "", cursor: str = "") -> Response:
    frame = await workspace_frame(page, slug)
    result = await page.api.get(
        f"/workspaces/{slug}/notifications",
        unread="true" if unread else None,
        limit=PAGE_SIZE,
        cursor=cursor or None,
    )
    return page.render(
        "inbox/inbox.html",
        frame=frame,
        notifications=[_line(page.locale, item) for item in result["items"]],
        next_cursor=result["next_cursor"],
        only_unread=bool(unread),
    )


def _line(locale: str, item: object) -> NotificationLine:
    notification = Notification.model_validate(item)
    said = translate(KINDS.get(notification.kind, notification.kind), locale)
    return NotificationLine(**notification.model_dump(), kind_label=said)


def _row(locale: str, item: object) -> PreferenceRow:
    preference = Preference.model_validate(item)
    return PreferenceRow(
        **preference.model_dump(),
        label=label("notification_kind", preference.kind, locale),
        default_label=label("notification_delivery", preference.default, locale),
    )


@router.get("/w/{slug}/inbox/unread")
async def unread_badge(page: PageDep, slug: str) -> Response:
    """The top bar's unread count alone: pages fetch it again on live events."""
    unread = await page.api.get(f"/workspaces/{slug}/notifications/unread-count")
    return page.render("inbox/_unread.html", ws={"slug": slug}, unread=unread["unread"])


@router.get("/w/{slug}/inbox/preferences")
async def preferences_page(page: PageDep, slug: str, saved: str = "") -> Response:
    """How each kind reaches me: one choice per kind the API lists."""
    frame = await workspace_frame(page, slug)
    chosen = await page.api.get(f"/workspaces/{slug}/notifications/preferences")
    return page.render(
        "inbox/preferences.html",
        frame=frame,
        email_enabled=chosen["email_enabled"],
        rows=[_row(page.locale, item) for item in chosen["items"]],
        deliveries=options("notification_delivery", page.locale),
        saved=bool(saved),
    )


@router.post("/w/{slug}/inbox/preferences")
async def save_preferences(page: PageDep, request: Request, slug: str) -> Response:
    form = await request.form()
    items = [
        {"kind": key.removeprefix("kind:"), "delivery": text(form, key)}
        for key in form
        if key.startswith("kind:") and text(form, key)
    ]
    if items:
        await page.api.patch(f"/workspaces/{slug}/notifications/preferences", json={"items": items})
    return page.redirect(f"/w/{slug}/inbox/preferences?saved=1")


@router.post("/w/{slug}/inbox/read")
async def mark_read(page: PageDep, request: Request, slug: str) -> Response:
    form = await request.form()
    notification_id = text(form, "id")
    body = {"ids": [notification_id]} if notification_id else {"all": True}
    await page.api.post(f"/workspaces/{slug}/notifications/mark-read", json=body)
    return page.redirect(f"/w/{slug}/inbox")
