import uuid
from typing import Annotated

from fastapi import APIRouter, Form, status
from pydantic import BaseModel, Field

from app.auth import service
from app.auth.dependencies import ActorDep
from app.auth.schemas import (
    ApiTokenCreate,
    ApiTokenCreated,
    ApiTokenPage,
    ApiTokenRead,
    InviteAccept,
    InviteAccepted,
    TokenResponse,
    UserRead,
    UserUpdate,
)
from app.core.openapi import problem_responses
from app.core.transaction import SessionDep, TransactionalRoute

auth_router = APIRouter(prefix="/auth", tags=["auth"], route_class=TransactionalRoute)
users_router = APIRouter(prefix="/users", tags=["users"], route_class=TransactionalRoute)
tokens_router = APIRouter(
    prefix="/users/me/tokens", tags=["tokens"], route_class=TransactionalRoute
)


class PasswordSignIn(BaseModel):
    """OAuth2 password grant: `username` is the email."""

    username: str = Field(max_length=254, examples=["demo@example.com"])
    password: str = Field(max_length=256, examples=["troupe-demo"])
    grant_type: str | None = Field(default=None, pattern="^password$")
    scope: str = ""


@auth_router.post(
    "/token", summary="Sign in and get a bearer token", responses=problem_responses(401)
)
def auth_token(session: SessionDep, form: Annotated[PasswordSignIn, Form()]) -> TokenResponse:
    user = service.authenticate(session, email=form.username, password=form.password)
    token, secret = service.sign_in(session, user=user)
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
    responses=problem_responses(403, 404, 409, 410),
)
def auth_accept_invite(session: SessionDep, invite_in: InviteAccept) -> InviteAccepted:
    workspace, member, token, secret = service.accept_invite(session, invite_in=invite_in)
    return InviteAccepted(
        access_token=secret,
        expires_at=token.expires_at,
        workspace=workspace.slug,
        member_id=member.id,
    )


@users_router.get("/me", summary="Your profile")
def users_get_me(session: SessionDep, actor: ActorDep) -> UserRead:
    return UserRead.model_validate(service.get_user(session, actor=actor))


@users_router.patch("/me", summary="Change your name, language or password")
def users_update_me(session: SessionDep, actor: ActorDep, user_in: UserUpdate) -> UserRead:
    return UserRead.model_validate(service.update_user(session, actor=actor, user_in=user_in))


@tokens_router.get("", summary="List your personal API tokens")
def tokens_list(session: SessionDep, actor: ActorDep) -> ApiTokenPage:
    tokens = service.list_api_tokens(session, actor=actor)
    return ApiTokenPage(items=[ApiTokenRead.model_validate(t) for t in tokens])


@tokens_router.post(
    "", status_code=status.HTTP_201_CREATED, summary="Create a personal API token (shown once)"
)
def tokens_create(
    session: SessionDep, actor: ActorDep, token_in: ApiTokenCreate
) -> ApiTokenCreated:
    token, secret = service.create_api_token(session, actor=actor, token_in=token_in)
    return ApiTokenCreated.model_validate(
        {**ApiTokenRead.model_validate(token).model_dump(), "token": secret}
    )


@tokens_router.delete(
    "/{token_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Revoke a personal API token",
    responses=problem_responses(404),
)
def tokens_revoke(session: SessionDep, actor: ActorDep, token_id: uuid.UUID) -> None:
    service.revoke_api_token(session, actor=actor, token_id=token_id)
