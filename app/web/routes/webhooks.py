"""Webhook endpoints in the browser (admins): list, register, change, test, rotate the
secret, the delivery log and resending a delivery. Everything goes through the
`webhook_endpoints_*` and `webhook_deliveries_*` operations."""

import re
from collections.abc import Mapping
from typing import TypedDict

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.core.i18n import N_, translate
from app.web.client import ApiError
from app.web.context import Page, PageDep
from app.web.forms import FORM, field_messages, text
from app.web.paging import one_page
from app.web.views.webhooks import Delivery, Endpoint, Secret
from app.web.views.workspace import WorkspaceFrame
from app.web.workspace import workspace_frame

router = APIRouter()
PAGE_SIZE = 50
FIELDS = ("url", "description", "event_types", "headers")
STATES = {
    "pending": N_("Pending"),
    "succeeded": N_("Delivered"),
    "failed": N_("Failed"),
}


def event_types(value: str) -> list[str]:
    """`task.*, campaign.created` or one per line → the API's list (empty: everything)."""
    return [part for part in re.split(r"[\s,]+", value) if part] or ["*"]


def headers(value: str, locale: str) -> tuple[dict[str, str], str | None]:
    """`Name: value` lines → a dict, or the message for the field."""
    found: dict[str, str] = {}
    for line in value.splitlines():
        if not line.strip():
            continue
        name, colon, header = line.partition(":")
        if not colon or not name.strip():
            message = N_("Write one header a line, as Name: value.")
            return {}, translate(message, locale)
        found[name.strip()] = header.strip()
    return found, None


class EndpointBody(TypedDict, total=False):
    """The endpoint the API is sent (`enabled` and its reason only when it is changed)."""

    url: str
    description: str
    event_types: list[str]
    headers: dict[str, str]
    enabled: bool
    disabled_reason: str


def _values(endpoint: Endpoint) -> dict[str, str]:
    return {
        "url": endpoint.url,
        "description": endpoint.description,
        "event_types": ", ".join(endpoint.event_types),
        "headers": "\n".join(f"{k}: {v}" for k, v in endpoint.headers.items()),
        "disabled_reason": endpoint.disabled_reason,
    }


def _body(page: Page, values: Mapping[str, str]) -> tuple[EndpointBody, dict[str, str]]:
    parsed, problem = headers(values["headers"], page.locale)
    body = EndpointBody(
        url=values["url"],
        description=values["description"],
        event_types=event_types(values["event_types"]),
        headers=parsed,
    )
    return body, ({"headers": problem} if problem else {})


@router.get("/w/{slug}/settings/webhooks")
async def webhooks_page(page: PageDep, slug: str, cursor: str = "") -> Response:
    """A page of the endpoints; with htmx and a cursor, only the next rows."""
    frame = await workspace_frame(page, slug)
    return await _list(page, slug, frame, cursor=cursor)


async def _list(
    page: Page,
    slug: str,
    frame: WorkspaceFrame,
    status_code: int = 200,
    *,
    values: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
    cursor: str = "",
) -> Response:
    url = f"/workspaces/{slug}/webhook-endpoints"
    shown = await one_page(page.api, page.request.url, url, cursor)
    return page.render(
        "webhooks/_rows.html" if page.is_htmx and cursor else "webhooks/list.html",
        status_code=status_code,
        frame=frame,
        endpoints=[Endpoint.model_validate(e) for e in shown.items],
        more_url=shown.more_url,
        values=values or {"event_types": "*"},
        errors=errors or {},
    )


@router.post("/w/{slug}/settings/webhooks")
async def create_webhook(page: PageDep, request: Request, slug: str) -> Response:
    form = await request.form()
    values = {key: text(form, key) for key in FIELDS}
    body, errors = _body(page, values)
    if not errors:
        try:
            reply = await page.api.post(f"/workspaces/{slug}/webhook-endpoints", json=body)
        except ApiError as error:
            if error.status not in (403, 409, 422):
                raise
            errors = field_messages(error, shown=FIELDS)
    if errors:
        frame = await workspace_frame(page, slug)
        return await _list(page, slug, frame, 422, values=values, errors=errors)
    made = Secret.model_validate(reply)
    page.session.show_once(kind="webhook_secret", secret=made.secret)
    return page.redirect(f"/w/{slug}/settings/webhooks/{made.id}")


@router.get("/w/{slug}/settings/webhooks/{endpoint_id}")
async def webhook_page(page: PageDep, slug: str, endpoint_id: str, cursor: str = "") -> Response:
    frame = await workspace_frame(page, slug)
    revealed = page.session.pop_reveal()
    secret = revealed.get("secret") if revealed.get("kind") == "webhook_secret" else None
    return await _detail(page, slug, endpoint_id, frame, cursor=cursor, secret=secret)


