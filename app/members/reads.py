"""Read members: one statement for the members and one for the skills of all of them,
whatever the page size."""

import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Row, Table, exists, func, or_, select
from sqlalchemy.orm import Session

from app.core.errors import NotFound
from app.core.i18n import N_
from app.core.pagination import paginate
from app.core.permissions import WorkspaceContext
from app.core.reads import Reader, id_list, id_text
from app.members.schemas import MemberRead
from app.models import Assignment, Member, MemberSkill, Skill
from app.models.enums import AssignmentStatus, MemberStatus

NOT_FOUND = N_("Member not found.")

_MEMBERS = cast(Table, Member.__table__)
_MEMBER_SKILLS = cast(Table, MemberSkill.__table__)
_SKILLS = cast(Table, Skill.__table__)
_M = _MEMBERS.c

_READ = select(
    id_text(_M.id),
    *(_M[name] for name in ("display_name", "email", "title", "weekly_capacity_hours", "status")),
    id_text(_M.user_id),
    *(_M[name] for name in ("access", "created_at", "updated_at", "version")),
)
_READ_SKILLS = (
    select(
        id_text(_MEMBER_SKILLS.c.member_id),
        id_text(_MEMBER_SKILLS.c.skill_id),
        _SKILLS.c.key,
        _SKILLS.c.name,
        _MEMBER_SKILLS.c.level,
    )
    .join_from(_MEMBER_SKILLS, _SKILLS, _SKILLS.c.id == _MEMBER_SKILLS.c.skill_id)
    .where(_MEMBER_SKILLS.c.member_id.in_(id_list("ids")))
    .order_by(_MEMBER_SKILLS.c.member_id, _MEMBER_SKILLS.c.skill_id)
)
_REPLIES = Reader(MemberRead)


def list_page(
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
    stmt = _READ.where(_M.workspace_id == ctx.workspace_id)
    if status is not None:
        stmt = stmt.where(_M.status == status)
    if skill_id is not None:
        stmt = stmt.where(
            exists().where(
                _MEMBER_SKILLS.c.member_id == _M.id,
                _MEMBER_SKILLS.c.skill_id == skill_id,
                _MEMBER_SKILLS.c.level >= min_level,
            )
        )
    if role_id is not None:
        stmt = stmt.where(
            exists().where(
                Assignment.member_id == _M.id,
                Assignment.role_id == role_id,
                Assignment.status == AssignmentStatus.active,
            )
        )
    if q:
        pattern = f"%{q.lower()}%"
        stmt = stmt.where(
            or_(
                func.lower(_M.display_name).like(pattern),
                func.lower(_M.email).like(pattern),
                func.lower(_M.title).like(pattern),
            )
        )
    rows, next_cursor = paginate(
        session, stmt, order_by=(_M.display_name, _M.id), limit=limit, cursor=cursor
    )
    return _replies(session, rows), next_cursor


def read(
    session: Session, *, ctx: WorkspaceContext, member_id: uuid.UUID
) -> tuple[MemberRead, int]:
    """The member as the API shows it, and its version (the ETag); 404 if not here."""
    row = (
        session.connection()
        .execute(_READ.where(_M.id == member_id, _M.workspace_id == ctx.workspace_id))
        .first()
    )
    if row is None:
        raise NotFound(NOT_FOUND)
    return _replies(session, [row])[0], row.version


def _replies(session: Session, rows: Sequence[Row[*tuple[Any, ...]]]) -> list[MemberRead]:
    if not rows:
        return []
    skills: defaultdict[Any, list[Any]] = defaultdict(list)
    for skill in session.connection().execute(_READ_SKILLS, {"ids": [row.id for row in rows]}):
        skills[skill.member_id].append(skill)
    return _REPLIES.many([{**row._mapping, "skills": skills[row.id]} for row in rows])
