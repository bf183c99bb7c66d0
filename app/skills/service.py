"""Skills: the workspace's named competences (admins manage them)."""

import uuid

from sqlalchemy.orm import Session

from app.activity import service as activity
from app.core.crud import apply_changes, ensure_unique_in_workspace, get_in_workspace
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.core.versioning import ensure_version
from app.models import Skill
from app.models.enums import Access
from app.skills import reads
from app.skills.reads import NOT_FOUND
from app.skills.schemas import SkillCreate, SkillRead, SkillUpdate

KEY_TAKEN = N_("A skill with the key {value} already exists.")
FIELDS = ("key", "name", "category")


def _get(session: Session, *, ctx: WorkspaceContext, skill_id: uuid.UUID) -> Skill:
    """The skill to change; 404 if not here."""
    return get_in_workspace(session, Skill, skill_id, ctx=ctx, missing=NOT_FOUND)


def create(
    session: Session, *, ctx: WorkspaceContext, skill_in: SkillCreate
) -> tuple[SkillRead, int]:
    """The new skill as the API shows it, and its version."""
    ctx.require(Access.admin)
    ensure_unique_in_workspace(session, Skill.key, skill_in.key, ctx=ctx, message=KEY_TAKEN)
    skill = Skill(workspace_id=ctx.workspace_id, **skill_in.model_dump())
    session.add(skill)
    session.flush()
    activity.record(
        session,
        ctx=ctx,
        verb="skill.created",
        subject_id=skill.id,
        subject_name=skill.name,
        after=activity.fields(skill, FIELDS),
    )
    return reads.read(session, ctx=ctx, skill_id=skill.id)


def update(
    session: Session,
    *,
    ctx: WorkspaceContext,
    skill_id: uuid.UUID,
    skill_in: SkillUpdate,
    if_match: frozenset[int] | None,
) -> tuple[SkillRead, int]:
    """The changed skill as the API shows it, and its version."""
    ctx.require(Access.admin)
    skill = _get(session, ctx=ctx, skill_id=skill_id)
    ensure_version(skill.version, if_match)
    changes = skill_in.model_dump(exclude_unset=True)
    if changes.get("key", skill.key) != skill.key:
        ensure_unique_in_workspace(session, Skill.key, changes["key"], ctx=ctx, message=KEY_TAKEN)
    before = activity.fields(skill, FIELDS)
    apply_changes(skill, changes)
    activity.record(
        session,
        ctx=ctx,
        verb="skill.updated",
        subject_id=skill.id,
        subject_name=skill.name,
        before=before,
        after=activity.fields(skill, FIELDS),
    )
    session.flush()
    return reads.read(session, ctx=ctx, skill_id=skill.id)


def delete(
    session: Session, *, ctx: WorkspaceContext, skill_id: uuid.UUID, if_match: frozenset[int] | None
) -> None:
    """Delete a skill; members' levels and roles' requirements for it go with it."""
    ctx.require(Access.admin)
    skill = _get(session, ctx=ctx, skill_id=skill_id)
    ensure_version(skill.version, if_match)
    activity.record(
        session,
        ctx=ctx,
        verb="skill.deleted",
        subject_id=skill.id,
        subject_name=skill.name,
        before=activity.fields(skill, FIELDS),
    )
    session.delete(skill)
    session.flush()
