"""Members: the people of a workspace, their skills and (when linked) their access."""

import uuid
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session, selectinload

from app.activity import service as activity
from app.core.crud import (
    apply_changes,
    ensure_all_in_workspace,
    ensure_unique_in_workspace,
    get_in_workspace,
)
from app.core.errors import Forbidden, InUse, InvalidInput, field_error
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.core.versioning import ensure_version
from app.members.reads import NOT_FOUND
from app.members.schemas import MemberCreate, MemberSkillIn, MemberUpdate
from app.models import Assignment, Member, MemberSkill, Skill
from app.models.enums import Access, MemberStatus

EMAIL_TAKEN = N_("Another member already has the email {value}.")
_WITH_SKILLS = (selectinload(Member.skills).selectinload(MemberSkill.skill),)
FIELDS = ("display_name", "email", "title", "weekly_capacity_hours", "status", "access")


def get(session: Session, *, ctx: WorkspaceContext, member_id: uuid.UUID) -> Member:
    return get_in_workspace(
        session, Member, member_id, ctx=ctx, missing=NOT_FOUND, options=_WITH_SKILLS
    )


def create(session: Session, *, ctx: WorkspaceContext, member_in: MemberCreate) -> Member:
    ctx.require(Access.admin)
    data = member_in.model_dump(exclude={"skills"})
    if member_in.email is not None:
        data["email"] = member_in.email.lower()
        ensure_unique_in_workspace(
            session, Member.email, data["email"], ctx=ctx, message=EMAIL_TAKEN
        )
    member = Member(workspace_id=ctx.workspace_id, **data)
    member.skills = _skill_levels(session, ctx=ctx, skills=member_in.skills)
    session.add(member)
    session.flush()
    _record(session, ctx=ctx, verb="member.created", member=member, after=fields(member))
    return member


def update(
    session: Session,
    *,
    ctx: WorkspaceContext,
    member_id: uuid.UUID,
    member_in: MemberUpdate,
    if_match: frozenset[int] | None,
) -> Member:
    ctx.require(Access.admin)
    member = get(session, ctx=ctx, member_id=member_id)
    ensure_version(member.version, if_match)
    changes: dict[str, Any] = member_in.model_dump(exclude_unset=True, exclude={"skills"})
    if changes.get("email"):
        changes["email"] = changes["email"].lower()
        if changes["email"] != member.email:
            ensure_unique_in_workspace(
                session, Member.email, changes["email"], ctx=ctx, message=EMAIL_TAKEN
            )
    if "access" in changes:
        _check_access_change(session, ctx=ctx, member=member, new_access=changes["access"])
    if changes.get("status") is MemberStatus.inactive:
        _ensure_not_last_owner(session, ctx=ctx, member=member)
    before = fields(member)
    if member_in.skills is not None:
        member.skills = _skill_levels(session, ctx=ctx, skills=member_in.skills)
    apply_changes(member, changes)
    _record(
        session, ctx=ctx, verb="member.updated", member=member, before=before, after=fields(member)
    )
    session.flush()
    return member


def delete(
    session: Session,
    *,
    ctx: WorkspaceContext,
    member_id: uuid.UUID,
    if_match: frozenset[int] | None,
) -> None:
    """Delete a member who holds no assignment (end or delete those first)."""
    ctx.require(Access.admin)
    member = get(session, ctx=ctx, member_id=member_id)
    ensure_version(member.version, if_match)
    _ensure_not_last_owner(session, ctx=ctx, member=member)
    if session.scalar(select(exists().where(Assignment.member_id == member.id))):
        raise InUse(
            N_("This member has assignments; end them, or set the member inactive instead.")
        )
    _record(session, ctx=ctx, verb="member.deleted", member=member, before=fields(member))
    session.delete(member)
    session.flush()


def fields(member: Member) -> dict[str, Any]:
    """What the activity stream keeps of a member (skills loaded)."""
    return {
        **activity.fields(member, FIELDS),
        "skills": [{"skill_id": str(s.skill_id), "level": s.level} for s in member.skills],
    }


def _record(
    session: Session,
    *,
    ctx: WorkspaceContext,
    verb: str,
    member: Member,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    activity.record(
        session,
        ctx=ctx,
        verb=verb,
        subject_id=member.id,
        subject_name=member.display_name,
        member_id=member.id,
        before=before,
        after=after,
    )


def _skill_levels(
    session: Session, *, ctx: WorkspaceContext, skills: list[MemberSkillIn]
) -> list[MemberSkill]:
    """Member skill rows for `skills`, each skill checked to be in this workspace."""
    ensure_all_in_workspace(
        session,
        Skill,
        [s.skill_id for s in skills],
        ctx=ctx,
        missing=N_("Skill not found."),
        loc=("body", "skills"),
        item_field="skill_id",
    )
    return [MemberSkill(skill_id=s.skill_id, level=s.level) for s in skills]


def _check_access_change(
    session: Session, *, ctx: WorkspaceContext, member: Member, new_access: Access
) -> None:
    if member.user_id is None:
        raise InvalidInput(
            N_("This member has no login; invite them to give them access."),
            errors=[field_error(("body", "access"), N_("The member has no login."), "no_login")],
        )
    touches_owner = Access.owner in (member.access, new_access)
    if touches_owner and ctx.access is not Access.owner:
        raise Forbidden(N_("Only an owner can grant or take away owner access."))
    if member.access is Access.owner and new_access is not Access.owner:
        _ensure_not_last_owner(session, ctx=ctx, member=member)


def _ensure_not_last_owner(session: Session, *, ctx: WorkspaceContext, member: Member) -> None:
    if member.access is not Access.owner:
        return
    other_owners = session.scalar(
        select(func.count())
        .select_from(Member)
        .where(
            Member.workspace_id == ctx.workspace_id,
            Member.access == Access.owner,
            Member.status == MemberStatus.active,
            Member.id != member.id,
        )
    )
    if not other_owners:
        raise InUse(N_("A workspace needs an owner; make someone else owner first."))
