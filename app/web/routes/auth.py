"""Signing in and out, accepting an invite, choosing the language."""

from contextlib import suppress
from typing import TypedDict
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.core.i18n import SUPPORTED_LOCALES
from app.web.client import ApiClient, ApiError
from app.web.context import Page, PageDep, forwarded_headers, http_client
from app.web.forms import field_messages, optional, safe_next, text
from app.web.views.auth import Accepted, InvitePreview, Me, SessionToken

router = APIRouter()


class Acceptance(TypedDict, total=False):
    token: str
    password: str
    display_name: str


@router.get("/signin")
async def signin_form(page: PageDep, next: str | None = None) -> Response:
    if page.session.token:
        return page.redirect(safe_next(next))
    return page.render("auth/signin.html", next=safe_next(next), email="", error=None)


@router.post("/signin")
async def signin(page: PageDep, request: Request) -> Response:
    form = await request.form()
    email, destination = text(form, "email"), safe_next(optional(form, "next"))
    try:
        reply = await page.api.post(
            "/auth/token", data={"username": email, "password": text(form, "password")}
        )
    except ApiError as error:
        return page.render(
            "auth/signin.html",
            status_code=error.status,
            next=destination,
            email=email,
            error=error.detail,
        )
    await _start_session(page, request, SessionToken.model_validate(reply).access_token)
    return page.redirect(destination)


@router.post("/signout")
async def signout(page: PageDep) -> Response:
    if page.session.token:
        with suppress(ApiError):  # already expired or revoked: signing out still succeeds
            await page.api.post("/auth/revoke")
    page.session.sign_out()
    return page.redirect("/signin")


async def _invite(page: Page, token: str) -> InvitePreview | None:
    """Which workspace the invite is for and who sent it (None: no such invite)."""
    try:
        preview = await page.api.get(f"/auth/invites/{quote(token, safe='')}")
    except ApiError as error:
        if error.status not in (404, 422):
            raise
        return None
    return InvitePreview.model_validate(preview)


@router.get("/invite/{token}")
async def invite_form(page: PageDep, token: str) -> Response:
    return page.render(
        "auth/invite.html",
        token=token,
        invite=await _invite(page, token),
        values={},
        errors={},
        error=None,
    )


@router.post("/invite/{token}")
async def invite_accept(page: PageDep, request: Request, token: str) -> Response:
    form = await request.form()
    values = {"display_name": text(form, "display_name")}
    body = Acceptance(token=token, password=text(form, "password"))
    if values["display_name"]:
        body["display_name"] = values["display_name"]
    try:
        reply = await page.api.post("/auth/accept-invite", json=body)
    except ApiError as error:
        return page.render(
            "auth/invite.html",
            status_code=error.status,
            token=token,
            invite=await _invite(page, token),
            values={**values, "password": body["password"]},
            errors=field_messages(error),
            error=None if error.field_errors else error.detail,
        )
    accepted = Accepted.model_validate(reply)
    await _start_session(page, request, accepted.access_token)
    return page.redirect(f"/w/{accepted.workspace}")


@router.post("/language")
async def choose_language(page: PageDep, request: Request) -> Response:
    form = await request.form()
    locale = text(form, "locale")
    if locale in SUPPORTED_LOCALES:
        page.session.set_locale(locale)
        if page.session.token:
            with suppress(ApiError):  # a read-only or expired session still switches language
                await page.api.patch("/users/me", {"locale": locale})
    return page.redirect(safe_next(optional(form, "next")))


async def _start_session(page: PageDep, request: Request, token: str) -> None:
    as_user = ApiClient(
        http_client(request), token=token, locale=page.locale, forwarded=forwarded_headers(request)
    )
    me = Me.model_validate(await as_user.get("/users/me"))
    page.session.sign_in(token, me.locale)
