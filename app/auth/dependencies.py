"""Who is calling: the bearer token in `Authorization`, resolved to an `Actor`."""

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer, OAuth2PasswordBearer

from app.auth import service
from app.core.errors import Unauthorized
from app.core.i18n import N_
from app.core.permissions import Actor
from app.core.transaction import SessionDep

_password_flow = OAuth2PasswordBearer(
    tokenUrl="/api/v1/auth/token",
    scheme_name="PasswordSignIn",
    description="Sign in with email and password at `POST /api/v1/auth/token`.",
    auto_error=False,
)
_api_token = HTTPBearer(
    scheme_name="ApiToken",
    description="A personal API token (`trp_…`) created in settings or by `tokens_create`.",
    auto_error=False,
)


async def bearer_secret(
    signed_in: Annotated[str | None, Depends(_password_flow)],
    api_token: Annotated[HTTPAuthorizationCredentials | None, Depends(_api_token)],
) -> str:
    """The bearer token sent, from either security scheme; 401 if none."""
    secret = signed_in or (api_token.credentials if api_token else None)
    if not secret:
        raise Unauthorized(N_("Send a bearer token in the Authorization header."))
    return secret


BearerSecret = Annotated[str, Depends(bearer_secret)]


def remember_actor(request: Request, actor: Actor) -> None:
    """The caller's language for the answer, and their id for the request log."""
    request.state.locale = actor.locale.value
    request.state.user_id = str(actor.user_id)


def current_actor(request: Request, session: SessionDep, secret: BearerSecret) -> Actor:
    actor = service.actor_for_token(session, secret=secret)
    remember_actor(request, actor)
    return actor


ActorDep = Annotated[Actor, Depends(current_actor)]
