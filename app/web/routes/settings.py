"""Settings: the workspace, people and access, invites, personal API tokens."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.core.i18n import N_, translate
from app.web.client import ApiError
from app.web.context import Page, PageDep
from app.web.forms import field_messages, optional, text
from app.web.views.workspace import WorkspaceFrame
from app.web.workspace import workspace_frame

router = APIRouter()


@router.get("/w/{slug}/settings")
async def settings_page(page: PageDep, slug: str) -> Response:
    """The settings; a token or invite link just made is shown here once (from the session),
    so reloading this page never makes another."""
    frame = await workspace_frame(page, slug)
    secret = page.session.pop_reveal()
    return await _settings(
        page,
        slug,
        frame,
        created_invite=secret if secret.get("kind") == "invite" else None,
        created_token=secret if secret.get("kind") == "token" else None,
    )


async def _settings(
    page: Page, slug: str, frame: WorkspaceFrame, status_code: int = 200, **extra: Any
) -> Response:
    base = f"/workspaces/{slug}"
    workspace, etag = await page.api.get_with_etag(base)
    people = [m for m in await page.api.all_items(f"{base}/members") if m["user_id"]]
    invites = await page.api.all_items(f"{base}/invites", pending=True) if frame.can.admin else []
    tokens = (await page.api.get("/users/me/tokens"))["items"]
    context: dict[str, Any] = {
        "workspace_values": {**workspace, "etag": etag},
        "workspace_errors": {},
        "invite_values": {"access": "editor"},
        "invite_errors": {},
        "token_values": {"scope": "read", "expires_in_days": "90"},
        "token_errors": {},
        "created_invite": None,
        "created_token": None,
        **extra,
    }
    return page.render(
        "settings/index.html",
        status_code=status_code,
        frame=frame,
        people=people,
        invites=invites,
        tokens=[t for t in tokens if t["revoked_at"] is None],
        **context,
    )


@router.post("/w/{slug}/settings/workspace")
async def update_workspace(page: PageDep, request: Request, slug: str) -> Response:
    form = await request.form()
    values = {key: text(form, key) for key in ("name", "locale", "timezone", "etag")}
    try:
        await page.api.patch(
            f"/workspaces/{slug}",
            {key: values[key] for key in ("name", "locale", "timezone")},
            if_match=values["etag"] or None,
        )
    except ApiError as error:
        if error.status not in (403, 412, 422):
            raise
        frame = await workspace_frame(page, slug)
        errors = field_messages(error)
        return await _settings(
            page, slug, frame, error.status, workspace_values=values, workspace_errors=errors
        )
    page.session.add_flash(translate(N_("Workspace settings saved."), page.locale))
    return page.redirect(f"/w/{slug}/settings")


@router.post("/w/{slug}/settings/people/{member_id}")
async def change_access(page: PageDep, request: Request, slug: str, member_id: str) -> Response:
    form = await request.form()
    try:
        await page.api.patch(
            f"/workspaces/{slug}/members/{member_id}", {"access": text(form, "access")}
        )
        page.session.add_flash(translate(N_("Access changed."), page.locale))
    except ApiError as error:
        if error.status not in (403, 409, 422):
            raise
        page.session.add_flash(error.detail)
    return page.redirect(f"/w/{slug}/settings#people")


@router.post("/w/{slug}/settings/invites")
async def create_invite(page: PageDep, request: Request, slug: str) -> Response:
    form = await request.form()
    values = {"email": text(form, "email"), "access": text(form, "access") or "editor"}
    frame = await workspace_frame(page, slug)
    try:
        invite = await page.api.post(f"/workspaces/{slug}/invites", json=values)
    except ApiError as error:
        if error.status not in (403, 409, 422):
            raise
        errors = field_messages(error)
        return await _settings(
            page, slug, frame, error.status, invite_values=values, invite_errors=errors
        )
    _show_invite_once(page, invite)
    return page.redirect(f"/w/{slug}/settings#invites")


def _show_invite_once(page: Page, invite: dict[str, Any]) -> None:
    page.session.show_once(
        kind="invite",
        email=invite["email"],
        expires_at=invite["expires_at"],
        link=str(page.request.base_url).rstrip("/") + f"/invite/{invite['token']}",
    )


@router.post("/w/{slug}/settings/invites/{invite_id}/resend")
async def resend_invite(page: PageDep, slug: str, invite_id: str) -> Response:
    """A new link for a pending invite (the old one stops working), shown once."""
    invite = await page.api.post(f"/workspaces/{slug}/invites/{invite_id}/resend")
    _show_invite_once(page, invite)
    return page.redirect(f"/w/{slug}/settings#invites")


@router.post("/w/{slug}/settings/invites/{invite_id}/revoke")
async def revoke_invite(page: PageDep, slug: str, invite_id: str) -> Response:
    await page.api.delete(f"/workspaces/{slug}/invites/{invite_id}")
    page.session.add_flash(translate(N_("Invite withdrawn."), page.locale))
    return page.redirect(f"/w/{slug}/settings#invites")


@router.post("/w/{slug}/settings/tokens")
async def create_token(page: PageDep, request: Request, slug: str) -> Response:
    form = await request.form()
    values = {
        "name": text(form, "name"),
        "scope": text(form, "scope") or "read",
        "expires_in_days": text(form, "expires_in_days"),
    }
    body = {
        "name": values["name"],
        "scopes": ["read", "write"] if values["scope"] == "write" else ["read"],
        "expires_in_days": optional(form, "expires_in_days"),
    }
    frame = await workspace_frame(page, slug)
    try:
        token = await page.api.post("/users/me/tokens", json=body)
    except ApiError as error:
        if error.status not in (403, 422):
            raise
        errors = field_messages(error)
        return await _settings(
            page, slug, frame, error.status, token_values=values, token_errors=errors
        )
    page.session.show_once(kind="token", name=token["name"], token=token["token"])
    return page.redirect(f"/w/{slug}/settings#tokens")


@router.post("/w/{slug}/settings/tokens/{token_id}/revoke")
async def revoke_token(page: PageDep, slug: str, token_id: str) -> Response:
    await page.api.delete(f"/users/me/tokens/{token_id}")
    page.session.add_flash(translate(N_("Token revoked."), page.locale))
    return page.redirect(f"/w/{slug}/settings#tokens")
