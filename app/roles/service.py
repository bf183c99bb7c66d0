"""Roles: responsibilities, authorities and required skills (admins manage them)."""

import uuid
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, selectinload

from app.activity import service as activity
from app.core.crud import (
    apply_changes,
    ensure_all_in_workspace,
    ensure_unique_in_workspace,
    get_in_workspace,
)
from app.core.errors import InUse
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.core.versioning import ensure_version
from app.models import Assignment, Role, RoleRequiredSkill, Skill
from app.models.enums import Access
from app.roles import reads
from app.roles.reads import NOT_FOUND
from app.roles.schemas import RequiredSkillIn, RoleCreate, RoleRead, RoleUpdate

KEY_TAKEN = N_("A role with the key {value} already exists.")
_WITH_SKILLS = (selectinload(Role.required_skills).selectinload(RoleRequiredSkill.skill),)
FIELDS = ("key", "name", "description", "responsibilities", "authorities")


def create(session: Session, *, ctx: WorkspaceContext, role_in: RoleCreate) -> tuple[RoleRead, int]:
    """The new role as the API shows it, and its version."""
    ctx.require(Access.admin)
    ensure_unique_in_workspace(session, Role.key, role_in.key, ctx=ctx, message=KEY_TAKEN)
    role = Role(workspace_id=ctx.workspace_id, **role_in.model_dump(exclude={"required_skills"}))
    role.required_skills = _requirements(session, ctx=ctx, required=role_in.required_skills)
    session.add(role)
    session.flush()
    created, version = reads.read(session, ctx=ctx, role_id=role.id)
    activity.record(
        session,
        ctx=ctx,
        verb="role.created",
        subject_id=created.id,
        subject_name=created.name,
        after=_fields(created),
    )
    return created, version


def update(
    session: Session,
    *,
    ctx: WorkspaceContext,
    role_id: uuid.UUID,
    role_in: RoleUpdate,
    if_match: frozenset[int] | None,
) -> tuple[RoleRead, int]:
    """The changed role as the API shows it, and its version."""
    ctx.require(Access.admin)
    role = _get(session, ctx=ctx, role_id=role_id)
    ensure_version(role.version, if_match)
    before = _fields(role)
    changes = role_in.model_dump(exclude_unset=True, exclude={"required_skills"})
    if changes.get("key", role.key) != role.key:
        ensure_unique_in_workspace(session, Role.key, changes["key"], ctx=ctx, message=KEY_TAKEN)
    if role_in.required_skills is not None:
        role.required_skills = _requirements(session, ctx=ctx, required=role_in.required_skills)
    apply_changes(role, changes)
    session.flush()
    updated, version = reads.read(session, ctx=ctx, role_id=role.id)
    activity.record(
        session,
        ctx=ctx,
        verb="role.updated",
        subject_id=updated.id,
        subject_name=updated.name,
        before=before,
        after=_fields(updated),
    )
    return updated, version


def delete(
    session: Session, *, ctx: WorkspaceContext, role_id: uuid.UUID, if_match: frozenset[int] | None
) -> None:
    """Delete a role nobody is assigned to."""
    ctx.require(Access.admin)
    role = _get(session, ctx=ctx, role_id=role_id)
    ensure_version(role.version, if_match)
    if session.scalar(select(exists().where(Assignment.role_id == role.id))):
        raise InUse(N_("Members are assigned to this role; remove those assignments first."))
    activity.record(
        session,
        ctx=ctx,
        verb="role.deleted",
        subject_id=role.id,
        subject_name=role.name,
        before=_fields(role),
    )
    session.delete(role)
    session.flush()


def _get(session: Session, *, ctx: WorkspaceContext, role_id: uuid.UUID) -> Role:
    """The role to change, its required skills loaded; 404 if not here."""
    return get_in_workspace(
        session, Role, role_id, ctx=ctx, missing=NOT_FOUND, options=_WITH_SKILLS
    )


def _fields(role: Role | RoleRead) -> dict[str, Any]:
    """What the activity stream keeps of a role (the entity, its required skills loaded,
    or its reply)."""
    return {
        **activity.fields(role, FIELDS),
        "required_skills": [
            {"skill_id": str(r.skill_id), "min_level": r.min_level} for r in role.required_skills
        ],
    }


def _requirements(
    session: Session, *, ctx: WorkspaceContext, required: list[RequiredSkillIn]
) -> list[RoleRequiredSkill]:
    ensure_all_in_workspace(
        session,
        Skill,
        [r.skill_id for r in required],
        ctx=ctx,
        missing=N_("Skill not found."),
        loc=("body", "required_skills"),
        item_field="skill_id",
    )
    return [RoleRequiredSkill(skill_id=r.skill_id, min_level=r.min_level) for r in required]
