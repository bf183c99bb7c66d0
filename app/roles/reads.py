"""Read roles: one statement for the roles and one for the required skills of all of them,
whatever the page size."""

import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Row, Table, or_, select
from sqlalchemy.orm import Session

from app.core.errors import NotFound
from app.core.i18n import N_
from app.core.pagination import paginate
from app.core.permissions import WorkspaceContext
from app.core.reads import Reader, as_dicts, id_list, id_text
from app.models import Role, RoleRequiredSkill, Skill
from app.roles.schemas import RoleRead

NOT_FOUND = N_("Role not found.")

_ROLES = cast(Table, Role.__table__)
_REQUIRED = cast(Table, RoleRequiredSkill.__table__)
_SKILLS = cast(Table, Skill.__table__)
_R = _ROLES.c

_READ = select(
    id_text(_R.id),
    *(_R[name] for name in ("key", "name", "description", "responsibilities", "authorities")),
    *(_R[name] for name in ("created_at", "updated_at", "version")),
)
_READ_SKILLS = (
    select(
        id_text(_REQUIRED.c.role_id),
        id_text(_REQUIRED.c.skill_id),
        _SKILLS.c.key,
        _SKILLS.c.name,
        _REQUIRED.c.min_level,
    )
    .join_from(_REQUIRED, _SKILLS, _SKILLS.c.id == _REQUIRED.c.skill_id)
    .where(_REQUIRED.c.role_id.in_(id_list("ids")))
    .order_by(_REQUIRED.c.role_id, _REQUIRED.c.skill_id)
)
_REPLIES = Reader(RoleRead)


def list_page(
    session: Session, *, ctx: WorkspaceContext, q: str | None, limit: int, cursor: str | None
) -> tuple[list[RoleRead], str | None]:
    stmt = _READ.where(_R.workspace_id == ctx.workspace_id)
    if q:
        pattern = f"%{q.lower()}%"
        stmt = stmt.where(or_(_R.key.ilike(pattern), _R.name.ilike(pattern)))
    rows, next_cursor = paginate(
        session, stmt, order_by=(_R.created_at, _R.id), limit=limit, cursor=cursor
    )
    return _replies(session, rows), next_cursor


def read(session: Session, *, ctx: WorkspaceContext, role_id: uuid.UUID) -> tuple[RoleRead, int]:
    """The role as the API shows it, and its version (the ETag); 404 if not here."""
    row = (
        session.connection()
        .execute(_READ.where(_R.id == role_id, _R.workspace_id == ctx.workspace_id))
        .first()
    )
    if row is None:
        raise NotFound(NOT_FOUND)
    return _replies(session, [row])[0], row.version


def _replies(session: Session, rows: Sequence[Row[*tuple[Any, ...]]]) -> list[RoleRead]:
    if not rows:
        return []
    found = session.connection().execute(_READ_SKILLS, {"ids": [row.id for row in rows]}).all()
    skills: defaultdict[Any, list[dict[str, Any]]] = defaultdict(list)
    for skill in as_dicts(found):
        skills[skill["role_id"]].append(skill)
    return _REPLIES.many([{**row, "required_skills": skills[row["id"]]} for row in as_dicts(rows)])
