import json
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request, Response, status
from pydantic import BaseModel, Field

from app.auth import bearer, reads, service
from app.auth.dependencies import ActorDep
from app.auth.schemas import (
    ApiTokenCreate,
    ApiTokenCreated,
    ApiTokenPage,
    InviteAccept,
    InviteAccepted,
    InvitePreview,
    TokenResponse,
    UserRead,
    UserUpdate,
)
from app.core.openapi import problem_responses
from app.core.ratelimit import (
    Attempt,
    CredentialRoute,
    checks_credentials,
    client_address,
    limited_responses,
    read_before_transaction,
)
from app.core.transaction import SessionDep, TransactionalRoute

auth_router = APIRouter(prefix="/auth", tags=["auth"], route_class=CredentialRoute)
users_router = APIRouter(prefix="/users", tags=["users"], route_class=CredentialRoute)
tokens_router = APIRouter(
    prefix="/users/me/tokens", tags=["tokens"], route_class=TransactionalRoute
)


class PasswordSignIn(BaseModel):
    """OAuth2 password grant: `username` is the email."""

    username: str = Field(max_length=254, examples=["demo@example.com"])
    password: str = Field(max_length=256, examples=["troupe-demo"])
    grant_type: str | None = Field(default=None, pattern="^password$")
    scope: str = ""


# Credential checks are rate-limited per account and per client address (app/core/ratelimit.py):
# each function below names the account a request tries, before its transaction begins.


def _json_object(body: bytes) -> dict[str, Any] | None:
    try:
        value = json.loads(body)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


async def _sign_in_attempt(request: Request) -> Attempt | None:
    username = (await request.form()).get("username")
    if not isinstance(username, str) or not username.strip():
        return None  # no credentials: the form is refused as invalid
    return Attempt(account=service.normalise_email(username), address=client_address(request))


async def _invite_attempt(request: Request) -> Attempt | None:
    token = (_json_object(await request.body()) or {}).get("token")
    if not isinstance(token, str) or not token:
        return None
    email = await read_before_transaction(
        request, lambda session: service.invite_email(session, token=token)
    )
    # An unknown token still counts against the address: guessing tokens is an attack too.
    return Attempt(account=email, address=client_address(request))


async def _password_change_attempt(request: Request) -> Attempt | None:
    body = _json_object(await request.body())
    scheme, _, secret = request.headers.get("authorization", "").partition(" ")
    if body is None or body.get("new_password") is None or scheme.lower() != "bearer":
        return None
    email = await read_before_transaction(
        request, lambda session: bearer.email_for_token(session, secret=secret.strip())
    )
    return Attempt(account=email, address=client_address(request)) if email else None


def _no_store(response: Response) -> None:
    """Responses that carry a secret must not be cached (RFC 6749 §5.1)."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"


@auth_router.post(
    "/token",
    summary="Sign in and get a bearer token",
    responses=problem_responses(401) | limited_responses(),
)
@checks_credentials(_sign_in_attempt)
def auth_token(
    session: SessionDep, form: Annotated[PasswordSignIn, Form()], response: Response
) -> TokenResponse:
    user = service.authenticate(session, email=form.username, password=form.password)
    token, secret = service.sign_in(session, user=user)
    _no_store(response)
    return TokenResponse(access_token=secret, expires_at=token.expires_at)


@auth_router.post(
    "/revoke", status_code=status.HTTP_204_NO_CONTENT, summary="Sign out: revoke this token"
)
def auth_revoke(session: SessionDep, actor: ActorDep) -> None:
    service.revoke_current(session, actor=actor)


@auth_router.post(
    "/accept-invite",
    status_code=status.HTTP_201_CREATED,
    summary="Accept an invite: create your account (or confirm it) and join",
    responses=problem_responses(403, 404, 409, 410) | limited_responses(),
)
@checks_credentials(_invite_attempt)
def auth_accept_invite(
    session: SessionDep, invite_in: InviteAccept, response: Response
) -> InviteAccepted:
    workspace, member, token, secret = service.accept_invite(session, invite_in=invite_in)
    _no_store(response)
    return InviteAccepted(
        access_token=secret,
        expires_at=token.expires_at,
        workspace=workspace.slug,
        member_id=member.id,
    )


@auth_router.get(
    "/invites/{token}",
    summary="What an invite is for: the workspace, who sent it, whether it still works",
    responses=problem_responses(404),
)
def auth_invite_show(
    session: SessionDep, token: Annotated[str, Path(min_length=1, max_length=200)]
) -> InvitePreview:
    return service.invite_preview(session, token=token)


@users_router.get("/me", summary="Your profile")
def users_get_me(session: SessionDep, actor: ActorDep) -> UserRead:
    return reads.read_user(session, user_id=actor.user_id)


@users_router.patch(
    "/me", summary="Change your name, language or password", responses=limited_responses()
)
@checks_credentials(_password_change_attempt)
def users_update_me(session: SessionDep, actor: ActorDep, user_in: UserUpdate) -> UserRead:
    return service.update_user(session, actor=actor, user_in=user_in)


@tokens_router.get("", summary="List your personal API tokens")
def tokens_list(session: SessionDep, actor: ActorDep) -> ApiTokenPage:
    return ApiTokenPage(items=reads.list_tokens(session, user_id=actor.user_id))


@tokens_router.post(
    "", status_code=status.HTTP_201_CREATED, summary="Create a personal API token (shown once)"
)
def tokens_create(
    session: SessionDep, actor: ActorDep, token_in: ApiTokenCreate, response: Response
) -> ApiTokenCreated:
    _no_store(response)
    return service.create_api_token(session, actor=actor, token_in=token_in)


@tokens_router.delete(
    "/{token_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Revoke a personal API token",
    responses=problem_responses(404),
)
def tokens_revoke(session: SessionDep, actor: ActorDep, token_id: uuid.UUID) -> None:
    service.revoke_api_token(session, actor=actor, token_id=token_id)
