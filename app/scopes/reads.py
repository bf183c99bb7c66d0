"""Read scopes: one statement for the scopes and one for the roles of all of them,
whatever the page size."""

import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Row, Table, select
from sqlalchemy.orm import Session

from app.core.errors import NotFound
from app.core.i18n import N_
from app.core.pagination import paginate
from app.core.permissions import WorkspaceContext
from app.core.reads import Reader, as_dicts, id_list, id_text
from app.models import Campaign, Scope, ScopeRole
from app.scopes.schemas import ScopeRead

NOT_FOUND = N_("Scope not found.")
CAMPAIGN_NOT_FOUND = N_("Campaign not found.")

_CAMPAIGNS = cast(Table, Campaign.__table__)
_SCOPES = cast(Table, Scope.__table__)
_SCOPE_ROLES = cast(Table, ScopeRole.__table__)
_S = _SCOPES.c

_READ = select(
    id_text(_S.id),
    id_text(_S.campaign_id),
    *(_S[name] for name in ("name", "description", "created_at", "updated_at", "version")),
)
_READ_ROLES = (
    select(id_text(_SCOPE_ROLES.c.scope_id), id_text(_SCOPE_ROLES.c.role_id))
    .where(_SCOPE_ROLES.c.scope_id.in_(id_list("ids")))
    .order_by(_SCOPE_ROLES.c.scope_id, _SCOPE_ROLES.c.role_id)
)
_REPLIES = Reader(ScopeRead)


def list_page(
    session: Session,
    *,
    ctx: WorkspaceContext,
    campaign_id: uuid.UUID,
    limit: int,
    cursor: str | None,
) -> tuple[list[ScopeRead], str | None]:
    """A page of the campaign's scopes; 404 if the campaign is not here."""
    campaign = select(_CAMPAIGNS.c.id).where(
        _CAMPAIGNS.c.id == campaign_id, _CAMPAIGNS.c.workspace_id == ctx.workspace_id
    )
    if session.connection().execute(campaign).first() is None:
        raise NotFound(CAMPAIGN_NOT_FOUND)
    stmt = _READ.where(_S.campaign_id == campaign_id, _S.workspace_id == ctx.workspace_id)
    rows, next_cursor = paginate(
        session, stmt, order_by=(_S.created_at, _S.id), limit=limit, cursor=cursor
    )
    return _replies(session, rows), next_cursor


def read(
    session: Session, *, ctx: WorkspaceContext, campaign_id: uuid.UUID, scope_id: uuid.UUID
) -> tuple[ScopeRead, int]:
    """The campaign's scope as the API shows it, and its version (the ETag); 404 if not
    here."""
    row = (
        session.connection()
        .execute(
            _READ.where(
                _S.id == scope_id,
                _S.campaign_id == campaign_id,
                _S.workspace_id == ctx.workspace_id,
            )
        )
        .first()
    )
    if row is None:
        raise NotFound(NOT_FOUND)
    return _replies(session, [row])[0], row.version


def _replies(session: Session, rows: Sequence[Row[*tuple[Any, ...]]]) -> list[ScopeRead]:
    if not rows:
        return []
    found = session.connection().execute(_READ_ROLES, {"ids": [row.id for row in rows]}).all()
    roles: defaultdict[Any, list[Any]] = defaultdict(list)
    for scope_id, role_id in found:
        roles[scope_id].append(role_id)
    return _REPLIES.many([{**row, "role_ids": roles[row["id"]]} for row in as_dicts(rows)])
