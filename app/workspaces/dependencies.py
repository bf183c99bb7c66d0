"""The workspace of the path, as seen by the caller; 404 unless they belong to it."""

from typing import Annotated

from fastapi import Depends, Path, Request

from app.auth import bearer
from app.auth.dependencies import BearerSecret, bearer_secret_of_request, remember_actor
from app.core.lean_dependencies import stands_in_for
from app.core.permissions import WorkspaceContext
from app.core.transaction import SessionDep

WorkspaceSlug = Annotated[str, Path(max_length=64, description="The workspace's slug.")]


def workspace_context(
    request: Request, workspace: WorkspaceSlug, secret: BearerSecret, session: SessionDep
) -> WorkspaceContext:
    """The caller and their membership, from one statement (every workspace request)."""
    ctx = bearer.actor_in_workspace(session, secret=secret, slug=workspace)
    remember_actor(request, ctx.actor)
    return ctx


@stands_in_for(workspace_context)
def workspace_context_of_request(
    request: Request,
    workspace: WorkspaceSlug,
    secret: Annotated[str, Depends(bearer_secret_of_request)],
) -> WorkspaceContext:
    """`workspace_context` with the request's session taken from the request."""
    ctx = bearer.actor_in_workspace(request.state.session, secret=secret, slug=workspace)
    remember_actor(request, ctx.actor)
    return ctx


WorkspaceDep = Annotated[WorkspaceContext, Depends(workspace_context)]
