"""Settings: the workspace, people and access, invites, personal API tokens."""

from collections.abc import Mapping
from dataclasses import dataclass, field

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import URL

from app.core.i18n import N_, translate
from app.web.client import ApiError
from app.web.context import Page, PageDep
from app.web.forms import field_messages, optional, text
from app.web.paging import Replies, Shown, one_page
from app.web.views.settings import (
    Invite,
    InviteShown,
    MadeInvite,
    MadeToken,
    Person,
    Token,
    TokenShown,
)
from app.web.views.workspace import WorkspaceFrame
from app.web.workspace import workspace_frame

router = APIRouter()
PEOPLE_PAGE = 100  # members read per page of "People and access" (a link pages on)


@dataclass(frozen=True)
class Forms:
    """The three forms of the page: what they show and the messages next to their fields."""

    workspace_values: Mapping[str, str] | None = None  # None: the saved workspace
    workspace_errors: Mapping[str, str] = field(default_factory=dict)
    invite_values: Mapping[str, str] = field(default_factory=lambda: {"access": "editor"})
    invite_errors: Mapping[str, str] = field(default_factory=dict)
    token_values: Mapping[str, str] = field(
        default_factory=lambda: {"scope": "read", "expires_in_days": "90"}
    )
    token_errors: Mapping[str, str] = field(default_factory=dict)


@router.get("/w/{slug}/settings")
async def settings_page(page: PageDep, slug: str, people: str = "", cursor: str = "") -> Response:
    """The settings; a token or invite link just made is shown here once (from the session),
    so reloading this page never makes another. `people` pages on through the members,
    `cursor` through the pending invites (with htmx: only the next invites)."""
    frame = await workspace_frame(page, slug)
    if page.is_htmx and cursor and frame.can.admin:
        invites = await _pending_invites(page, slug, cursor)
        return page.render(
            "settings/_invites.html",
            frame=frame,
            invites=_invites(invites),
            invites_more_url=invites.more_url,
        )
    secret = page.session.pop_reveal()
    return await _settings(
        page,
        slug,
        frame,
        people_cursor=people,
        invites_cursor=cursor,
        created_invite=InviteShown.model_validate(secret)
        if secret.get("kind") == "invite"
        else None,
        created_token=TokenShown.model_validate(secret) if secret.get("kind") == "token" else None,
    )


async def _settings(
    page: Page,
    slug: str,
    frame: WorkspaceFrame,
    status_code: int = 200,
    *,
    forms: Forms | None = None,
    people_cursor: str = "",
    invites_cursor: str = "",
    created_invite: InviteShown | None = None,
    created_token: TokenShown | None = None,
) -> Response:
    """The page; people are read a page of members at a time (never the whole team)."""
    base = f"/workspaces/{slug}"
    (workspace, etag), members, invites, tokens = await page.api.gather(
        page.api.get_with_etag(base),
        page.api.get(f"{base}/members", limit=PEOPLE_PAGE, cursor=people_cursor),
        _pending_invites(page, slug, invites_cursor) if frame.can.admin else _nothing(),
        page.api.get("/users/me/tokens"),
    )
    people = [Person.model_validate(m) for m in members["items"]]
    shown = forms or Forms()
    saved = {
        "name": workspace["name"],
        "locale": workspace["locale"],
        "timezone": workspace["timezone"],
        "etag": etag,
    }
    return page.render(
        "settings/index.html",
        status_code=status_code,
        frame=frame,
        people=[person for person in people if person.user_id],
        more_people=members.get("next_cursor"),
        invites=_invites(invites),
        invites_more_url=invites.more_url,
        tokens=[
            t for t in (Token.model_validate(t) for t in tokens["items"]) if t.revoked_at is None
        ],
        workspace_values=shown.workspace_values or saved,
        workspace_errors=shown.workspace_errors,
        invite_values=shown.invite_values,
        invite_errors=shown.invite_errors,
        token_values=shown.token_values,
        token_errors=shown.token_errors,
        created_invite=created_invite,
        created_token=created_token,
    )


async def _pending_invites(page: Page, slug: str, cursor: str) -> Replies:
    """A page of the pending invites, oldest first; "Show more" opens the settings there."""
    settings = URL(f"/w/{slug}/settings")
    return await one_page(page.api, settings, f"/workspaces/{slug}/invites", cursor, pending=True)


def _invites(shown: Replies) -> list[Invite]:
    return [Invite.model_validate(i) for i in shown.items]


async def _nothing() -> Replies:
    return Shown([], None)


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
            page,
            slug,
            frame,
            error.status,
            forms=Forms(workspace_values=values, workspace_errors=errors),
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
            page,
            slug,
            frame,
            error.status,
            forms=Forms(invite_values=values, invite_errors=errors),
        )
    _show_invite_once(page, invite)
    return page.redirect(f"/w/{slug}/settings#invites")


def _show_invite_once(page: Page, reply: object) -> None:
    invite = MadeInvite.model_validate(reply)
    page.session.show_once(
        kind="invite",
        email=invite.email,
        expires_at=invite.expires_at,
        link=str(page.request.base_url).rstrip("/") + f"/invite/{invite.token}",
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
            page,
            slug,
            frame,
            error.status,
            forms=Forms(token_values=values, token_errors=errors),
        )
    made = MadeToken.model_validate(token)
    page.session.show_once(kind="token", name=made.name, token=made.token)
    return page.redirect(f"/w/{slug}/settings#tokens")


@router.post("/w/{slug}/settings/tokens/{token_id}/revoke")
async def revoke_token(page: PageDep, slug: str, token_id: str) -> Response:
    await page.api.delete(f"/users/me/tokens/{token_id}")
    page.session.add_flash(translate(N_("Token revoked."), page.locale))
    return page.redirect(f"/w/{slug}/settings#tokens")