async def _detail(
    page: Page,
    slug: str,
    endpoint_id: str,
    frame: WorkspaceFrame,
    status_code: int = 200,
    *,
    cursor: str = "",
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    secret: str | None = None,
) -> Response:
    path = f"/workspaces/{slug}/webhook-endpoints/{endpoint_id}"
    reply, etag = await page.api.get_with_etag(path)
    endpoint = Endpoint.model_validate(reply)
    deliveries = await page.api.get(f"{path}/deliveries", limit=PAGE_SIZE, cursor=cursor or None)
    return page.render(
        "webhooks/detail.html",
        status_code=status_code,
        frame=frame,
        endpoint=endpoint,
        etag=etag,
        values=values or _values(endpoint),
        errors=errors or {},
        secret=secret,
        deliveries=[Delivery.model_validate(d) for d in deliveries["items"]],
        next_cursor=deliveries["next_cursor"],
        states={key: translate(name, page.locale) for key, name in STATES.items()},
    )


@router.post("/w/{slug}/settings/webhooks/{endpoint_id}")
async def update_webhook(page: PageDep, request: Request, slug: str, endpoint_id: str) -> Response:
    form = await request.form()
    values = {key: text(form, key) for key in (*FIELDS, "disabled_reason")}
    body, errors = _body(page, values)
    body["enabled"] = form.get("enabled") == "on"
    body["disabled_reason"] = "" if body["enabled"] else values["disabled_reason"]
    if not errors:
        try:
            await page.api.patch(
                f"/workspaces/{slug}/webhook-endpoints/{endpoint_id}",
                body,
                if_match=text(form, "etag") or None,
            )
        except ApiError as error:
            if error.status not in (409, 412, 422):
                raise
            errors = field_messages(error, shown=(*FIELDS, "disabled_reason"))
    if errors:
        frame = await workspace_frame(page, slug)
        return await _detail(page, slug, endpoint_id, frame, 422, values=values, errors=errors)
    page.session.add_flash(translate(N_("Webhook endpoint saved."), page.locale))
    return page.redirect(f"/w/{slug}/settings/webhooks/{endpoint_id}")


@router.post("/w/{slug}/settings/webhooks/{endpoint_id}/delete")
async def delete_webhook(page: PageDep, slug: str, endpoint_id: str) -> Response:
    await page.api.delete(f"/workspaces/{slug}/webhook-endpoints/{endpoint_id}")
    page.session.add_flash(translate(N_("Webhook endpoint deleted."), page.locale))
    return page.redirect(f"/w/{slug}/settings/webhooks")


@router.post("/w/{slug}/settings/webhooks/{endpoint_id}/rotate-secret")
async def rotate_secret(page: PageDep, slug: str, endpoint_id: str) -> Response:
    path = f"/workspaces/{slug}/webhook-endpoints/{endpoint_id}/rotate-secret"
    rotated = Secret.model_validate(await page.api.post(path))
    page.session.show_once(kind="webhook_secret", secret=rotated.secret)
    return page.redirect(f"/w/{slug}/settings/webhooks/{endpoint_id}")


@router.post("/w/{slug}/settings/webhooks/{endpoint_id}/test")
async def test_webhook(page: PageDep, slug: str, endpoint_id: str) -> Response:
    await _act(page, f"/workspaces/{slug}/webhook-endpoints/{endpoint_id}/test", N_SENT)
    return page.redirect(f"/w/{slug}/settings/webhooks/{endpoint_id}")


@router.post("/w/{slug}/settings/webhooks/{endpoint_id}/deliveries/{delivery_id}/resend")
async def resend_delivery(page: PageDep, slug: str, endpoint_id: str, delivery_id: str) -> Response:
    path = f"/workspaces/{slug}/webhook-endpoints/{endpoint_id}/deliveries/{delivery_id}/resend"
    await _act(page, path, N_RESENT)
    return page.redirect(f"/w/{slug}/settings/webhooks/{endpoint_id}")


N_SENT = N_("A test message is on its way; it appears in the log below.")
N_RESENT = N_("The message is sent again, with the same webhook-id.")


async def _act(page: Page, path: str, done: str) -> None:
    """A POST whose refusal (a disabled endpoint: 409) is told as a flash."""
    try:
        await page.api.post(path)
    except ApiError as error:
        if error.status != 409:
            raise
        page.session.add_flash(field_messages(error).get(FORM) or error.detail)
        return
    page.session.add_flash(translate(done, page.locale))
