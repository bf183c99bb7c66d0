"""Read assignments: one Core select with the member, role, campaign and scope names."""

import uuid
from datetime import date
from typing import cast

from sqlalchemy import Table, bindparam, select
from sqlalchemy.orm import Session

from app.assignments.schemas import AssignmentRead
from app.core.errors import NotFound
from app.core.i18n import N_
from app.core.pagination import paginate
from app.core.permissions import WorkspaceContext
from app.core.reads import Reader, enum_text, id_text
from app.models import Assignment, Campaign, Member, Role, Scope
from app.models.enums import AssignmentStatus, Raci

NOT_FOUND = N_("Assignment not found.")

_ASSIGNMENTS = cast(Table, Assignment.__table__)
_MEMBERS = cast(Table, Member.__table__)
_ROLES = cast(Table, Role.__table__)
_CAMPAIGNS = cast(Table, Campaign.__table__)
_SCOPES = cast(Table, Scope.__table__)
_A = _ASSIGNMENTS.c

_READ = select(
    id_text(_A.id),
    id_text(_A.member_id),
    _MEMBERS.c.display_name.label("member_name"),
    id_text(_A.role_id),
    _ROLES.c.name.label("role_name"),
    id_text(_A.campaign_id),
    _CAMPAIGNS.c.name.label("campaign_name"),
    id_text(_A.scope_id),
    _SCOPES.c.name.label("scope_name"),
    enum_text(_A.raci),
    _A.allocation_percent,
    _A.starts_on,
    _A.ends_on,
    enum_text(_A.status),
    _A.note,
    _A.created_at,
    _A.updated_at,
    _A.version,
).select_from(
    _ASSIGNMENTS.join(_MEMBERS, _MEMBERS.c.id == _A.member_id)
    .join(_ROLES, _ROLES.c.id == _A.role_id)
    .outerjoin(_CAMPAIGNS, _CAMPAIGNS.c.id == _A.campaign_id)
    .outerjoin(_SCOPES, _SCOPES.c.id == _A.scope_id)
)
# Built once: a statement made per request costs more to key for the cache than to run.
_READ_ONE = _READ.where(_A.id == bindparam("id"), _A.workspace_id == bindparam("workspace_id"))
_REPLIES = Reader(AssignmentRead)


def list_page(
    session: Session,
    *,
    ctx: WorkspaceContext,
    member_id: uuid.UUID | None = None,
    role_id: uuid.UUID | None = None,
    campaign_id: uuid.UUID | None = None,
    scope_id: uuid.UUID | None = None,
    raci: Raci | None = None,
    status: AssignmentStatus | None = None,
    active_on: date | None = None,
    standing: bool | None = None,
    limit: int,
    cursor: str | None,
) -> tuple[list[AssignmentRead], str | None]:
    stmt = _READ.where(_A.workspace_id == ctx.workspace_id)
    equal = {
        _A.member_id: member_id,
        _A.role_id: role_id,
        _A.campaign_id: campaign_id,
        _A.scope_id: scope_id,
        _A.raci: raci,
        _A.status: status,
    }
    stmt = stmt.where(*(column == value for column, value in equal.items() if value is not None))
    if active_on is not None:
        stmt = stmt.where(
            _A.status == AssignmentStatus.active,
            _A.starts_on <= active_on,
            (_A.ends_on.is_(None)) | (_A.ends_on >= active_on),
        )
    if standing is not None:
        stmt = stmt.where(_A.campaign_id.is_(None) if standing else _A.campaign_id.is_not(None))
    rows, next_cursor = paginate(
        session, stmt, order_by=(_A.created_at, _A.id), limit=limit, cursor=cursor
    )
    return _REPLIES.many(rows), next_cursor


def read(
    session: Session, *, ctx: WorkspaceContext, assignment_id: uuid.UUID
) -> tuple[AssignmentRead, int]:
    """The assignment as the API shows it, and its version (the ETag); 404 if not here."""
    row = (
        session.connection()
        .execute(_READ_ONE, {"id": assignment_id, "workspace_id": ctx.workspace_id})
        .first()
    )
    if row is None:
        raise NotFound(NOT_FOUND)
    return _REPLIES.one(row), row.version
