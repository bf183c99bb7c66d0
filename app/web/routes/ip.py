"""The IP register: assets with their owners' shares, and an asset's licence grants."""

from decimal import Decimal, InvalidOperation
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.core.i18n import N_, translate
from app.web.client import ApiError
from app.web.context import Page, PageDep
from app.web.forms import field_messages, optional, text
from app.web.workspace import workspace_frame

router = APIRouter()
REFUSALS = (404, 409, 412, 422)
OWNER_ROWS = 3


@router.get("/w/{slug}/ip")
async def ip_page(page: PageDep, slug: str) -> Response:
    frame = await workspace_frame(page, slug)
    return await _register(page, slug, frame, values={}, errors={})


async def _register(
    page: Page,
    slug: str,
    frame: dict[str, Any],
    *,
    values: dict[str, Any],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    assets = await page.api.all_items(f"/workspaces/{slug}/ip-assets")
    return page.render(
        "contracts/ip.html",
        status_code=status_code,
        **frame,
        assets=assets,
        owner_rows=range(OWNER_ROWS),
        values={
            "kind": "work",
            "owner_name_0": frame["ws"]["name"],
            "owner_share_0": "100",
            **values,
        },
        errors=errors,
    )


def _owners(form: Any) -> list[dict[str, Any]]:
    owners = []
    for i in range(OWNER_ROWS):
        name, share = text(form, f"owner_name_{i}"), text(form, f"owner_share_{i}")
        if not name and not share:
            continue
        try:
            percent: Any = str(Decimal(share.replace("%", "").strip() or "0"))
        except InvalidOperation:
            percent = share
        owners.append({"name": name, "share_percent": percent})
    return owners


@router.post("/w/{slug}/ip")
async def create_asset(page: PageDep, request: Request, slug: str) -> Response:
    form = await request.form()
    payload: dict[str, Any] = {
        "title": text(form, "title"),
        "kind": text(form, "kind") or "work",
        "owners": _owners(form),
        "registration_number": text(form, "registration_number"),
        "jurisdiction": text(form, "jurisdiction"),
        "renewal_due_on": optional(form, "renewal_due_on"),
    }
    try:
        asset = await page.api.post(f"/workspaces/{slug}/ip-assets", json=payload)
    except ApiError as error:
        if error.status not in REFUSALS:
            raise
        frame = await workspace_frame(page, slug)
        values = {key: text(form, key) for key in form if key != "csrf_token"}
        messages = field_messages(error)
        errors = {
            ("owners" if key.startswith("owners") else key): message
            for key, message in messages.items()
        } or {"form": error.detail}
        return await _register(
            page, slug, frame, values=values, errors=errors, status_code=error.status
        )
    page.session.add_flash(translate(N_("IP asset registered."), page.locale))
    return page.redirect(f"/w/{slug}/ip/{asset['id']}")


@router.get("/w/{slug}/ip/{asset_id}")
async def asset_page(page: PageDep, slug: str, asset_id: str) -> Response:
    frame = await workspace_frame(page, slug)
    return await _asset(page, slug, frame, asset_id, values={}, errors={})


async def _asset(
    page: Page,
    slug: str,
    frame: dict[str, Any],
    asset_id: str,
    *,
    values: dict[str, Any],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    base = f"/workspaces/{slug}"
    asset = await page.api.get(f"{base}/ip-assets/{asset_id}")
    grants = await page.api.all_items(f"{base}/licence-grants", ip_asset_id=asset_id)
    return page.render(
        "contracts/ip_asset.html",
        status_code=status_code,
        **frame,
        asset=asset,
        grants=grants,
        values=values,
        errors=errors,
    )


@router.post("/w/{slug}/ip/{asset_id}/grants")
async def add_grant(page: PageDep, request: Request, slug: str, asset_id: str) -> Response:
    form = await request.form()
    payload: dict[str, Any] = {
        "ip_asset_id": asset_id,
        "licensee": text(form, "licensee"),
        "territory": text(form, "territory"),
        "media": text(form, "media"),
        "starts_on": optional(form, "starts_on"),
        "ends_on": optional(form, "ends_on"),
        "exclusive": bool(text(form, "exclusive")),
    }
    if royalty := text(form, "royalty_percent"):
        payload["royalty_percent"] = royalty
    try:
        await page.api.post(f"/workspaces/{slug}/licence-grants", json=payload)
    except ApiError as error:
        if error.status not in REFUSALS:
            raise
        frame = await workspace_frame(page, slug)
        values = {key: text(form, key) for key in form if key != "csrf_token"}
        errors = field_messages(error) or {"form": error.detail}
        return await _asset(
            page, slug, frame, asset_id, values=values, errors=errors, status_code=error.status
        )
    page.session.add_flash(translate(N_("Licence granted."), page.locale))
    return page.redirect(f"/w/{slug}/ip/{asset_id}")
