"""The IP register: assets with their owners' shares, an asset's licence grants, and a
grant's page with its chain-of-title documents."""

from collections.abc import Awaitable, Mapping
from decimal import Decimal, InvalidOperation
from typing import TypedDict

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import URL, FormData

from app.core.i18n import N_, translate
from app.web import documents
from app.web.client import ApiError
from app.web.context import Page, PageDep
from app.web.forms import field_messages, optional, text
from app.web.paging import Replies, one_page
from app.web.views.documents import DocumentList
from app.web.views.ip import Asset, Grant
from app.web.views.workspace import WorkspaceFrame
from app.web.workspace import workspace_frame

router = APIRouter()
REFUSALS = (404, 409, 412, 422)
OWNER_ROWS = 3


class OwnerPayload(TypedDict):
    name: str
    share_percent: str  # a number when it is one; else as typed, for the API to refuse


class AssetPayload(TypedDict):
    title: str
    kind: str
    owners: list[OwnerPayload]
    registration_number: str
    jurisdiction: str
    renewal_due_on: str | None


class GrantPayload(TypedDict, total=False):
    ip_asset_id: str
    licensee: str
    territory: str
    media: str
    starts_on: str | None
    ends_on: str | None
    exclusive: bool
    royalty_percent: str


@router.get("/w/{slug}/ip")
async def ip_page(page: PageDep, slug: str, cursor: str = "") -> Response:
    """A page of the IP register by title; with htmx and a cursor, only the next rows."""
    frame = await workspace_frame(page, slug)
    return await _register(page, slug, frame, values={}, errors={}, cursor=cursor)


async def _register(
    page: Page,
    slug: str,
    frame: WorkspaceFrame,
    *,
    values: Mapping[str, str],
    errors: dict[str, str],
    status_code: int = 200,
    cursor: str = "",
) -> Response:
    shown = await one_page(page.api, page.request.url, f"/workspaces/{slug}/ip-assets", cursor)
    return page.render(
        "contracts/_ip_rows.html" if page.is_htmx and cursor else "contracts/ip.html",
        status_code=status_code,
        frame=frame,
        assets=[Asset.model_validate(a) for a in shown.items],
        more_url=shown.more_url,
        owner_rows=range(OWNER_ROWS),
        values={
            "kind": "work",
            "owner_name_0": frame.ws.name,
            "owner_share_0": "100",
            **values,
        },
        errors=errors,
    )


def _owners(form: FormData) -> list[OwnerPayload]:
    owners: list[OwnerPayload] = []
    for i in range(OWNER_ROWS):
        name, share = text(form, f"owner_name_{i}"), text(form, f"owner_share_{i}")
        if not name and not share:
            continue
        try:
            percent = str(Decimal(share.replace("%", "").strip() or "0"))
        except InvalidOperation:
            percent = share
        owners.append({"name": name, "share_percent": percent})
    return owners


