"""Read skills: one Core select of the reply's columns."""

import uuid
from typing import cast

from sqlalchemy import Table, or_, select
from sqlalchemy.orm import Session

from app.core.errors import NotFound
from app.core.i18n import N_
from app.core.pagination import paginate
from app.core.permissions import WorkspaceContext
from app.core.reads import Reader, enum_text, id_text
from app.models import Skill
from app.models.enums import SkillCategory
from app.skills.schemas import SkillRead

NOT_FOUND = N_("Skill not found.")

_SKILLS = cast(Table, Skill.__table__)
_S = _SKILLS.c

_READ = select(
    id_text(_S.id),
    _S.key,
    _S.name,
    enum_text(_S.category),
    *(_S[name] for name in ("created_at", "updated_at", "version")),
)
_REPLIES = Reader(SkillRead)


def list_page(
    session: Session,
    *,
    ctx: WorkspaceContext,
    category: SkillCategory | None,
    q: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[SkillRead], str | None]:
    stmt = _READ.where(_S.workspace_id == ctx.workspace_id)
    if category is not None:
        stmt = stmt.where(_S.category == category)
    if q:
        pattern = f"%{q.lower()}%"
        stmt = stmt.where(or_(_S.key.ilike(pattern), _S.name.ilike(pattern)))
    rows, next_cursor = paginate(
        session, stmt, order_by=(_S.key, _S.id), limit=limit, cursor=cursor
    )
    return _REPLIES.many(rows), next_cursor


def read(session: Session, *, ctx: WorkspaceContext, skill_id: uuid.UUID) -> tuple[SkillRead, int]:
    """The skill as the API shows it, and its version (the ETag); 404 if not here."""
    row = (
        session.connection()
        .execute(_READ.where(_S.id == skill_id, _S.workspace_id == ctx.workspace_id))
        .first()
    )
    if row is None:
        raise NotFound(NOT_FOUND)
    return _REPLIES.one(row), row.version
