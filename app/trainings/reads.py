"""Read trainings: one Core select of `TrainingRead`'s columns, with the member's and the
skill's names by join."""

import uuid
from typing import cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from app.core.errors import NotFound
from app.core.i18n import N_
from app.core.pagination import paginate
from app.core.permissions import WorkspaceContext
from app.core.reads import Reader, id_text
from app.models import Member, Skill, Training
from app.trainings.schemas import TrainingRead

TRAINING_NOT_FOUND = N_("Training not found.")

_TRAININGS = cast(Table, Training.__table__)
_TRAINEES = cast(Table, Member.__table__).alias("trainee")
_SKILLS = cast(Table, Skill.__table__)
_T = _TRAININGS.c

_READ = select(
    id_text(_T.id),
    id_text(_T.member_id),
    _TRAINEES.c.display_name.label("member_name"),
    id_text(_T.skill_id),
    _SKILLS.c.name.label("skill_name"),
    _T.title,
    _T.provider,
    _T.starts_on,
    _T.ends_on,
    _T.hours,
    _T.level_before,
    _T.level_after,
    _T.evidence_url,
    _T.notes,
    _T.completed_on,
    id_text(_T.task_id),
    _T.created_at,
    _T.updated_at,
    _T.version,
).select_from(
    _TRAININGS.join(_TRAINEES, _TRAINEES.c.id == _T.member_id).outerjoin(
        _SKILLS, _SKILLS.c.id == _T.skill_id
    )
)
_REPLIES = Reader(TrainingRead)


def list_page(
    session: Session,
    *,
    ctx: WorkspaceContext,
    member_id: uuid.UUID | None = None,
    skill_id: uuid.UUID | None = None,
    completed: bool | None = None,
    limit: int,
    cursor: str | None,
) -> tuple[list[TrainingRead], str | None]:
    stmt = _READ.where(_T.workspace_id == ctx.workspace_id)
    if member_id is not None:
        stmt = stmt.where(_T.member_id == member_id)
    if skill_id is not None:
        stmt = stmt.where(_T.skill_id == skill_id)
    if completed is not None:
        done = _T.completed_on.is_not(None)
        stmt = stmt.where(done if completed else ~done)
    rows, next_cursor = paginate(
        session, stmt, order_by=(_T.created_at, _T.id), limit=limit, cursor=cursor
    )
    return _REPLIES.many(rows), next_cursor


def read(
    session: Session, *, ctx: WorkspaceContext, training_id: uuid.UUID
) -> tuple[TrainingRead, int]:
    """The training as the API shows it, and its version (the ETag); 404 if not here."""
    row = (
        session.connection()
        .execute(_READ.where(_T.id == training_id, _T.workspace_id == ctx.workspace_id))
        .first()
    )
    if row is None:
        raise NotFound(TRAINING_NOT_FOUND)
    return _REPLIES.one(row), row.version