@router.post("/w/{slug}/ip")
async def create_asset(page: PageDep, request: Request, slug: str) -> Response:
    form = await request.form()
    payload: AssetPayload = {
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
async def asset_page(page: PageDep, slug: str, asset_id: str, cursor: str = "") -> Response:
    """An IP asset and its licence grants (one call: an asset has few; `cursor` shows them
    further on, with htmx only the next ones)."""
    frame = await workspace_frame(page, slug)
    if page.is_htmx and cursor:
        shown = await _grants(page, slug, asset_id, cursor)
        return page.render(
            "contracts/_grants.html",
            frame=frame,
            asset_id=asset_id,
            grants=[Grant.model_validate(g) for g in shown.items],
            more_url=shown.more_url,
        )
    return await _asset(page, slug, frame, asset_id, values={}, errors={}, cursor=cursor)


async def _grants(page: Page, slug: str, asset_id: str, cursor: str) -> Replies:
    here = URL(f"/w/{slug}/ip/{asset_id}")
    path = f"/workspaces/{slug}/licence-grants"
    return await one_page(page.api, here, path, cursor, of_one_parent=True, ip_asset_id=asset_id)


async def _asset(
    page: Page,
    slug: str,
    frame: WorkspaceFrame,
    asset_id: str,
    *,
    values: Mapping[str, str],
    errors: dict[str, str],
    status_code: int = 200,
    cursor: str = "",
) -> Response:
    base = f"/workspaces/{slug}"
    asset = await page.api.get(f"{base}/ip-assets/{asset_id}")
    grants = await _grants(page, slug, asset_id, cursor)
    return page.render(
        "contracts/ip_asset.html",
        status_code=status_code,
        frame=frame,
        asset=Asset.model_validate(asset),
        asset_id=asset_id,
        grants=[Grant.model_validate(g) for g in grants.items],
        more_url=grants.more_url,
        values=values,
        errors=errors,
    )


@router.post("/w/{slug}/ip/{asset_id}/grants")
async def add_grant(page: PageDep, request: Request, slug: str, asset_id: str) -> Response:
    form = await request.form()
    payload: GrantPayload = {
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


@router.get("/w/{slug}/ip/{asset_id}/grants/{grant_id}")
async def grant_page(page: PageDep, slug: str, asset_id: str, grant_id: str) -> Response:
    frame = await workspace_frame(page, slug)
    return await _grant(page, slug, frame, asset_id, grant_id, errors={})


async def _grant(
    page: Page,
    slug: str,
    frame: WorkspaceFrame,
    asset_id: str,
    grant_id: str,
    *,
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    base = f"/workspaces/{slug}"
    grant = Grant.model_validate(await page.api.get(f"{base}/licence-grants/{grant_id}"))
    asset = Asset.model_validate(await page.api.get(f"{base}/ip-assets/{grant.ip_asset_id}"))
    documents_list = DocumentList.model_validate(
        await page.api.get(f"{base}/licence-grants/{grant_id}/documents")
    )
    return page.render(
        "contracts/grant.html",
        status_code=status_code,
        frame=frame,
        asset=asset,
        grant=grant,
        documents=documents_list.items,
        values={"kind": "chain_of_title"},
        errors=errors,
    )


async def _grant_act(
    page: Page, slug: str, asset_id: str, grant_id: str, call: Awaitable[object], done: str
) -> Response:
    """Run one change to the grant's documents; a refusal is shown on the grant's page."""
    try:
        await call
    except ApiError as error:
        if error.status not in (*REFUSALS, 403):
            raise
        frame = await workspace_frame(page, slug)
        errors = field_messages(error) or {"form": error.detail}
        return await _grant(
            page, slug, frame, asset_id, grant_id, errors=errors, status_code=error.status
        )
    page.session.add_flash(translate(done, page.locale))
    return page.redirect(f"/w/{slug}/ip/{asset_id}/grants/{grant_id}")


@router.post("/w/{slug}/ip/{asset_id}/grants/{grant_id}/documents")
async def upload_grant_document(
    page: PageDep, request: Request, slug: str, asset_id: str, grant_id: str
) -> Response:
    upload = await documents.upload_request(await request.form(), default_kind="chain_of_title")
    if upload is None:
        frame = await workspace_frame(page, slug)
        message = translate(N_("Choose a file to upload."), page.locale)
        return await _grant(
            page, slug, frame, asset_id, grant_id, errors={"file": message}, status_code=422
        )
    path = f"/workspaces/{slug}/licence-grants/{grant_id}/documents"
    call = page.api.request("POST", path, **upload)
    return await _grant_act(page, slug, asset_id, grant_id, call, N_("Document uploaded."))


@router.post("/w/{slug}/ip/{asset_id}/grants/{grant_id}/documents/{document_id}/sign")
async def sign_grant_document(
    page: PageDep, slug: str, asset_id: str, grant_id: str, document_id: str
) -> Response:
    path = f"/workspaces/{slug}/licence-grants/{grant_id}/documents/{document_id}/sign"
    call = page.api.post(path, json={"signed": True})
    return await _grant_act(page, slug, asset_id, grant_id, call, N_("Marked as the signed copy."))


@router.get("/w/{slug}/ip/{asset_id}/grants/{grant_id}/documents/{document_id}")
async def download_grant_document(
    page: PageDep, slug: str, asset_id: str, grant_id: str, document_id: str
) -> Response:
    return await documents.download(
        page, f"/workspaces/{slug}/licence-grants/{grant_id}/documents/{document_id}/content"
    )
