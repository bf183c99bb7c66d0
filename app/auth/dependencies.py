"""Who is calling: the bearer token in `Authorization`, resolved to an `Actor`."""

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer, OAuth2PasswordBearer

from app.auth import bearer
from app.core.errors import Unauthorized
from app.core.i18n import N_
from app.core.lean_dependencies import stands_in_for
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
        raise _no_token()
    return secret


def _no_token() -> Unauthorized:
    return Unauthorized(N_("Send a bearer token in the Authorization header."))


@stands_in_for(bearer_secret)
async def bearer_secret_of_request(request: Request) -> str:
    """`bearer_secret` read straight from the header: either scheme's token is what
    follows `Bearer ` (any case) in the first `Authorization` header."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise _no_token()
    return token


BearerSecret = Annotated[str, Depends(bearer_secret)]


def remember_actor(request: Request, actor: Actor) -> None:
    """The caller's language for the answer, and their id for the request log."""
    request.state.locale = actor.locale.value
    request.state.user_id = str(actor.user_id)


def current_actor(request: Request, session: SessionDep, secret: BearerSecret) -> Actor:
    actor = bearer.actor_for_token(session, secret=secret)
    remember_actor(request, actor)
    return actor


@stands_in_for(current_actor)
def actor_of_request(
    request: Request, secret: Annotated[str, Depends(bearer_secret_of_request)]
) -> Actor:
    """`current_actor` with the request's session taken from the request."""
    actor = bearer.actor_for_token(request.state.session, secret=secret)
    remember_actor(request, actor)
    return actor


ActorDep = Annotated[Actor, Depends(current_actor)]
