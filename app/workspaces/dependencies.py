"""The workspace of the path, as seen by the caller; 404 unless they belong to it."""

from typing import Annotated

from fastapi import Depends, Path
from sqlalchemy import select

from app.auth.dependencies import ActorDep
from app.core.errors import NotFound
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.core.transaction import SessionDep
from app.models import Member, Workspace
from app.models.enums import MemberStatus

WorkspaceSlug = Annotated[str, Path(max_length=64, description="The workspace's slug.")]


def workspace_context(
    workspace: WorkspaceSlug, actor: ActorDep, session: SessionDep
) -> WorkspaceContext:
    row = session.execute(
        select(Workspace, Member.id, Member.access)
        .join(Member, Member.workspace_id == Workspace.id)
        .where(
            Workspace.slug == workspace,
            Member.user_id == actor.user_id,
            Member.status == MemberStatus.active,
            Member.access.is_not(None),
        )
    ).first()
    if row is None:
        raise NotFound(N_("Workspace not found."))
    found, member_id, access = row
    assert access is not None
    return WorkspaceContext(
        actor=actor,
        workspace_id=found.id,
        slug=found.slug,
        timezone=found.timezone,
        locale=found.locale,
        member_id=member_id,
        access=access,
    )


WorkspaceDep = Annotated[WorkspaceContext, Depends(workspace_context)]
