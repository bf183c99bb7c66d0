"""Workspaces: the tenants. Creating one seeds the guide's templates."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.activity import service as activity
from app.core.crud import apply_changes
from app.core.errors import AlreadyExists
from app.core.i18n import N_
from app.core.permissions import Actor, WorkspaceContext
from app.core.versioning import ensure_version
from app.deals.stages import install_default_stages
from app.metrics import rollups
from app.models import Member, User, Workspace
from app.models.enums import Access
from app.seed.templates import install_templates
from app.workspaces import reads
from app.workspaces.schemas import WorkspaceCreate, WorkspaceRead, WorkspaceUpdate

FIELDS = ("slug", "name", "locale", "timezone", "currency")
DEFAULT_CURRENCY = "CNY"


def create(
    session: Session, *, actor: Actor, workspace_in: WorkspaceCreate
) -> tuple[WorkspaceRead, int]:
    """Create a workspace; the caller becomes its owner. The workspace as the API shows
    it to them, and its version."""
    actor.require_write()
    user = session.get_one(User, actor.user_id)
    workspace = create_for_user(session, user=user, workspace_in=workspace_in)
    owner_id = session.scalars(
        select(Member.id).where(Member.workspace_id == workspace.id, Member.user_id == user.id)
    ).one()
    return reads.read(session, workspace_id=workspace.id, member_id=owner_id)


def create_for_user(session: Session, *, user: User, workspace_in: WorkspaceCreate) -> Workspace:
    """Create a workspace owned by `user`, with the guide's roles, skills and metrics."""
    if session.scalar(select(Workspace.id).where(Workspace.slug == workspace_in.slug)):
        raise AlreadyExists(
            N_("The slug {slug} is taken; choose another."), params={"slug": workspace_in.slug}
        )
    workspace = Workspace(**workspace_in.model_dump(exclude={"currency"}))
    workspace.currency = workspace_in.currency or DEFAULT_CURRENCY
    session.add(workspace)
    session.flush()
    owner = Member(
        workspace_id=workspace.id,
        user_id=user.id,
        display_name=user.display_name,
        email=user.email,
        access=Access.owner,
    )
    session.add(owner)
    install_templates(session, workspace=workspace)
    install_default_stages(session, workspace=workspace)
    session.flush()
    activity.record(
        session,
        ctx=activity.Origin(workspace_id=workspace.id, user_id=user.id, member_id=owner.id),
        verb="workspace.created",
        subject_id=workspace.id,
        subject_name=workspace.name,
        after=activity.fields(workspace, FIELDS),
    )
    return workspace


def _get(session: Session, *, ctx: WorkspaceContext) -> Workspace:
    return session.get_one(Workspace, ctx.workspace_id)


def update(
    session: Session,
    *,
    ctx: WorkspaceContext,
    workspace_in: WorkspaceUpdate,
    if_match: frozenset[int] | None,
) -> tuple[WorkspaceRead, int]:
    """The changed workspace as the API shows it to the caller, and its version."""
    ctx.require(Access.admin)
    workspace = _get(session, ctx=ctx)
    ensure_version(workspace.version, if_match)
    before = activity.fields(workspace, FIELDS)
    apply_changes(workspace, workspace_in.model_dump(exclude_unset=True))
    activity.record(
        session,
        ctx=ctx,
        verb="workspace.updated",
        subject_id=workspace.id,
        subject_name=workspace.name,
        before=before,
        after=activity.fields(workspace, FIELDS),
    )
    session.flush()
    if before["timezone"] != workspace.timezone:  # the day boundaries of the rollups move
        rollups.rebuild(
            session.connection(), workspace_id=workspace.id, timezone=workspace.timezone
        )
    return reads.read(session, workspace_id=workspace.id, member_id=ctx.member_id)


def delete(session: Session, *, ctx: WorkspaceContext, if_match: frozenset[int] | None) -> None:
    """Delete the workspace and everything in it (the database cascades)."""
    ctx.require(Access.owner)
    workspace = _get(session, ctx=ctx)
    ensure_version(workspace.version, if_match)
    # Kept in the owner's own account log: the workspace's activities go with it.
    activity.record(
        session,
        ctx=ctx.actor,
        verb="workspace.deleted",
        subject_id=workspace.id,
        subject_name=workspace.name,
        before=activity.fields(workspace, FIELDS),
    )
    session.delete(workspace)
    session.flush()
