"""Scopes: named areas of responsibility inside a campaign (rows of its RACI matrix)."""

import uuid

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, selectinload

from app.activity import service as activity
from app.core.crud import apply_changes, ensure_all_in_workspace, get_in_workspace
from app.core.errors import AlreadyExists, InUse, NotFound
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.core.versioning import ensure_version
from app.history import service as history
from app.models import Assignment, Campaign, Role, Scope, ScopeRole
from app.models.enums import Access, AssignmentStatus
from app.scopes import reads
from app.scopes.reads import NOT_FOUND
from app.scopes.schemas import ScopeCreate, ScopeRead, ScopeUpdate

NAME_TAKEN = N_("This campaign already has a scope named {name}.")
FIELDS = ("name", "description")
WITH_ROLES = (selectinload(Scope.needed_roles),)


def _get(
    session: Session, *, ctx: WorkspaceContext, campaign_id: uuid.UUID, scope_id: uuid.UUID
) -> Scope:
    """The scope to change, its roles loaded; 404 if not this campaign's."""
    scope = get_in_workspace(
        session, Scope, scope_id, ctx=ctx, missing=NOT_FOUND, options=WITH_ROLES
    )
    if scope.campaign_id != campaign_id:
        raise NotFound(NOT_FOUND)
    return scope


def create(
    session: Session, *, ctx: WorkspaceContext, campaign_id: uuid.UUID, scope_in: ScopeCreate
) -> tuple[ScopeRead, int]:
    """The new scope as the API shows it, and its version."""
    ctx.require(Access.editor)
    _campaign(session, ctx=ctx, campaign_id=campaign_id)
    _ensure_name_free(session, campaign_id=campaign_id, name=scope_in.name)
    check_roles(session, ctx=ctx, role_ids=scope_in.role_ids, loc=("body", "role_ids"))
    scope = Scope(
        workspace_id=ctx.workspace_id,
        campaign_id=campaign_id,
        needed_roles=[ScopeRole(role_id=r) for r in scope_in.role_ids],
        **scope_in.model_dump(exclude={"role_ids"}),
    )
    session.add(scope)
    session.flush()
    activity.record(
        session,
        ctx=ctx,
        verb="scope.created",
        subject_id=scope.id,
        subject_name=scope.name,
        campaign_id=campaign_id,
        after=_fields(scope),
    )
    return reads.read(session, ctx=ctx, campaign_id=campaign_id, scope_id=scope.id)


def update(
    session: Session,
    *,
    ctx: WorkspaceContext,
    campaign_id: uuid.UUID,
    scope_id: uuid.UUID,
    scope_in: ScopeUpdate,
    if_match: frozenset[int] | None,
) -> tuple[ScopeRead, int]:
    """The changed scope as the API shows it, and its version."""
    ctx.require(Access.editor)
    scope = _get(session, ctx=ctx, campaign_id=campaign_id, scope_id=scope_id)
    ensure_version(scope.version, if_match)
    changes = scope_in.model_dump(exclude_unset=True, exclude={"role_ids"})
    if changes.get("name", scope.name) != scope.name:
        _ensure_name_free(session, campaign_id=campaign_id, name=changes["name"])
    before = _fields(scope)
    if scope_in.role_ids is not None and scope_in.role_ids != scope.role_ids:
        check_roles(session, ctx=ctx, role_ids=scope_in.role_ids, loc=("body", "role_ids"))
        scope.needed_roles = [ScopeRole(role_id=r) for r in scope_in.role_ids]
    apply_changes(scope, changes)  # touches the row, so its version moves on
    activity.record(
        session,
        ctx=ctx,
        verb="scope.updated",
        subject_id=scope.id,
        subject_name=scope.name,
        campaign_id=campaign_id,
        before=before,
        after=_fields(scope),
    )
    session.flush()
    return reads.read(session, ctx=ctx, campaign_id=campaign_id, scope_id=scope.id)


def delete(
    session: Session,
    *,
    ctx: WorkspaceContext,
    campaign_id: uuid.UUID,
    scope_id: uuid.UUID,
    if_match: frozenset[int] | None,
    with_active: bool = False,
) -> None:
    """Delete a scope without active assignments (ended ones go with it).

    `with_active` lets a scope's owner (a contract's sign-off) take the active ones too;
    each removed assignment still gets its history entry."""
    ctx.require(Access.editor)
    scope = _get(session, ctx=ctx, campaign_id=campaign_id, scope_id=scope_id)
    ensure_version(scope.version, if_match)
    active = exists().where(
        Assignment.scope_id == scope.id, Assignment.status == AssignmentStatus.active
    )
    if not with_active and session.scalar(select(active)):
        raise InUse(N_("This scope has active assignments; end or move them first."))
    history.record_removed_with(
        session,
        ctx=ctx,
        removed=Assignment.scope_id == scope.id,
        reason_code="scope_deleted",
        reason_params={"scope": scope.name},
    )
    activity.record(
        session,
        ctx=ctx,
        verb="scope.deleted",
        subject_id=scope.id,
        subject_name=scope.name,
        campaign_id=campaign_id,
        before=_fields(scope),
    )
    session.delete(scope)
    session.flush()


def _campaign(session: Session, *, ctx: WorkspaceContext, campaign_id: uuid.UUID) -> Campaign:
    return get_in_workspace(
        session, Campaign, campaign_id, ctx=ctx, missing=N_("Campaign not found.")
    )


def _ensure_name_free(session: Session, *, campaign_id: uuid.UUID, name: str) -> None:
    taken = session.scalar(
        select(Scope.id).where(Scope.campaign_id == campaign_id, Scope.name == name)
    )
    if taken is not None:
        raise AlreadyExists(NAME_TAKEN, params={"name": name})


def check_roles(
    session: Session,
    *,
    ctx: WorkspaceContext,
    role_ids: list[uuid.UUID],
    loc: tuple[str | int, ...],
) -> None:
    """404 naming each role id (under `loc`) that is not a role of this workspace."""
    ensure_all_in_workspace(
        session, Role, role_ids, ctx=ctx, missing=N_("Role not found."), loc=loc
    )


def _fields(scope: Scope) -> dict[str, object]:
    return {**activity.fields(scope, FIELDS), "role_ids": [str(r) for r in scope.role_ids]}
