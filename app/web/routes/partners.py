"""Partners: the list (a page at a time) and adding one with its first contact."""

from collections.abc import Mapping
from typing import TypedDict

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.core.i18n import N_, translate
from app.web.client import ApiError
from app.web.context import Page, PageDep
from app.web.forms import field_messages, optional, text
from app.web.paging import one_page
from app.web.views.deals import Partner
from app.web.views.workspace import WorkspaceFrame
from app.web.workspace import workspace_frame

router = APIRouter()


class ContactPayload(TypedDict):
    name: str
    role: str
    email: str | None
    phone: str
    wechat: str


class PartnerPayload(TypedDict):
    name: str
    kind: str
    notes: str
    contacts: list[ContactPayload]


@router.get("/w/{slug}/partners")
async def partners_page(page: PageDep, slug: str, cursor: str = "") -> Response:
    """A page of partners by name; with htmx and a cursor, only the next rows."""
    frame = await workspace_frame(page, slug)
    return await _partners(page, slug, frame, values={}, errors={}, cursor=cursor)


async def _partners(
    page: Page,
    slug: str,
    frame: WorkspaceFrame,
    *,
    values: Mapping[str, str],
    errors: dict[str, str],
    status_code: int = 200,
    cursor: str = "",
) -> Response:
    shown = await one_page(page.api, page.request.url, f"/workspaces/{slug}/partners", cursor)
    return page.render(
        "deals/_partner_rows.html" if page.is_htmx and cursor else "deals/partners.html",
        status_code=status_code,
        frame=frame,
        partners=[Partner.model_validate(p) for p in shown.items],
        more_url=shown.more_url,
        values={"kind": "sponsor", **values},
        errors=errors,
    )


@router.post("/w/{slug}/partners")
async def create_partner(page: PageDep, request: Request, slug: str) -> Response:
    form = await request.form()
    values = {key: text(form, key) for key in form if key != "csrf_token"}
    contact: ContactPayload = {
        "name": text(form, "contact_name"),
        "role": text(form, "contact_role"),
        "email": optional(form, "contact_email"),
        "phone": text(form, "contact_phone"),
        "wechat": text(form, "contact_wechat"),
    }
    payload: PartnerPayload = {
        "name": text(form, "name"),
        "kind": text(form, "kind") or "other",
        "notes": text(form, "notes"),
        "contacts": [contact] if contact["name"] else [],
    }
    try:
        await page.api.post(f"/workspaces/{slug}/partners", json=payload)
    except ApiError as error:
        if error.status not in (409, 422):
            raise
        frame = await workspace_frame(page, slug)
        messages = field_messages(error)
        errors = {
            ("contact_" + key.split(".")[-1] if key.startswith("contacts.") else key): message
            for key, message in messages.items()
        }
        if error.status == 409:
            errors["name"] = error.detail
        return await _partners(
            page, slug, frame, values=values, errors=errors, status_code=error.status
        )
    page.session.add_flash(translate(N_("Partner added."), page.locale))
    return page.redirect(f"/w/{slug}/partners")
