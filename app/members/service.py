"""Members: the people of a workspace, their skills and (when linked) their access."""

import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import Any, cast

from pydantic import TypeAdapter
from sqlalchemy import (
    BindParameter,
    Column,
    ColumnElement,
    Connection,
    Row,
    String,
    Table,
    Uuid,
    bindparam,
    exists,
    func,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session, selectinload

from app.activity import service as activity
from app.core.crud import (
    apply_changes,
    ensure_all_in_workspace,
    ensure_unique_in_workspace,
    get_in_workspace,
)
from app.core.errors import Forbidden, InUse, InvalidInput, NotFound, field_error
from app.core.i18n import N_
from app.core.pagination import paginate
from app.core.permissions import WorkspaceContext
from app.core.versioning import ensure_version
from app.members.schemas import MemberCreate, MemberRead, MemberSkillIn, MemberUpdate
from app.models import Assignment, Member, MemberSkill, Skill
from app.models.enums import Access, AssignmentStatus, MemberStatus

NOT_FOUND = N_("Member not found.")
EMAIL_TAKEN = N_("Another member already has the email {value}.")
_WITH_SKILLS = (selectinload(Member.skills).selectinload(MemberSkill.skill),)
FIELDS = ("display_name", "email", "title", "weekly_capacity_hours", "status", "access")


# Reads answer with Core selects of the columns they return: one statement for the
# members and one for the skills of all of them, whatever the page size. A page of
# 200 has some 1,600 ids: they are left as the driver returns them (see `_stored`).
_MEMBERS = cast(Table, Member.__table__)
_MEMBER_SKILLS = cast(Table, MemberSkill.__table__)
_SKILLS = cast(Table, Skill.__table__)
# Ids as the driver returned them: SQLite's hex strings pass unchanged, PostgreSQL's UUIDs too.
_STORED_IDS: BindParameter[Any] = bindparam("ids", expanding=True, type_=Uuid(as_uuid=False))


def _stored(column: Column[Any]) -> ColumnElement[Any]:
    """An id as the driver returns it (SQLite: 32 hex digits; PostgreSQL: a UUID), not
    made a `uuid.UUID` by SQLAlchemy: pydantic validates either form, in Rust, faster."""
    return type_coerce(column, String).label(column.key)


_MEMBER_LIST = TypeAdapter(list[MemberRead])  # a page validated in one call
_READ = select(
    _stored(_MEMBERS.c.id),
    *(
        _MEMBERS.c[name]
        for name in ("display_name", "email", "title", "weekly_capacity_hours", "status")
    ),
    _stored(_MEMBERS.c.user_id),
    *(_MEMBERS.c[name] for name in ("access", "created_at", "updated_at", "version")),
)
_READ_ONE = _READ.where(
    _MEMBERS.c.id == bindparam("id"), _MEMBERS.c.workspace_id == bindparam("ws")
)
_READ_SKILLS = (
    select(
        _stored(_MEMBER_SKILLS.c.member_id),
        _stored(_MEMBER_SKILLS.c.skill_id),
        _SKILLS.c.key,
        _SKILLS.c.name,
        _MEMBER_SKILLS.c.level,
    )
    .join_from(_MEMBER_SKILLS, _SKILLS, _SKILLS.c.id == _MEMBER_SKILLS.c.skill_id)
    .where(_MEMBER_SKILLS.c.member_id.in_(_STORED_IDS))
    .order_by(_MEMBER_SKILLS.c.member_id, _MEMBER_SKILLS.c.skill_id)
)


def list_members(
    session: Session,
    *,
    ctx: WorkspaceContext,
    status: MemberStatus | None,
    skill_id: uuid.UUID | None,
    min_level: int,
    role_id: uuid.UUID | None,
    q: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[MemberRead], str | None]:
    members = _MEMBERS.c
    stmt = _READ.where(members.workspace_id == ctx.workspace_id)
    if status is not None:
        stmt = stmt.where(members.status == status)
    if skill_id is not None:
        stmt = stmt.where(
            exists().where(
                _MEMBER_SKILLS.c.member_id == members.id,
                _MEMBER_SKILLS.c.skill_id == skill_id,
                _MEMBER_SKILLS.c.level >= min_level,
            )
        )
    if role_id is not None:
        stmt = stmt.where(
            exists().where(
                Assignment.member_id == members.id,
                Assignment.role_id == role_id,
                Assignment.status == AssignmentStatus.active,
            )
        )
    if q:
        pattern = f"%{q.lower()}%"
        stmt = stmt.where(
            or_(
                func.lower(members.display_name).like(pattern),
                func.lower(members.email).like(pattern),
                func.lower(members.title).like(pattern),
            )
        )
    rows, next_cursor = paginate(
        session, stmt, order_by=(members.display_name, members.id), limit=limit, cursor=cursor
    )
    return _views(session.connection(), rows), next_cursor


def read(
    session: Session, *, ctx: WorkspaceContext, member_id: uuid.UUID
) -> tuple[MemberRead, int]:
    """The member as the API shows it, and its version (the ETag); 404 if not here."""
    connection = session.connection()
    row = connection.execute(_READ_ONE, {"id": member_id, "ws": ctx.workspace_id}).first()
    if row is None:
        raise NotFound(NOT_FOUND)
    return _views(connection, [row])[0], row.version


def _views(connection: Connection, rows: Sequence[Row[*tuple[Any, ...]]]) -> list[MemberRead]:
    if not rows:
        return []
    skills: defaultdict[Any, list[dict[str, Any]]] = defaultdict(list)
    for member_id, skill_id, key, name, level in connection.execute(
        _READ_SKILLS, {"ids": [row.id for row in rows]}
    ):
        skills[member_id].append({"skill_id": skill_id, "key": key, "name": name, "level": level})
    keys = rows[0]._fields
    return _MEMBER_LIST.validate_python(
        [{**dict(zip(keys, row, strict=True)), "skills": skills[row.id]} for row in rows]
    )


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
